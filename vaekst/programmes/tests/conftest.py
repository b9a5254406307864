"""Collective growth training on both sides: a national programme (a published catalogue
offer of kind "Kollektivt forløb" opening places to the two highest levels), a run of it
by house A with two sessions and three places, and helpers for more firms and runs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import Personas, make_company
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.offers.tests.conftest import place
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import ProgrammeFormat, RunStatus
from vaekst.programmes.models import Programme, ProgrammeRun, RunSession
from vaekst.register.models import Company

_seed = iter(range(1000, 100000))


def make_programme(
    owner: Organisation,
    title: str = "Vækstcamp for skalering",
    *,
    levels: tuple[str, ...] = ("high", "potential"),
    places: int = 1,
    **fields: Any,
) -> Programme:
    offer = Offer.objects.create(
        owner=owner,
        is_core=owner.kind == OrganisationKind.NATIONAL,
        title=title,
        kind=fields.pop("kind", OfferKind.COLLECTIVE_PROGRAMME),
        is_published=fields.pop("is_published", True),
        starts_on=datetime.date(2020, 1, 1),
        capacity=fields.pop("offer_capacity", None),
    )
    for level_key in levels:
        OfferAllowance.objects.create(
            offer=offer, level_key=level_key, quantity=Decimal(places), unit=AllowanceUnit.PLACES
        )
    return Programme.objects.create(
        offer=offer,
        format=fields.pop("format", ProgrammeFormat.CAMP),
        content=fields.pop("content", "To dage om skalering, ledelse og kapital."),
        default_capacity=fields.pop("default_capacity", 20),
        **fields,
    )


def make_run(
    programme: Programme,
    organiser: Organisation,
    created_by: Any,
    *,
    capacity: int = 3,
    sessions: int = 2,
    **fields: Any,
) -> ProgrammeRun:
    run = ProgrammeRun.objects.create(
        programme=programme,
        organiser=organiser,
        title=fields.pop("title", f"{programme.offer.title}, {organiser.name}"),
        capacity=capacity,
        status=fields.pop("status", RunStatus.OPEN),
        enrolment_deadline=fields.pop(
            "enrolment_deadline", timezone.localdate() + datetime.timedelta(days=14)
        ),
        created_by=created_by,
        **fields,
    )
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for number in range(sessions):
        starts_at = start + datetime.timedelta(days=21 + 7 * number)
        RunSession.objects.create(
            run=run,
            title=f"Mødegang {number + 1}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            place="Erhvervshuset, mødelokale 2",
        )
    return run


def firm(municipality_code: int = 101, level: str | None = "high", **fields: Any) -> Company:
    """A new firm in the municipality, placed on `level` (None: not placed)."""
    seed = next(_seed)
    company = make_company(
        municipality_code=municipality_code,
        name=fields.pop("name", f"Deltager {seed} ApS"),
        rng_seed=seed,
        **fields,
    )
    if level is not None:
        place(company, level)
    return company


@dataclass
class Training:
    programme: Programme
    run: ProgrammeRun


@pytest.fixture
def training(personas: Personas) -> Training:
    """House A's run of the national camp: open, three places, two sessions; firm A is on
    the highest level (firm B, in region B, is not placed)."""
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    programme = make_programme(national)
    place(personas.a.company, "high")
    run = make_run(programme, personas.a.house, personas.a.consultant)
    return Training(programme=programme, run=run)
