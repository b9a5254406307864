"""The demo seeds firms in every state in both demo areas, once."""

import pytest

from conftest import make_company
from vaekst.accounts.models import User
from vaekst.growthplans.choices import PartnershipStatus
from vaekst.growthplans.demo import seed_plans
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, Mapping, Referral
from vaekst.growthplans.selectors import overdue_items, visible_plans
from vaekst.web.demo import seed_demo


@pytest.fixture
def demo(db: None) -> None:
    for seed, municipality in enumerate([101] * 6 + [751] * 6):
        make_company(
            municipality_code=municipality,
            name=f"Demo {seed} ApS",
            rng_seed=300 + seed,
            employees=5.0 + seed,
        )
    seed_demo(interactions_per_area=1)


def test_demo_seeds_every_state_once(demo: None) -> None:
    assert seed_plans() == 10
    assert Mapping.objects.count() == 10
    assert GrowthPlan.objects.count() == 8
    statuses = sorted(GrowthPartnership.objects.values_list("status", flat=True))
    assert statuses == [PartnershipStatus.ACTIVE] * 2 + [PartnershipStatus.DRAFT] * 2
    assert Referral.objects.count() == 2
    consultant = User.objects.get(username="konsulent_kbh")
    assert overdue_items(consultant, mine_only=True)
    assert visible_plans(User.objects.get(username="bank")).count() == 2
    # when run again
    assert seed_plans() == 0
    assert Mapping.objects.count() == 10
