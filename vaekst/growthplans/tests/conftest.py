"""A completed mapping and a plan for firm A, with register figures to take baselines from."""

import datetime
from typing import Any

import pytest

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind, Priority
from vaekst.growthplans.models import GrowthPlan, Mapping
from vaekst.growthplans.services import (
    AnswerInput,
    add_action,
    add_milestone,
    complete_mapping,
    create_plan_from_mapping,
    record_answers,
    start_mapping,
    update_mapping,
)
from vaekst.register.models import YearlyFigures

HELD_ON = datetime.date(2024, 3, 1)


@pytest.fixture
def figures_a(personas: Personas) -> None:
    company = personas.a.company
    YearlyFigures.objects.create(company=company, year=2021, employees=8, gross_profit=4_000_000)
    YearlyFigures.objects.create(
        company=company, year=2022, employees=12, gross_profit=5_500_000, revenue=20_000_000
    )
    # The latest year lacks gross profit: its baseline comes from 2022.
    YearlyFigures.objects.create(company=company, year=2023, employees=15)


@pytest.fixture
def mapping_a(personas: Personas, figures_a: Any) -> Mapping:
    consultant = personas.a.consultant
    mapping = start_mapping(
        actor=consultant, company=personas.a.company, held_on=HELD_ON, participants="Direktør"
    )
    update_mapping(
        actor=consultant,
        mapping=mapping,
        ambition_jobs=10,
        ambition_gross_profit=9_000_000,
        target_year=2027,
        barriers="Mangler salgskapacitet",
        capital_need=2_000_000,
    )
    record_answers(
        actor=consultant,
        mapping=mapping,
        answers=[
            AnswerInput("sales", status=2, priority=Priority.HIGH, note="Ingen salgsproces"),
            AnswerInput("capital_access", status=1, priority=Priority.HIGH),
            AnswerInput("leadership", status=4, priority=Priority.LOW),
        ],
    )
    return complete_mapping(actor=consultant, mapping=mapping)


@pytest.fixture
def plan_a(personas: Personas, mapping_a: Mapping) -> GrowthPlan:
    """A plan with two goals, two milestones (from priorities), one more milestone and a
    firm action and a house action; revision 4."""
    consultant = personas.a.consultant
    plan = create_plan_from_mapping(actor=consultant, mapping=mapping_a)
    add_milestone(
        actor=consultant,
        plan=plan,
        expected_revision=1,
        title="Sælger ansat",
        criterion="Kontrakt underskrevet",
        due_on=datetime.date(2024, 9, 1),
    )
    add_action(
        actor=consultant,
        plan=plan,
        expected_revision=2,
        title="Skriv jobopslag",
        owner_kind=ActionOwnerKind.FIRM,
        due_on=datetime.date(2024, 5, 1),
    )
    add_action(
        actor=consultant,
        plan=plan,
        expected_revision=3,
        title="Introducér til bank",
        owner_kind=ActionOwnerKind.CAPITAL_SOURCE,
        owner_organisation=personas.partner,
        due_on=datetime.date(2024, 6, 1),
    )
    plan.refresh_from_db()
    return plan
