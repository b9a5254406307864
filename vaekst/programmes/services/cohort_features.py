"""The eye-level features of a run's enrolled firms, read in a fixed number of queries.

Per firm: its level rank (segmentation's current `CompanyScore.level_rank`, 1 = highest; an
unscored firm gets the lowest level's rank + 1), its employees (the register's
latest headcount, else the latest yearly figure), its age in whole years from the founding
date (a firm without one gets the median age of the others), and its 3-year annual employee
growth (from the yearly panel: the latest year with a headcount against three years
before, as segmentation's `employee_growth_3y`; a firm without that history gets 0).
"""

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Max
from django.utils import timezone

from vaekst.lib.growth import annualised_growth
from vaekst.programmes.models import Enrolment, ProgrammeRun
from vaekst.register.models import YearlyFigures
from vaekst.segmentation.models import CompanyScore, LevelDefinition

GROWTH_YEARS = 3


@dataclass
class FirmFeatures:
    """One enrolled firm as the cohort engine sees it, with what the page shows."""

    enrolment: Enrolment
    level_rank: int
    level_key: str
    employees: float
    age_years: float
    growth: float
    industry: str  # the first two digits of the main industry code
    # Whether the register knows the headcount (without it the engine counts 0).
    employees_known: bool = True

    @property
    def key(self) -> str:
        """The firm's CVR number: unique on a run (one active enrolment per firm), and what
        the engine's messages name a firm by."""
        return self.enrolment.company.cvr_display

    def vector(self) -> tuple[float, float, float, float]:
        return (float(self.level_rank), self.employees, self.age_years, self.growth)


def industry_of(code: str) -> str:
    return (code or "")[:2]


def age_in_years(founded_on: datetime.date | None, today: datetime.date) -> float | None:
    if founded_on is None:
        return None
    return float(max(0, (today - founded_on).days) // 365.25)


def _growth_by_company(company_ids: Iterable[int]) -> dict[int, tuple[float | None, float]]:
    """{company: (latest headcount in the panel, 3-year annual growth or 0)}."""
    series: dict[int, dict[int, float]] = {}
    rows: Iterable[tuple[int, int, float | None]]
    rows = YearlyFigures.objects.filter(
        company_id__in=list(company_ids), employees__isnull=False
    ).values_list("company_id", "year", "employees")
    for company_id, year, employees in rows:
        if employees is not None:
            series.setdefault(company_id, {})[year] = employees
    result: dict[int, tuple[float | None, float]] = {}
    for company_id, by_year in series.items():
        latest = max(by_year)
        start = by_year.get(latest - GROWTH_YEARS)
        growth = 0.0
        if start is not None:
            value = float(
                annualised_growth(
                    np.array([start], dtype=np.float64),
                    np.array([by_year[latest]], dtype=np.float64),
                    GROWTH_YEARS,
                )[0]
            )
            growth = 0.0 if np.isnan(value) else value
        result[company_id] = (by_year[latest], growth)
    return result


def features_of(enrolments: Sequence[Enrolment]) -> list[FirmFeatures]:
    """The features of `enrolments` (their companies selected), in their order."""
    today = timezone.localdate()
    company_ids = [enrolment.company_id for enrolment in enrolments]
    scores = {
        company_id: (rank, key)
        for company_id, rank, key in CompanyScore.objects.filter(
            company_id__in=company_ids
        ).values_list("company_id", "level_rank", "level_key")
    }
    lowest = LevelDefinition.objects.aggregate(lowest=Max("rank"))["lowest"] or 0
    unscored_rank = max([lowest, *(rank for rank, _ in scores.values())]) + 1
    panel = _growth_by_company(company_ids)
    ages = [age_in_years(e.company.founded_on, today) for e in enrolments]
    known = [age for age in ages if age is not None]
    fallback_age = float(statistics.median(known)) if known else 0.0
    firms = []
    for enrolment, age in zip(enrolments, ages, strict=True):
        company = enrolment.company
        rank, key = scores.get(company.pk, (unscored_rank, ""))
        latest, growth = panel.get(company.pk, (None, 0.0))
        employees = company.employees if company.employees is not None else latest
        firms.append(
            FirmFeatures(
                enrolment=enrolment,
                level_rank=rank,
                level_key=key,
                employees=float(employees or 0.0),
                age_years=fallback_age if age is None else age,
                growth=growth,
                industry=industry_of(company.main_industry_code),
                employees_known=employees is not None,
            )
        )
    return firms


def run_features(run: ProgrammeRun) -> list[FirmFeatures]:
    """The features of every firm enrolled on `run`, in enrolment order."""
    enrolments = list(
        Enrolment.objects.enrolled()
        .filter(run=run)
        .select_related("company", "cohort")
        .order_by("created_at", "id")
    )
    return features_of(enrolments)
