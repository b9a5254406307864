import pytest
from django.core.exceptions import PermissionDenied

from conftest import Personas
from vaekst.accounts.services import create_user
from vaekst.growthplans.choices import OutcomeKind, ReferralStatus
from vaekst.growthplans.models import GrowthPlan, Referral
from vaekst.growthplans.selectors import incoming_referrals, visible_referrals
from vaekst.growthplans.services import (
    InvalidTransition,
    complete_referral,
    refer_from_action,
    respond_to_referral,
)
from vaekst.organisations.choices import OrganisationKind, PartnerKind, Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import visible_to
from vaekst.register.models import Company


def _refer(personas: Personas, plan: GrowthPlan) -> Referral:
    action = plan.actions.get(title="Introducér til bank")
    return refer_from_action(actor=personas.a.consultant, action=action, note="Lån til sælger")


def test_referral_from_action_to_partner_and_its_outcome(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    referral = _refer(personas, plan_a)
    advisor = personas.partner_advisor
    assert list(incoming_referrals(advisor)) == [referral]
    # the partner sees the referred firm, though no plan is shared
    assert list(visible_to(advisor, Company.objects.all())) == [personas.a.company]
    referral = respond_to_referral(actor=advisor, referral=referral, accept=True)
    assert referral.status == ReferralStatus.ACCEPTED
    referral = complete_referral(
        actor=advisor,
        referral=referral,
        outcome_kind=OutcomeKind.CAPITAL_RAISED,
        outcome_amount=1_500_000,
    )
    assert (referral.status, referral.outcome_amount) == (ReferralStatus.COMPLETED, 1_500_000)
    assert referral.source_action is not None and referral.to_organisation == personas.partner


def test_declined_referral_cannot_be_completed(personas: Personas, plan_a: GrowthPlan) -> None:
    referral = _refer(personas, plan_a)
    respond_to_referral(actor=personas.partner_advisor, referral=referral, accept=False)
    with pytest.raises(InvalidTransition):
        complete_referral(
            actor=personas.partner_advisor, referral=referral, outcome_kind=OutcomeKind.OTHER
        )
    with pytest.raises(InvalidTransition):
        respond_to_referral(actor=personas.partner_advisor, referral=referral, accept=True)


def test_only_the_receiver_answers(personas: Personas, plan_a: GrowthPlan) -> None:
    referral = _refer(personas, plan_a)
    for actor in (personas.a.consultant, personas.a.company_user, personas.b.consultant):
        with pytest.raises(PermissionDenied):
            respond_to_referral(actor=actor, referral=referral, accept=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_referral_visibility(personas: Personas, plan_a: GrowthPlan) -> None:
    referral = _refer(personas, plan_a)
    assert list(visible_referrals(personas.a.company_user)) == [referral]
    assert list(visible_referrals(personas.a.manager)) == [referral]
    assert not visible_referrals(personas.b.consultant).exists()
    assert not visible_referrals(personas.b.company_user).exists()


def test_only_the_receiver_completes_a_referral(personas: Personas, plan_a: GrowthPlan) -> None:
    # given a referral the partner has accepted
    referral = _refer(personas, plan_a)
    respond_to_referral(actor=personas.partner_advisor, referral=referral, accept=True)
    other_partner = Organisation.objects.create(
        name="Sydbank Erhverv", kind=OrganisationKind.PARTNER, partner_kind=PartnerKind.BANK
    )
    other_advisor = create_user(
        username="advisor_other",
        password="x-not-used-x",  # noqa: S106
        organisation=other_partner,
        role=Role.PARTNER_ADVISOR,
    )
    # when anyone but the receiving organisation tries to complete it
    for actor in (
        personas.a.consultant,  # the sender
        personas.a.manager,
        personas.a.company_user,  # the firm itself
        personas.b.consultant,
        personas.national_admin,
        other_advisor,  # another partner
    ):
        with pytest.raises(PermissionDenied):
            complete_referral(
                actor=actor,
                referral=referral,
                outcome_kind=OutcomeKind.CAPITAL_RAISED,
                outcome_amount=1_000_000,
            )
    # then it is still accepted, with no outcome
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert (referral.completed_at, referral.outcome_kind, referral.outcome_amount) == (
        None,
        "",
        None,
    )
