"""The satisfaction share (satisfied or very satisfied overall, of those who answered): exact
on small known sets, grouped per run, programme, organiser house (a municipality's runs under
its region's house) and year, and only over what the user may see."""

from typing import Any

import pytest

from conftest import Personas
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.programmes import satisfaction
from vaekst.programmes.models import ProgrammeRun
from vaekst.programmes.satisfaction import Share
from vaekst.programmes.tests.conftest import Training, firm, make_programme, make_run
from vaekst.programmes.tests.survey_helpers import answered, completed_mapping

pytestmark = pytest.mark.django_db


def _answers(run: ProgrammeRun, overalls: list[int], year: int, by: Any, region: int) -> None:
    municipality = 101 if region == 1084 else 751
    for overall in overalls:
        answered(
            company=firm(municipality, level=None),
            run=run,
            overall=overall,
            year=year,
            by=by,
        )


def _table(rows: list[satisfaction.ShareRow]) -> list[tuple[str, int | None, int, int]]:
    return [(row.label, row.year, row.share.answers, row.share.satisfied) for row in rows]


def test_three_of_four_satisfied_is_75_percent(personas: Personas, training: Training) -> None:
    # given overall answers 5, 4, 4 (satisfied) and 3 (not)
    _answers(training.run, [5, 4, 4, 3], 2026, personas.national_admin, 1084)
    # when
    share = satisfaction.run_satisfaction(training.run)
    # then
    assert (share.answers, share.satisfied, share.percent) == (4, 3, 75.0)


def test_no_answers_is_no_share(training: Training) -> None:
    share = satisfaction.run_satisfaction(training.run)
    assert (share.answers, share.satisfied, share.percent) == (0, 0, None)


def test_only_four_and_five_count_as_satisfied(personas: Personas, training: Training) -> None:
    _answers(training.run, [1, 2, 3, 4, 5], 2026, personas.national_admin, 1084)
    assert satisfaction.run_satisfaction(training.run) == Share(answers=5, satisfied=2)


@pytest.fixture
def spread(personas: Personas, training: Training) -> dict[str, ProgrammeRun]:
    """Answers after four runs: house A's camp (2025: 1 of 2; 2026: 2 of 2), København's
    run of the camp (2026: 1 of 2, under house A), house A's webinar programme (2026: 0 of
    1) and house B's run of the camp (2026: 3 of 3)."""
    admin = personas.national_admin
    webinar = make_programme(
        Organisation.objects.get(kind=OrganisationKind.NATIONAL), "Eksportwebinar"
    )
    runs = {
        "a": training.run,
        "kbh": make_run(
            training.programme,
            personas.a.municipality_org,
            personas.a.municipal_consultant,
            title="Camp i København",
        ),
        "webinar": make_run(webinar, personas.a.house, personas.a.consultant, title="Webinar A"),
        "b": make_run(training.programme, personas.b.house, personas.b.consultant, title="Camp B"),
    }
    _answers(runs["a"], [5, 2], 2025, admin, 1084)
    _answers(runs["a"], [4, 5], 2026, admin, 1084)
    _answers(runs["kbh"], [4, 1], 2026, admin, 1084)
    _answers(runs["webinar"], [3], 2026, admin, 1084)
    _answers(runs["b"], [5, 5, 4], 2026, admin, 1082)
    return runs


def test_per_house_and_year_a_municipalitys_runs_count_under_its_house(
    personas: Personas, spread: dict[str, ProgrammeRun]
) -> None:
    rows = satisfaction.runs_by_house_and_year(personas.national_admin)
    assert _table(rows) == [
        (personas.a.house.name, 2026, 5, 3),
        (personas.a.house.name, 2025, 2, 1),
        (personas.b.house.name, 2026, 3, 3),
    ]
    assert rows[0].share.percent == 60.0


def test_per_house_a_house_sees_only_its_region(
    personas: Personas, spread: dict[str, ProgrammeRun]
) -> None:
    assert _table(satisfaction.runs_by_house_and_year(personas.b.consultant)) == [
        (personas.b.house.name, 2026, 3, 3)
    ]
    assert _table(satisfaction.runs_by_house_and_year(personas.a.municipal_consultant)) == [
        (personas.a.house.name, 2026, 5, 3),
        (personas.a.house.name, 2025, 2, 1),
    ]
    # the figures are for staff: a firm's user of the region, and a partner, get none
    assert satisfaction.runs_by_house_and_year(personas.a.company_user) == []
    assert satisfaction.years(personas.a.company_user) == []
    assert satisfaction.runs_by_house_and_year(personas.partner_advisor) == []


def test_per_year(personas: Personas, spread: dict[str, ProgrammeRun]) -> None:
    assert satisfaction.years(personas.national_admin) == [2026, 2025]
    assert satisfaction.years(personas.b.consultant) == [2026]
    assert _table(satisfaction.runs_by_house_and_year(personas.national_admin, 2025)) == [
        (personas.a.house.name, 2025, 2, 1)
    ]
    total = satisfaction.total(satisfaction.run_responses(personas.national_admin, 2026))
    assert total == Share(answers=8, satisfied=6)


def test_per_programme(personas: Personas, spread: dict[str, ProgrammeRun]) -> None:
    assert _table(satisfaction.by_programme(personas.national_admin)) == [
        ("Eksportwebinar", None, 1, 0),
        ("Vækstcamp for skalering", None, 9, 7),
    ]
    assert _table(satisfaction.by_programme(personas.b.manager)) == [
        ("Vækstcamp for skalering", None, 3, 3)
    ]


def test_per_run(personas: Personas, spread: dict[str, ProgrammeRun]) -> None:
    page = satisfaction.by_run(personas.a.consultant, size=2)
    assert page.has_next is True
    second = satisfaction.by_run(personas.a.consultant, page=2, size=2)
    rows = {
        row.public_id: (row.share.answers, row.share.satisfied)
        for row in [*page.items, *second.items]
    }
    assert rows == {
        spread["a"].public_id: (4, 3),
        spread["kbh"].public_id: (2, 1),
        spread["webinar"].public_id: (1, 0),
    }
    assert second.has_next is False


def test_mappings_per_house_and_year(personas: Personas) -> None:
    # given mappings by house A and by København (under house A) and by house B
    admin = personas.national_admin
    for organisation, company, overall, year in [
        (personas.a.house, firm(101, level=None), 5, 2026),
        (personas.a.municipality_org, firm(101, level=None), 2, 2026),
        (personas.a.house, firm(101, level=None), 4, 2025),
        (personas.b.house, firm(751, level=None), 1, 2026),
    ]:
        mapping = completed_mapping(company, organisation, personas.a.consultant)
        answered(company=company, mapping=mapping, overall=overall, year=year, by=admin)
    # when / then
    assert _table(satisfaction.mappings_by_house_and_year(admin)) == [
        (personas.a.house.name, 2026, 2, 1),
        (personas.a.house.name, 2025, 1, 1),
        (personas.b.house.name, 2026, 1, 0),
    ]
    assert _table(satisfaction.mappings_by_house_and_year(personas.b.consultant)) == [
        (personas.b.house.name, 2026, 1, 0)
    ]
    assert satisfaction.runs_by_house_and_year(admin) == []


def test_the_figures_take_a_fixed_number_of_queries(
    personas: Personas, spread: dict[str, ProgrammeRun], django_assert_max_num_queries: Any
) -> None:
    # given ten more runs with answers
    for _number in range(10):
        run = make_run(spread["a"].programme, personas.a.house, personas.a.consultant, sessions=0)
        _answers(run, [4, 2], 2026, personas.national_admin, 1084)
    user = personas.a.consultant
    # when / then
    with django_assert_max_num_queries(9):
        satisfaction.years(user)
        satisfaction.runs_by_house_and_year(user)
        satisfaction.by_programme(user)
        satisfaction.by_run(user)
        satisfaction.mappings_by_house_and_year(user)
