"""Firm A's plan (from the growth-plan tests), a proposed partnership on it, firm A placed on
a level with a local external name, and logged-in clients for the personas."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import propose_partnership
from vaekst.growthplans.tests.conftest import figures_a, mapping_a, plan_a  # noqa: F401
from vaekst.offers.choices import OfferKind
from vaekst.offers.models import Offer
from vaekst.offers.tests.conftest import make_offer, place
from vaekst.segmentation.models import CompanyScore

LEVELS = [
    {"key": "high", "rank": 1, "internal": "Højt vækstpotentiale", "external": "Vækstacceleration"},
    {"key": "potential", "rank": 2, "internal": "Vækstpotentiale", "external": "Hovedstadsløft"},
]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def placed_a(personas: Personas) -> CompanyScore:
    """Firm A on the 'potential' level, which its region calls 'Hovedstadsløft'."""
    score = place(personas.a.company, "potential")
    score.chain.levels = LEVELS
    score.chain.save(update_fields=["levels"])
    return score


@pytest.fixture
def partnership_a(personas: Personas, plan_a: GrowthPlan) -> GrowthPartnership:  # noqa: F811
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="Ansætte en sælger og afrapportere hvert kvartal.",
        house_commitment="Sparring og introduktion til kapital.",
        house_hours=Decimal(20),
        firm_milestones=list(plan_a.milestones.all()[:1]),
    )


@pytest.fixture
def programme_a(personas: Personas) -> Offer:
    """House A's collective programme starting in a month, open to the 'potential' level."""
    today = datetime.date.today()
    return make_offer(
        personas.a.house,
        "Salgsakademiet",
        kind=OfferKind.COLLECTIVE_PROGRAMME,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
    )
