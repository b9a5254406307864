"""The staff's satisfaction pages: the shares per house and year, programme and run with the
bar chart and counts, filtered by year, scoped to the user's region; the run's partial; the
versions page, where only the national administrator publishes."""

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.programmes.choices import SurveyKind
from vaekst.programmes.models import ProgrammeRun, SurveyQuestion, SurveyVersion
from vaekst.programmes.satisfaction import run_satisfaction
from vaekst.programmes.services.surveys import current_version
from vaekst.programmes.tests.conftest import Training, firm, make_run
from vaekst.programmes.tests.survey_helpers import answered

pytestmark = pytest.mark.django_db

URL = "/forloeb/tilfredshed/"
VERSIONS_URL = "/forloeb/tilfredshed/spoergsmaal/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answers(run: ProgrammeRun, overalls: list[int], year: int, by: Any, municipality: int) -> None:
    for overall in overalls:
        answered(company=firm(municipality, level=None), run=run, overall=overall, year=year, by=by)


@pytest.fixture
def both(personas: Personas, training: Training) -> dict[str, ProgrammeRun]:
    run_b = make_run(training.programme, personas.b.house, personas.b.consultant, title="Camp B")
    _answers(training.run, [5, 4, 4, 3], 2026, personas.national_admin, 101)
    _answers(training.run, [1], 2025, personas.national_admin, 101)
    _answers(run_b, [2, 2], 2026, personas.national_admin, 751)
    return {"a": training.run, "b": run_b}


def test_the_page_shows_house_a_share_with_chart_and_counts_to_house_a(
    personas: Personas, both: dict[str, ProgrammeRun]
) -> None:
    # when
    response = logged_in(personas.a.consultant).get(URL)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg viewBox="0 0 640 60"' in html  # two bars: house A 2026 and 2025
    assert "Erhvervshus Hovedstaden 2026" in html
    assert ">75 %<" in html
    assert ">0 %<" in html
    assert "Camp B" not in html
    assert "Erhvervshus Midtjylland" not in html
    rows = [(r.label, r.year, r.share.answers) for r in response.context["houses"]]
    assert rows == [("Erhvervshus Hovedstaden", 2026, 4), ("Erhvervshus Hovedstaden", 2025, 1)]
    assert (response.context["run_total"].answers, response.context["run_total"].satisfied) == (
        5,
        3,
    )


def test_the_year_filter(personas: Personas, both: dict[str, ProgrammeRun]) -> None:
    response = logged_in(personas.national_admin).get(URL, {"aar": "2025"})
    assert response.status_code == 200
    assert response.context["year"] == 2025
    assert [(r.label, r.year, r.share.answers) for r in response.context["houses"]] == [
        ("Erhvervshus Hovedstaden", 2025, 1)
    ]
    # a year with no answers (or nonsense) is all years
    for raw in ("1999", "x"):
        assert logged_in(personas.national_admin).get(URL, {"aar": raw}).context["year"] is None


@pytest.mark.parametrize("who", ["a.company_user", "b.company_user", "partner_advisor"])
def test_firms_and_partners_are_refused(
    personas: Personas, both: dict[str, ProgrammeRun], who: str
) -> None:
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    assert logged_in(user).get(URL).status_code == 403
    assert logged_in(user).get(VERSIONS_URL).status_code == 403


def test_the_page_takes_a_fixed_number_of_queries(
    personas: Personas, both: dict[str, ProgrammeRun], django_assert_max_num_queries: Any
) -> None:
    for _number in range(8):
        run = make_run(both["a"].programme, personas.a.house, personas.a.consultant, sessions=0)
        _answers(run, [4], 2026, personas.national_admin, 101)
    client = logged_in(personas.a.manager)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["runs"].items) == 9


def test_the_runs_partial_shows_its_share_and_count(
    personas: Personas, both: dict[str, ProgrammeRun]
) -> None:
    # given run A: 2025 one answer (1), 2026 four (5, 4, 4, 3): 3 of 5 satisfied
    html = render_to_string(
        "programmes/_run_satisfaction.html", {"satisfaction": run_satisfaction(both["a"])}
    )
    assert "60 % tilfredse" in html
    assert "3 af 5 virksomheder, der har svaret, er tilfredse eller meget tilfredse." in html
    empty = make_run(both["a"].programme, personas.a.house, personas.a.consultant)
    html = render_to_string(
        "programmes/_run_satisfaction.html", {"satisfaction": run_satisfaction(empty)}
    )
    assert "Ingen virksomheder har besvaret spørgeskemaet om holdet endnu." in html


# -- versions --------------------------------------------------------------------------


def _publish_data(kind: str, **extra: str) -> dict[str, str]:
    data = {
        "kind": kind,
        f"{kind}-text_1": "Hvor tilfreds er du med indholdet?",
        f"{kind}-text_en_1": "How satisfied are you with the content?",
        f"{kind}-text_2": "Hvor tilfreds er du samlet set?",
        f"{kind}-text_en_2": "Overall, how satisfied are you?",
        f"{kind}-overall": "2",
    }
    data.update(extra)
    return data


def test_staff_see_the_versions_and_only_the_national_administrator_the_form(
    personas: Personas,
) -> None:
    consultant_page = logged_in(personas.a.consultant).get(VERSIONS_URL)
    admin_page = logged_in(personas.national_admin).get(VERSIONS_URL)
    assert (consultant_page.status_code, admin_page.status_code) == (200, 200)
    assert "Hvor tilfreds er du samlet set med forløbet?" in consultant_page.content.decode()
    assert "Udgiv en ny version" not in consultant_page.content.decode()
    html = admin_page.content.decode()
    assert html.count("Udgiv en ny version") == 2
    # prefilled with version 1
    assert 'value="Hvor tilfreds er du samlet set med vækstkortlægningen?"' in html


def test_the_national_administrator_publishes_version_2(personas: Personas) -> None:
    # when
    response = logged_in(personas.national_admin).post(
        VERSIONS_URL, _publish_data(SurveyKind.MAPPING)
    )
    # then
    assert response.status_code == 302
    version = current_version(SurveyKind.MAPPING)
    assert version is not None
    assert version.number == 2
    assert list(
        SurveyQuestion.objects.filter(version=version)
        .order_by("order")
        .values_list("text", "text_en", "is_overall")
    ) == [
        ("Hvor tilfreds er du med indholdet?", "How satisfied are you with the content?", False),
        ("Hvor tilfreds er du samlet set?", "Overall, how satisfied are you?", True),
    ]
    run_version = current_version(SurveyKind.RUN)
    assert run_version is not None and run_version.number == 1


@pytest.mark.parametrize("who", ["a.manager", "a.consultant", "b.consultant"])
def test_others_cannot_publish_and_nothing_changes(personas: Personas, who: str) -> None:
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role)
    response = logged_in(user).post(VERSIONS_URL, _publish_data(SurveyKind.RUN))
    assert response.status_code == 403
    assert SurveyVersion.objects.count() == 2
    assert not AuditEntry.objects.filter(object_type="programmes.surveyversion").exists()


def test_an_overall_question_without_text_is_refused(personas: Personas) -> None:
    data = _publish_data(SurveyKind.RUN, **{"run-overall": "3"})
    response = logged_in(personas.national_admin).post(VERSIONS_URL, data)
    assert response.status_code == 400
    assert "Det samlede spørgsmål skal have en tekst." in response.content.decode()
    assert SurveyVersion.objects.filter(kind=SurveyKind.RUN).count() == 1


def test_the_versions_page_takes_a_fixed_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    # given four more versions of the run survey
    for _number in range(4):
        logged_in(personas.national_admin).post(VERSIONS_URL, _publish_data(SurveyKind.RUN))
    assert SurveyVersion.objects.filter(kind=SurveyKind.RUN).count() == 5
    client = logged_in(personas.national_admin)
    # when / then
    with django_assert_max_num_queries(6):
        response = client.get(VERSIONS_URL)
    assert [v.number for v in response.context["sections"][0]["versions"]] == [5, 4, 3, 2, 1]
