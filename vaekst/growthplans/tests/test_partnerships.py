import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.growthplans.choices import PartnershipStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.selectors import visible_partnerships
from vaekst.growthplans.services import (
    InvalidTransition,
    accept_as_firm,
    accept_as_house,
    end_partnership,
    fulfil_partnership,
    propose_partnership,
)


def _propose(personas: Personas, plan: GrowthPlan) -> GrowthPartnership:
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan,
        firm_commitment="10 nye job inden 2027",
        house_commitment="Sparring og introduktion til kapital",
        firm_milestones=plan.milestones.all(),
    )


def test_partnership_becomes_active_when_both_sides_accept(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    partnership = _propose(personas, plan_a)
    assert partnership.status == PartnershipStatus.DRAFT
    partnership = accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    assert partnership.status == PartnershipStatus.DRAFT
    partnership = accept_as_house(actor=personas.a.manager, partnership=partnership)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership.firm_accepted_by == personas.a.company_user
    assert partnership.house_accepted_by == personas.a.manager
    assert partnership.activated_at is not None and partnership.starts_on is not None
    assert partnership.firm_milestones.count() == 3


def test_fulfil_and_end(personas: Personas, plan_a: GrowthPlan) -> None:
    partnership = _propose(personas, plan_a)
    with pytest.raises(InvalidTransition):
        fulfil_partnership(actor=personas.a.consultant, partnership=partnership)
    accept_as_house(actor=personas.a.consultant, partnership=partnership)
    accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    partnership = fulfil_partnership(actor=personas.a.consultant, partnership=partnership)
    assert partnership.status == PartnershipStatus.FULFILLED
    with pytest.raises(InvalidTransition):
        end_partnership(actor=personas.a.consultant, partnership=partnership, reason="x")
    # a new one may be proposed once the earlier is closed; ending needs a reason
    second = _propose(personas, plan_a)
    with pytest.raises(ValidationError):
        end_partnership(actor=personas.a.consultant, partnership=second, reason=" ")
    second = end_partnership(actor=personas.a.consultant, partnership=second, reason="Solgt")
    assert (second.status, second.ended_reason) == (PartnershipStatus.ENDED, "Solgt")


def test_invalid_transitions_raise(personas: Personas, plan_a: GrowthPlan) -> None:
    partnership = _propose(personas, plan_a)
    with pytest.raises(InvalidTransition):
        _propose(personas, plan_a)
    accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    with pytest.raises(InvalidTransition):
        accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    end_partnership(actor=personas.a.consultant, partnership=partnership, reason="Pause")
    with pytest.raises(InvalidTransition):
        accept_as_house(actor=personas.a.consultant, partnership=partnership)


def test_strangers_cannot_accept(personas: Personas, plan_a: GrowthPlan) -> None:
    partnership = _propose(personas, plan_a)
    for actor in (personas.b.company_user, personas.a.consultant, personas.partner_advisor):
        with pytest.raises(PermissionDenied):
            accept_as_firm(actor=actor, partnership=partnership)
    for actor in (
        personas.b.consultant,
        personas.a.company_user,
        personas.partner_advisor,
        personas.national_admin,
    ):
        with pytest.raises(PermissionDenied):
            accept_as_house(actor=actor, partnership=partnership)
    with pytest.raises(PermissionDenied):
        propose_partnership(
            actor=personas.b.consultant, plan=plan_a, firm_commitment="", house_commitment=""
        )
    partnership.refresh_from_db()
    assert partnership.firm_accepted_at is None and partnership.house_accepted_at is None
    assert GrowthPartnership.objects.count() == 1


def test_partnership_visibility(personas: Personas, plan_a: GrowthPlan) -> None:
    partnership = _propose(personas, plan_a)
    assert list(visible_partnerships(personas.a.company_user)) == [partnership]
    assert list(visible_partnerships(personas.national_admin)) == [partnership]
    for user in (personas.b.consultant, personas.b.company_user, personas.partner_advisor):
        assert not visible_partnerships(user).exists()


def test_municipal_consultant_cannot_sign_for_the_house(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given a draft the firm has accepted, and the firm's own municipal consultant, who works
    # on the plan but is not the growth house's staff
    partnership = _propose(personas, plan_a)
    accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    # when the municipal consultant tries to accept for the house
    with pytest.raises(PermissionDenied):
        accept_as_house(actor=personas.a.municipal_consultant, partnership=partnership)
    # then nothing changed: the house has not accepted and the partnership is still a draft
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.DRAFT
    assert partnership.house_accepted_by is None and partnership.house_accepted_at is None
    assert partnership.activated_at is None
    # and the house's own consultant still may
    partnership = accept_as_house(actor=personas.a.consultant, partnership=partnership)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership.house_accepted_by == personas.a.consultant


def _active(personas: Personas, plan: GrowthPlan) -> GrowthPartnership:
    partnership = _propose(personas, plan)
    accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    return accept_as_house(actor=personas.a.consultant, partnership=partnership)


def test_outsiders_cannot_mark_a_partnership_fulfilled(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given an active partnership
    partnership = _active(personas, plan_a)
    # when people outside the firm's area try to mark it fulfilled
    for actor in (
        personas.b.consultant,
        personas.b.manager,
        personas.b.municipal_consultant,
        personas.b.company_user,
        personas.partner_advisor,
    ):
        with pytest.raises(PermissionDenied):
            fulfil_partnership(actor=actor, partnership=partnership)
    # then it is still active and not closed
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership.closed_at is None and partnership.closed_by is None


def test_the_firms_user_cannot_fulfil_or_end_its_partnership(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given an active partnership of the firm
    partnership = _active(personas, plan_a)
    firm = personas.a.company_user
    # when the firm's own user tries to close it either way
    with pytest.raises(PermissionDenied):
        fulfil_partnership(actor=firm, partnership=partnership)
    with pytest.raises(PermissionDenied):
        end_partnership(actor=firm, partnership=partnership, reason="Vi stopper")
    # then nothing changed
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE
    assert (partnership.closed_at, partnership.closed_by, partnership.ended_reason) == (
        None,
        None,
        "",
    )


def test_outsiders_cannot_end_a_partnership(personas: Personas, plan_a: GrowthPlan) -> None:
    partnership = _propose(personas, plan_a)
    for actor in (personas.b.consultant, personas.b.company_user, personas.partner_advisor):
        with pytest.raises(PermissionDenied):
            end_partnership(actor=actor, partnership=partnership, reason="x")
    partnership.refresh_from_db()
    assert (partnership.status, partnership.ended_reason) == (PartnershipStatus.DRAFT, "")
