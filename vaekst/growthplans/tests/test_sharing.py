import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import Personas
from vaekst.growthplans.models import CompanyInvitation, GrowthPlan, PlanShare
from vaekst.growthplans.selectors import get_plan, plan_content, visible_mappings, visible_plans
from vaekst.growthplans.services import (
    accept_invitation,
    invite_colleague,
    share_with_partner,
    withdraw_share,
)
from vaekst.organisations.scoping import visible_to
from vaekst.register.models import Company


def test_partner_without_consent_sees_nothing(personas: Personas, plan_a: GrowthPlan) -> None:
    advisor = personas.partner_advisor
    assert not visible_plans(advisor).exists()
    assert not visible_to(advisor, Company.objects.all()).exists()
    with pytest.raises(Http404):
        get_plan(advisor, plan_a.public_id)


def test_partner_sees_only_the_shared_parts(personas: Personas, plan_a: GrowthPlan) -> None:
    # given the firm shares goals and milestones, not actions or the mapping
    share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner, actions=False
    )
    advisor = personas.partner_advisor
    # then
    assert get_plan(advisor, plan_a.public_id) == plan_a
    content = plan_content(advisor, plan_a)
    assert (len(content.goals), len(content.milestones), len(content.actions)) == (2, 3, 0)
    assert not visible_mappings(advisor).exists()
    assert list(visible_to(advisor, Company.objects.all())) == [personas.a.company]
    assert not visible_plans(personas.b.company_user).exists()


def test_withdrawn_consent_leaves_the_partner_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    share = share_with_partner(
        actor=personas.a.company_user,
        plan=plan_a,
        organisation=personas.partner,
        actions=True,
        mapping=True,
    )
    advisor = personas.partner_advisor
    assert visible_mappings(advisor).count() == 1
    # when
    withdraw_share(actor=personas.a.company_user, share=share)
    # then
    assert not visible_plans(advisor).exists()
    assert not visible_to(advisor, Company.objects.all()).exists()
    assert not visible_mappings(advisor).exists()
    content = plan_content(advisor, plan_a)
    assert (content.goals, content.milestones, content.actions) == ([], [], [])
    with pytest.raises(Http404):
        get_plan(advisor, plan_a.public_id)
    with pytest.raises(ValidationError):
        withdraw_share(actor=personas.a.company_user, share=share)


def test_only_the_firm_shares_and_withdraws(personas: Personas, plan_a: GrowthPlan) -> None:
    for actor in (personas.a.consultant, personas.b.company_user, personas.partner_advisor):
        with pytest.raises(PermissionDenied):
            share_with_partner(actor=actor, plan=plan_a, organisation=personas.partner)
    assert not PlanShare.objects.exists()
    share = share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner
    )
    with pytest.raises(PermissionDenied):
        withdraw_share(actor=personas.b.company_user, share=share)
    share.refresh_from_db()
    assert share.is_active


def test_plan_cannot_be_shared_with_a_house(personas: Personas, plan_a: GrowthPlan) -> None:
    with pytest.raises(ValidationError):
        share_with_partner(
            actor=personas.a.company_user, plan=plan_a, organisation=personas.b.house
        )


def test_colleague_invitation_makes_a_user_of_the_firm(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    invitation, token = invite_colleague(actor=personas.a.company_user, email="Kol@Firma.dk")
    assert invitation.email == "kol@firma.dk" and token not in invitation.token_hash
    user = accept_invitation(raw_token=token, username="kollega", password="langt-hemmeligt-1")
    assert user.company_membership.company == personas.a.company
    assert list(visible_plans(user)) == [plan_a]
    with pytest.raises(ValidationError):
        accept_invitation(raw_token=token, username="igen", password="langt-hemmeligt-1")


def test_only_firm_users_invite(personas: Personas) -> None:
    for actor in (personas.a.consultant, personas.partner_advisor):
        with pytest.raises(PermissionDenied):
            invite_colleague(actor=actor, email="x@y.dk")
    assert not CompanyInvitation.objects.exists()
