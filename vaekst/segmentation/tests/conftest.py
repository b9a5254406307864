"""A small scored register across both sides, shared by the page and API tests."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_company
from vaekst.register.models import Company, YearlyFigures
from vaekst.segmentation.models import Assessment, CompanyScore
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring

# Within the assessments' default 24 months whenever the tests run.
ASSESSED_ON = timezone.localdate() - datetime.timedelta(days=100)


def panel(
    company: Company, employees: list[float], gross_profit: list[float] | None = None
) -> None:
    for offset, value in enumerate(employees):
        YearlyFigures.objects.create(
            company=company,
            year=2021 + offset,
            employees=value,
            gross_profit=gross_profit[offset] if gross_profit else None,
        )


@pytest.fixture
def scored(personas: Any) -> dict[str, Company]:
    """Region 1084: Firma A (high), Kbh Stabil (established), Kbh Solo (base), Frb Vækst
    (potential, Frederiksberg); region 1082: Firma B (established). Scored once."""
    grower = personas.a.company
    panel(grower, [10, 12, 15, 20], [5e6, 6e6, 7e6, 9e6])
    Assessment.objects.create(
        company=grower,
        ambition=5,
        capacity=4,
        assessed_on=ASSESSED_ON,
        assessed_by=personas.a.consultant,
    )
    steady = make_company(municipality_code=101, name="Kbh Stabil ApS", rng_seed=31)
    panel(steady, [6, 6, 6, 6])
    solo = make_company(municipality_code=101, name="Kbh Solo ApS", rng_seed=32)
    panel(solo, [0, 0, 0, 0])
    frederiksberg = make_company(municipality_code=147, name="Frb Vækst ApS", rng_seed=33)
    panel(frederiksberg, [5, 6, 7, 8])
    panel(personas.b.company, [6, 6, 6, 6])
    run_scoring(request_scoring(actor=None))
    return {
        "grower": grower,
        "steady": steady,
        "solo": solo,
        "frederiksberg": frederiksberg,
        "b": personas.b.company,
    }


@pytest.fixture
def predicted(scored: dict[str, Company]) -> dict[str, Company]:
    """Predicted chances as if a model had run: Frb Vækst has the best chance in 1084."""
    chances = {"grower": 0.9, "steady": 0.2, "solo": 0.05, "frederiksberg": 0.95, "b": 0.5}
    for key, chance in chances.items():
        CompanyScore.objects.filter(company=scored[key]).update(predicted_high_growth=chance)
    return scored
