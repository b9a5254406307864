"""Offers on both sides: the national core offer (from the migration), an additional offer of
house A and one of house B, and a helper that places a firm on a level."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import Personas
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.register.models import Company
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.models import CompanyScore, RuleChain, RuleSet, ScoringRun

RANKS = {"high": 1, "potential": 2, "established": 3, "base": 4}


def place(company: Company, level_key: str) -> CompanyScore:
    """Put the firm on a level, as a scoring run would."""
    run = ScoringRun.objects.create()
    chain = RuleChain.objects.create(
        run=run, national=RuleSet.objects.get(scope=RuleSetScope.NATIONAL, version=1)
    )
    score, _ = CompanyScore.objects.update_or_create(
        company=company,
        defaults={
            "run": run,
            "chain": chain,
            "level_key": level_key,
            "level_rank": RANKS[level_key],
            "scored_at": timezone.now(),
        },
    )
    return score


def make_offer(owner: Any, title: str, **fields: Any) -> Offer:
    allowances: dict[str, int] = fields.pop("allowances", {"high": 10, "potential": 5})
    offer = Offer.objects.create(
        owner=owner,
        title=title,
        kind=fields.pop("kind", OfferKind.HUB_FUNCTION),
        is_published=fields.pop("is_published", True),
        starts_on=fields.pop("starts_on", datetime.date(2020, 1, 1)),
        **fields,
    )
    for level_key, quantity in allowances.items():
        OfferAllowance.objects.create(
            offer=offer, level_key=level_key, quantity=Decimal(quantity), unit=AllowanceUnit.HOURS
        )
    return offer


@dataclass
class Catalogue:
    core: Offer
    offer_a: Offer
    offer_b: Offer


@pytest.fixture
def catalogue(personas: Personas) -> Catalogue:
    return Catalogue(
        core=Offer.objects.get(is_core=True, kind=OfferKind.GROWTH_MAPPING),
        offer_a=make_offer(personas.a.house, "Kapital Hovedstaden"),
        offer_b=make_offer(personas.b.house, "Eksport Midt"),
    )
