"""The consultant's assessment of ambition and capacity in scoring: the latest one as of the
scoring date, not older than the configured age, within the run's scope, and dated in the
explanation."""

import datetime

import pytest

from vaekst.segmentation.indicators import Scope, load_assessments, months_before
from vaekst.segmentation.models import Assessment, CompanyScore
from vaekst.segmentation.rules import explain
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.selectors import chain_rules
from vaekst.segmentation.services import request_scoring
from vaekst.segmentation.tests.conftest import panel


@pytest.fixture
def assessed(personas):
    """Firm A (København, 1084) assessed three times, firm B (Aarhus, 1082) once."""
    for day, ambition, capacity in [
        (datetime.date(2024, 1, 10), 2, 2),
        (datetime.date(2025, 5, 1), 4, 3),
        (datetime.date(2025, 9, 1), 5, 5),
    ]:
        Assessment.objects.create(
            company=personas.a.company,
            ambition=ambition,
            capacity=capacity,
            assessed_on=day,
            assessed_by=personas.a.consultant,
        )
    Assessment.objects.create(
        company=personas.b.company,
        ambition=3,
        capacity=1,
        assessed_on=datetime.date(2025, 5, 1),
        assessed_by=personas.b.consultant,
    )
    return personas


def rows(frame) -> dict[int, tuple[int, int, datetime.date]]:
    return {
        row["company_id"]: (row["ambition"], row["capacity"], row["assessed_on"])
        for row in frame.to_dicts()
    }


def test_latest_assessment_as_of_the_scoring_date(assessed) -> None:
    # given the scoring date 30 June 2025, then the September assessment is not known yet
    found = rows(load_assessments(on=datetime.date(2025, 6, 30)))
    assert found[assessed.a.company.pk] == (4, 3, datetime.date(2025, 5, 1))
    # and on 1 September 2025 it is
    later = rows(load_assessments(on=datetime.date(2025, 9, 1)))
    assert later[assessed.a.company.pk] == (5, 5, datetime.date(2025, 9, 1))


def test_assessments_older_than_24_months_do_not_count(assessed) -> None:
    company = assessed.a.company.pk
    # exactly 24 months after 1 September 2025 it still counts; a day later it does not
    assert company in rows(load_assessments(on=datetime.date(2027, 9, 1)))
    assert company not in rows(load_assessments(on=datetime.date(2027, 9, 2)))
    # on 1 March 2026 the January 2024 assessment is too old and the later ones are used
    assert rows(load_assessments(on=datetime.date(2026, 3, 1)))[company][0] == 5


def test_the_age_limit_is_a_setting(assessed, settings) -> None:
    # given a limit of 3 months
    settings.SEGMENTATION_ASSESSMENT_MAX_AGE_MONTHS = 3
    company = assessed.a.company.pk
    # then the May assessment counts on 30 June, and not on 15 August (limit 15 May)
    assert rows(load_assessments(on=datetime.date(2025, 6, 30)))[company][0] == 4
    assert company not in rows(load_assessments(on=datetime.date(2025, 8, 15)))
    settings.SEGMENTATION_ASSESSMENT_MAX_AGE_MONTHS = 0
    with pytest.raises(ValueError, match="must be >= 1"):
        load_assessments(on=datetime.date(2025, 6, 30))


def test_assessments_are_read_within_the_scope(assessed) -> None:
    day = datetime.date(2025, 6, 30)
    a, b = assessed.a.company.pk, assessed.b.company.pk
    assert set(rows(load_assessments(on=day))) == {a, b}
    assert set(rows(load_assessments(Scope(region=1084), on=day))) == {a}
    assert set(rows(load_assessments(Scope(municipality=751), on=day))) == {b}
    # a closed firm's assessments are not read
    assessed.b.company.is_active = False
    assessed.b.company.save(update_fields=["is_active"])
    assert set(rows(load_assessments(on=day))) == {a}


def test_scoring_stores_and_explains_the_assessment_date(assessed) -> None:
    # given firm A with figures up to 2024, scored on 30 June 2025
    panel(assessed.a.company, [10, 12, 15, 20])
    run_scoring(request_scoring(actor=None, region=1084), on=datetime.date(2025, 6, 30))
    score = CompanyScore.objects.select_related("chain").get(company=assessed.a.company)
    # then the May assessment is used and dated
    assert (score.indicators["ambition"], score.indicators["capacity"]) == (4, 3)
    assert score.indicators["assessed_on"] == "2025-05-01"
    lines = explain(chain_rules(score.chain).criteria, score.passed_mask, score.indicators)
    dated = {(line.indicator, line.assessed_on) for line in lines}
    assert ("ambition", "2025-05-01") in dated
    assert {line.assessed_on for line in lines if line.indicator == "employees"} == {None}


def test_scoring_without_a_recent_assessment_leaves_ambition_unknown(assessed) -> None:
    panel(assessed.a.company, [10, 12, 15, 20])
    run_scoring(request_scoring(actor=None, region=1084), on=datetime.date(2028, 1, 1))
    score = CompanyScore.objects.get(company=assessed.a.company)
    assert (score.indicators["ambition"], score.indicators["assessed_on"]) == (None, None)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 9, 1), 24, datetime.date(2023, 9, 1)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 1, 15), 13, datetime.date(2023, 12, 15)),
    ],
)
def test_months_before(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert months_before(day, months) == expected
