"""The demo seeds firms in every state in both demo areas, once."""

import pytest

from conftest import make_company
from vaekst.accounts.models import User
from vaekst.growthplans.choices import OutcomeKind, PartnershipStatus, ReferralStatus
from vaekst.growthplans.demo import seed_plans
from vaekst.growthplans.models import (
    GrowthPartnership,
    GrowthPlan,
    Mapping,
    PlanShare,
    PlanVersion,
    Referral,
)
from vaekst.growthplans.selectors import overdue_items, previous_mapping, visible_plans
from vaekst.growthplans.terms import partnership_terms
from vaekst.register.models import CompanyMembership
from vaekst.web.demo import seed_demo


@pytest.fixture
def demo(db: None) -> None:
    for seed, municipality in enumerate([101] * 8 + [751] * 8):
        make_company(
            municipality_code=municipality,
            name=f"Demo {seed} ApS",
            rng_seed=300 + seed,
            employees=5.0 + seed,
        )
    seed_demo(interactions_per_area=1)


def _counts() -> dict[str, int]:
    models = [
        Mapping,
        GrowthPlan,
        PlanVersion,
        GrowthPartnership,
        Referral,
        PlanShare,
        CompanyMembership,
        User,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


def test_demo_seeds_every_state_once(demo: None) -> None:
    # when
    assert seed_plans() == 14
    # then each area has a firm mapped only, one with a plan, and partnerships in every state
    assert Mapping.objects.count() == 18
    assert GrowthPlan.objects.count() == 12
    statuses = sorted(GrowthPartnership.objects.values_list("status", flat=True))
    assert statuses == (
        [PartnershipStatus.ACTIVE] * 2
        + [PartnershipStatus.DRAFT] * 2
        + [PartnershipStatus.ENDED] * 2
        + [PartnershipStatus.FULFILLED] * 2
    )
    assert GrowthPartnership.objects.exclude(accepted_revision=None).count() == 6
    # referrals in every state, the completed ones with the capital raised
    referrals = sorted(Referral.objects.values_list("status", "outcome_kind", "outcome_amount"))
    assert referrals == [
        (ReferralStatus.ACCEPTED, "", None),
        (ReferralStatus.ACCEPTED, "", None),
        (ReferralStatus.COMPLETED, OutcomeKind.CAPITAL_RAISED, 2_500_000),
        (ReferralStatus.COMPLETED, OutcomeKind.CAPITAL_RAISED, 2_500_000),
        (ReferralStatus.DECLINED, "", None),
        (ReferralStatus.DECLINED, "", None),
        (ReferralStatus.SENT, "", None),
        (ReferralStatus.SENT, "", None),
    ]
    # a share in force with the bank, a withdrawn one with the accountants
    assert PlanShare.objects.active().count() == 2
    assert PlanShare.objects.exclude(withdrawn_at=None).count() == 2
    assert visible_plans(User.objects.get(username="bank")).count() == 2
    assert not visible_plans(User.objects.get(username="raadgiver")).exists()
    # the demo firm has two mappings, so its radar compares with the previous one
    own_firm = CompanyMembership.objects.get(user__username="virksomhed_kbh").company
    latest = Mapping.objects.filter(company=own_firm).order_by("-held_on").first()
    assert latest is not None and previous_mapping(latest) is not None
    # its active partnership shows a date moved since acceptance
    active = GrowthPartnership.objects.get(plan__company=own_firm, status=PartnershipStatus.ACTIVE)
    changes = partnership_terms(active).changes
    assert len(changes) == 1 and changes[0].startswith("Milepæl ændret: Salgschef ansat (Dato: ")
    consultant = User.objects.get(username="konsulent_kbh")
    assert overdue_items(consultant, mine_only=True)
    # when run again, nothing changes
    before = _counts()
    assert seed_plans() == 0
    assert _counts() == before
