"""Hidden potential (outreach candidates) and the preview of a draft before publishing."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from conftest import make_company
from vaekst.interactions.models import Interaction
from vaekst.register.models import YearlyFigures
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.hidden import hidden_potential, to_excel
from vaekst.segmentation.models import CompanyScore
from vaekst.segmentation.preview import preview
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import create_draft, request_scoring, set_criterion

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def scored(personas):
    """Twenty firms in København with 1..20 employees, scored; predicted chance = i/100."""
    firms = []
    for index in range(1, 21):
        company = make_company(
            municipality_code=101, name=f"Kbh {index:02d} ApS", rng_seed=500 + index
        )
        for year in (2022, 2023, 2024, 2025):
            YearlyFigures.objects.create(company=company, year=year, employees=index)
        firms.append(company)
    run_scoring(request_scoring(actor=None))
    for index, company in enumerate(firms, start=1):
        CompanyScore.objects.filter(company=company).update(predicted_high_growth=index / 100)
    return firms


def test_candidates_are_top_decile_without_recent_contact(scored, personas) -> None:
    # given the two best-predicted firms, one of them contacted last month
    Interaction.objects.create(
        company=scored[19],
        kind="call",
        consultant=personas.a.consultant,
        organisation=personas.a.house,
        occurred_on=TODAY - datetime.timedelta(days=30),
        subject="Opfølgning",
    )
    # when the house consultant asks for hidden potential in København
    result = hidden_potential(personas.a.consultant, municipality=101, today=TODAY)
    # then the threshold is the top decile and only the uncontacted firm is a candidate
    assert result.scored == 20
    assert result.threshold == pytest.approx(0.19)
    assert [score.company.name for score in result.candidates] == ["Kbh 19 ApS"]


def test_old_contact_does_not_hide_a_candidate(scored, personas) -> None:
    Interaction.objects.create(
        company=scored[19],
        kind="call",
        consultant=personas.a.consultant,
        organisation=personas.a.house,
        occurred_on=TODAY - datetime.timedelta(days=400),
        subject="Gammelt møde",
    )
    result = hidden_potential(personas.a.consultant, municipality=101, today=TODAY)
    assert [s.company.name for s in result.candidates] == ["Kbh 20 ApS", "Kbh 19 ApS"]


def test_other_region_sees_no_candidates_here(scored, personas) -> None:
    result = hidden_potential(personas.b.consultant, municipality=101, today=TODAY)
    assert result.scored == 0
    assert list(result.candidates) == []


def test_excel_export_lists_candidates(scored, personas) -> None:
    result = hidden_potential(personas.a.consultant, municipality=101, today=TODAY)
    workbook = load_workbook(io.BytesIO(to_excel(result.candidates, "København")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "København"
    assert rows[2][1] == "Kbh 20 ApS"
    assert len(rows) == 2 + 2


def test_preview_counts_firms_moving_between_levels(scored, personas) -> None:
    # given a København draft raising the bar of "established" from 1 to 10 employees
    draft = create_draft(
        actor=personas.a.municipal_consultant, scope=RuleSetScope.MUNICIPALITY, municipality=101
    )
    set_criterion(
        actor=personas.a.municipal_consultant,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=10,
    )
    before = list(CompanyScore.objects.order_by("pk").values_list("pk", "level_key"))
    # when previewed
    result = preview(draft)
    # then the firms with 1-9 employees (no growth: established today) would move to base
    assert result.firms == 21  # twenty firms and persona A's firm (no figures: base)
    assert result.count("established", "base") == 9
    assert result.count("established", "established") == 11
    assert result.moved == 9
    # and nothing was written
    assert list(CompanyScore.objects.order_by("pk").values_list("pk", "level_key")) == before
