import pytest
from django.core.exceptions import ValidationError

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind
from vaekst.growthplans.models import GrowthPlan
from vaekst.growthplans.services import add_action
from vaekst.offers.models import EligibilityOverride
from vaekst.offers.tests.conftest import make_offer, place


def test_action_with_an_offer_the_firm_may_use(personas: Personas, plan_a: GrowthPlan) -> None:
    offer = make_offer(personas.a.house, "Kapitalparathed")
    place(personas.a.company, "high")
    action = add_action(
        actor=personas.a.consultant,
        plan=plan_a,
        expected_revision=4,
        title="Kapitalforløb",
        owner_kind=ActionOwnerKind.HOUSE,
        offer=offer,
    )
    assert action.offer == offer and action.eligibility_override_reason == ""


def test_action_with_an_offer_above_the_firms_level_is_refused_with_the_reason(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    offer = make_offer(personas.a.house, "Kapitalparathed", allowances={"high": 10})
    place(personas.a.company, "base")
    with pytest.raises(ValidationError) as refused:
        add_action(
            actor=personas.a.consultant,
            plan=plan_a,
            expected_revision=4,
            title="Kapitalforløb",
            owner_kind=ActionOwnerKind.HOUSE,
            offer=offer,
        )
    assert "niveau giver ikke adgang" in str(refused.value)
    plan_a.refresh_from_db()
    assert plan_a.revision == 4 and plan_a.actions.count() == 2


def test_override_reason_lets_the_consultant_use_the_offer(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    offer = make_offer(personas.a.house, "Kapitalparathed", allowances={"high": 10})
    place(personas.a.company, "base")
    action = add_action(
        actor=personas.a.consultant,
        plan=plan_a,
        expected_revision=4,
        title="Kapitalforløb",
        owner_kind=ActionOwnerKind.HOUSE,
        offer=offer,
        override_reason="Konkret investor i dialog",
    )
    assert action.eligibility_override_reason == "Konkret investor i dialog"
    assert EligibilityOverride.objects.filter(company=personas.a.company, offer=offer).exists()


def test_other_regions_offer_cannot_be_overridden(personas: Personas, plan_a: GrowthPlan) -> None:
    offer = make_offer(personas.b.house, "Midtjysk eksport")
    place(personas.a.company, "high")
    with pytest.raises(ValidationError):
        add_action(
            actor=personas.a.consultant,
            plan=plan_a,
            expected_revision=4,
            title="Eksport",
            owner_kind=ActionOwnerKind.HOUSE,
            offer=offer,
            override_reason="Vil gerne",
        )
    assert not EligibilityOverride.objects.exists()
