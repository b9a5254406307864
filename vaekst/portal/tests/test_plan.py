"""The firm works on its plan: milestone progress and its own actions (revision in every
form; a stale one is refused with an alert and nothing changes), comments, and accepting
the partnership. Other firms' users, staff and partners are refused and nothing changes."""

import pytest

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind, MilestoneStatus, PartnershipStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, PlanComment
from vaekst.growthplans.services import share_with_partner
from vaekst.portal.tests.conftest import logged_in


def _milestone(plan: GrowthPlan):  # type: ignore[no-untyped-def]
    return plan.milestones.get(title="Sælger ansat")


def _firm_action(plan: GrowthPlan):  # type: ignore[no-untyped-def]
    return plan.actions.get(owner_kind=ActionOwnerKind.FIRM)


def test_plan_page_shows_forms_with_the_revision(personas: Personas, plan_a: GrowthPlan) -> None:
    response = logged_in(personas.a.company_user).get("/portal/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="revision" value="4"') == 4  # three milestones, one firm action
    house_action = plan_a.actions.get(owner_kind=ActionOwnerKind.CAPITAL_SOURCE)
    assert f"/portal/plan/aktivitet/{house_action.public_id}/" not in html
    assert "Introducér til bank" in html


def test_firm_ticks_a_milestone(personas: Personas, plan_a: GrowthPlan) -> None:
    milestone = _milestone(plan_a)
    # when
    response = logged_in(personas.a.company_user).post(
        f"/portal/plan/milepael/{milestone.public_id}/",
        {"revision": 4, "status": MilestoneStatus.DONE, "progress": 40, "progress_note": "Ok"},
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/portal/plan/#milestone-{milestone.public_id}"
    milestone.refresh_from_db()
    plan_a.refresh_from_db()
    assert (milestone.status, milestone.progress, milestone.progress_note) == ("done", 100, "Ok")
    assert (plan_a.revision, plan_a.updated_by) == (5, personas.a.company_user)
    assert plan_a.versions.get(number=5).created_by == personas.a.company_user


def test_stale_revision_is_refused_with_an_alert_and_nothing_changes(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    milestone = _milestone(plan_a)
    # when the firm saves from revision 3 while the plan is at 4
    response = logged_in(personas.a.company_user).post(
        f"/portal/plan/milepael/{milestone.public_id}/",
        {"revision": 3, "status": MilestoneStatus.IN_PROGRESS, "progress": 50},
    )
    # then
    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="alert alert-error alert--paragraph" role="alert"' in html
    assert "Din ændring blev ikke gemt" in html
    assert "Planen er ændret af consultant_a" in html
    milestone.refresh_from_db()
    plan_a.refresh_from_db()
    assert (milestone.status, milestone.progress, plan_a.revision) == ("planned", 0, 4)


def test_firm_sets_its_own_action_status(personas: Personas, plan_a: GrowthPlan) -> None:
    action = _firm_action(plan_a)
    response = logged_in(personas.a.company_user).post(
        f"/portal/plan/aktivitet/{action.public_id}/", {"revision": 4, "status": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    plan_a.refresh_from_db()
    assert (action.status, action.completed_on is not None, plan_a.revision) == ("done", True, 5)


def test_firm_cannot_change_an_action_owned_by_others(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    action = plan_a.actions.get(owner_kind=ActionOwnerKind.CAPITAL_SOURCE)
    response = logged_in(personas.a.company_user).post(
        f"/portal/plan/aktivitet/{action.public_id}/", {"revision": 4, "status": "done"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    plan_a.refresh_from_db()
    assert (action.status, plan_a.revision) == ("open", 4)


@pytest.mark.parametrize("kind", ["milestone", "action"])
def test_other_firms_user_cannot_change_the_plan(
    personas: Personas, plan_a: GrowthPlan, kind: str
) -> None:
    if kind == "milestone":
        path = f"/portal/plan/milepael/{_milestone(plan_a).public_id}/"
        data = {"revision": 4, "status": "done", "progress": 100}
    else:
        path = f"/portal/plan/aktivitet/{_firm_action(plan_a).public_id}/"
        data = {"revision": 4, "status": "done"}
    response = logged_in(personas.b.company_user).post(path, data)
    assert response.status_code == 404
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert not plan_a.milestones.filter(status="done").exists()
    assert not plan_a.actions.filter(status="done").exists()


def test_partner_with_consent_still_cannot_change_the_plan(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner, actions=True
    )
    path = f"/portal/plan/milepael/{_milestone(plan_a).public_id}/"
    response = logged_in(personas.partner_advisor).post(path, {"revision": 4, "status": "done"})
    assert response.status_code == 403
    plan_a.refresh_from_db()
    assert plan_a.revision == 4


def test_firm_comments_on_its_plan(personas: Personas, plan_a: GrowthPlan) -> None:
    client = logged_in(personas.a.company_user)
    response = client.post("/portal/plan/kommentar/", {"body": "Vi har ansat en sælger."})
    assert (response.status_code, response["Location"]) == (302, "/portal/plan/#comments")
    comment = PlanComment.objects.get(plan=plan_a)
    assert (comment.author, comment.body) == (personas.a.company_user, "Vi har ansat en sælger.")
    assert "Vi har ansat en sælger." in client.get("/portal/plan/").content.decode()
    # an empty comment is refused and nothing is added
    assert client.post("/portal/plan/kommentar/", {"body": " "}).status_code == 400
    assert PlanComment.objects.count() == 1


def test_firm_accepts_the_partnership_with_a_confirmation(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    client = logged_in(personas.a.company_user)
    path = f"/portal/partnerskab/{partnership_a.public_id}/"
    page = client.get(path)
    assert page.status_code == 200
    assert "Ansætte en sælger og afrapportere hvert kvartal." in page.content.decode()
    # without the confirmation nothing happens
    assert client.post(path, {}).status_code == 400
    partnership_a.refresh_from_db()
    assert partnership_a.firm_accepted_at is None
    # when
    response = client.post(path, {"confirm": "on"})
    # then
    assert (response.status_code, response["Location"]) == (302, path)
    partnership_a.refresh_from_db()
    assert partnership_a.firm_accepted_by == personas.a.company_user
    assert partnership_a.status == PartnershipStatus.DRAFT  # until the house accepts too
    assert "Afventer jer" not in client.get(path).content.decode()
    # accepting twice is refused
    client.post(path, {"confirm": "on"})
    partnership_a.refresh_from_db()
    assert partnership_a.firm_accepted_by == personas.a.company_user


def test_other_firms_user_cannot_see_or_accept_the_partnership(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    path = f"/portal/partnerskab/{partnership_a.public_id}/"
    client = logged_in(personas.b.company_user)
    assert client.get(path).status_code == 404
    assert client.post(path, {"confirm": "on"}).status_code == 404
    assert logged_in(personas.partner_advisor).post(path, {"confirm": "on"}).status_code == 403
    partnership_a.refresh_from_db()
    assert partnership_a.firm_accepted_at is None
