"""Sharing chosen parts of the plan with a partner (consent) and withdrawing it, and
inviting colleagues, who create their own firm user on the invitation page (once)."""

import re
from typing import Any

from conftest import Personas
from vaekst.accounts.models import User
from vaekst.growthplans.models import CompanyInvitation, GrowthPlan, PlanShare
from vaekst.growthplans.selectors import plan_content, visible_plans
from vaekst.growthplans.services import share_with_partner
from vaekst.organisations.choices import Role
from vaekst.portal.tests.conftest import logged_in
from vaekst.register.models import CompanyMembership


def test_firm_shares_chosen_parts_with_a_partner(personas: Personas, plan_a: GrowthPlan) -> None:
    client = logged_in(personas.a.company_user)
    # when
    response = client.post(
        "/portal/deling/",
        {"organisation": str(personas.partner.public_id), "milestones": "on"},
    )
    # then
    assert (response.status_code, response["Location"]) == (302, "/portal/deling/")
    share = PlanShare.objects.get()
    assert (share.plan, share.organisation, share.granted_by) == (
        plan_a,
        personas.partner,
        personas.a.company_user,
    )
    assert share.parts == ["milestones"]
    content = plan_content(personas.partner_advisor, plan_a)
    assert (len(content.goals), len(content.milestones), len(content.actions)) == (0, 3, 0)
    page = client.get("/portal/deling/").content.decode()
    assert "Nordbank Erhverv" in page and "firm_a, " in page


def test_sharing_nothing_is_refused(personas: Personas, plan_a: GrowthPlan) -> None:
    response = logged_in(personas.a.company_user).post(
        "/portal/deling/", {"organisation": str(personas.partner.public_id)}
    )
    assert response.status_code == 400
    assert "Vælg mindst én del af planen." in response.content.decode()
    assert not PlanShare.objects.exists()


def test_withdrawn_consent_leaves_the_partner_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    share = share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner, actions=True
    )
    assert visible_plans(personas.partner_advisor).count() == 1
    client = logged_in(personas.a.company_user)
    # when
    response = client.post(f"/portal/deling/{share.public_id}/tilbagekald/")
    # then
    assert response.status_code == 302
    share.refresh_from_db()
    assert (share.withdrawn_by, share.is_active) == (personas.a.company_user, False)
    assert not visible_plans(personas.partner_advisor).exists()
    content = plan_content(personas.partner_advisor, plan_a)
    assert (content.goals, content.milestones, content.actions) == ([], [], [])
    assert "Trukket tilbage" in client.get("/portal/deling/").content.decode()


def test_other_firms_user_cannot_withdraw_or_see_the_share(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    share = share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner
    )
    response = logged_in(personas.b.company_user).post(
        f"/portal/deling/{share.public_id}/tilbagekald/"
    )
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.is_active
    # the partner itself cannot withdraw the firm's consent
    response = logged_in(personas.partner_advisor).post(
        f"/portal/deling/{share.public_id}/tilbagekald/"
    )
    assert response.status_code == 403
    share.refresh_from_db()
    assert share.is_active


def _invite(personas: Personas, mailoutbox: Any) -> str:
    client = logged_in(personas.a.company_user)
    response = client.post("/portal/kolleger/", {"email": "Kollega@Firma-A.dk"})
    assert (response.status_code, response["Location"]) == (302, "/portal/kolleger/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["kollega@firma-a.dk"]
    match = re.search(r"http://testserver(/portal/invitation/[\w-]+/)", mailoutbox[0].body)
    assert match is not None
    return match.group(1)


def test_invited_colleague_becomes_a_user_of_the_same_firm_once(
    personas: Personas, client: Any, mailoutbox: Any
) -> None:
    path = _invite(personas, mailoutbox)
    # when the colleague opens the link and chooses a username and password
    page = client.get(path)
    assert page.status_code == 200
    assert "Firma A ApS" in page.content.decode()
    response = client.post(
        path,
        {
            "first_name": "Karin",
            "last_name": "Kollega",
            "username": "karin",
            "password1": "en-lang-og-god-adgangskode",
            "password2": "en-lang-og-god-adgangskode",
        },
    )
    # then
    assert (response.status_code, response["Location"]) == (302, "/konto/login/")
    user = User.objects.get(username="karin")
    assert (user.role, user.email, user.check_password("en-lang-og-god-adgangskode")) == (
        Role.COMPANY_USER,
        "kollega@firma-a.dk",
        True,
    )
    assert CompanyMembership.objects.get(user=user).company == personas.a.company
    assert CompanyInvitation.objects.get().accepted_user == user
    # and the token cannot be used again
    users = User.objects.count()
    assert client.get(path).status_code == 404
    again = client.post(
        path,
        {"username": "karin2", "password1": "anden-lang-kode", "password2": "anden-lang-kode"},
    )
    assert again.status_code == 404
    assert User.objects.count() == users


def test_invitation_with_a_taken_username_creates_nothing(
    personas: Personas, client: Any, mailoutbox: Any
) -> None:
    path = _invite(personas, mailoutbox)
    users = User.objects.count()
    response = client.post(
        path,
        {"username": "firm_b", "password1": "lang-og-god-kode", "password2": "lang-og-god-kode"},
    )
    assert response.status_code == 400
    assert "Brugernavnet er optaget" in response.content.decode()
    assert User.objects.count() == users
    assert CompanyInvitation.objects.get().accepted_at is None


def test_unknown_token_is_refused(client: Any, db: Any) -> None:
    response = client.get("/portal/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert "Invitationen er ugyldig" in response.content.decode()


def test_only_firms_users_invite(personas: Personas, mailoutbox: Any) -> None:
    response = logged_in(personas.a.consultant).post("/portal/kolleger/", {"email": "x@y.dk"})
    assert response.status_code == 403
    assert (CompanyInvitation.objects.count(), len(mailoutbox)) == (0, 0)
