"""The firm's surveys in the portal: the list of what to answer (finished runs it took part
in, completed mappings) and what it answered, the form (a fieldset with a 1–5 scale per
question and a comment), the thanks, the prompt on the home page; another firm's user and
staff are refused and nothing changes."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import Personas
from vaekst.growthplans.models import Mapping
from vaekst.programmes.choices import RunStatus, SurveyKind
from vaekst.programmes.models import ProgrammeRun, SurveyAnswer, SurveyResponse
from vaekst.programmes.services.surveys import answer_survey
from vaekst.programmes.tests.conftest import (
    Training,
    make_run,
    training,  # noqa: F401
)
from vaekst.programmes.tests.survey_helpers import completed_mapping, finish, put_on, scores

pytestmark = pytest.mark.django_db

LIST_URL = "/portal/spoergeskemaer/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_url(run: ProgrammeRun) -> str:
    return f"/portal/spoergeskemaer/forloeb/{run.public_id}/"


def mapping_url(mapping: Mapping) -> str:
    return f"/portal/spoergeskemaer/vaekstkortlaegning/{mapping.public_id}/"


def _counts() -> tuple[int, int]:
    return SurveyResponse.objects.count(), SurveyAnswer.objects.count()


def _form_data(kind: str, overall: int, comment: str = "") -> dict[str, str]:
    data = {f"q{key}": str(value) for key, value in scores(kind, overall=overall).items()}
    data["comment"] = comment
    return data


@pytest.fixture
def finished(personas: Personas, training: Training) -> ProgrammeRun:  # noqa: F811
    put_on(training.run, personas.a.company, personas.a.consultant)
    return finish(training.run)


@pytest.fixture
def mapping(personas: Personas) -> Mapping:
    return completed_mapping(personas.a.company, personas.a.house, personas.a.consultant)


def test_the_list_shows_what_to_answer_and_what_was_answered(
    personas: Personas,
    finished: ProgrammeRun,
    mapping: Mapping,
    training: Training,  # noqa: F811
) -> None:
    # given a run still under way, which is not yet asked about
    open_run = make_run(training.programme, personas.a.house, personas.a.consultant, title="Åben")
    put_on(open_run, personas.a.company, personas.a.consultant)
    client = logged_in(personas.a.company_user)
    # when
    before = client.get(LIST_URL)
    answer_survey(
        actor=personas.a.company_user,
        mapping=mapping,
        scores=scores(SurveyKind.MAPPING, overall=5),
    )
    after = client.get(LIST_URL)
    # then
    due = before.context["surveys"].due
    assert [(s.kind, s.public_id) for s in due] == [
        (SurveyKind.RUN, finished.public_id),
        (SurveyKind.MAPPING, mapping.public_id),
    ]
    assert before.context["surveys"].answered == []
    assert run_url(finished) in before.content.decode()
    assert [s.public_id for s in after.context["surveys"].due] == [finished.public_id]
    assert [s.public_id for s in after.context["surveys"].answered] == [mapping.public_id]
    assert mapping_url(mapping) not in after.content.decode()


def test_the_form_is_a_fieldset_per_question_with_a_five_point_scale(
    personas: Personas, finished: ProgrammeRun
) -> None:
    response = logged_in(personas.a.company_user).get(run_url(finished))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 5
    assert (
        '<legend class="form-label">Hvor tilfreds er du samlet set med forløbet?</legend>' in html
    )
    assert html.count('type="radio"') == 25
    assert "5 – Meget tilfreds" in html
    assert 'name="comment"' in html


def test_the_firm_answers_and_is_thanked_and_cannot_answer_again(
    personas: Personas, finished: ProgrammeRun
) -> None:
    client = logged_in(personas.a.company_user)
    # when
    response = client.post(run_url(finished), _form_data(SurveyKind.RUN, 4, "Fint"))
    # then
    assert (response.status_code, response["Location"]) == (302, "/portal/spoergeskemaer/tak/")
    stored = SurveyResponse.objects.get()
    assert (stored.run, stored.company, stored.overall, stored.comment) == (
        finished,
        personas.a.company,
        4,
        "Fint",
    )
    assert "Tak for jeres svar" in client.get("/portal/spoergeskemaer/tak/").content.decode()
    # and a second time the form sends the firm back to the list, changing nothing
    again = client.post(run_url(finished), _form_data(SurveyKind.RUN, 1))
    assert (again.status_code, again["Location"]) == (302, LIST_URL)
    assert _counts() == (1, 5)
    assert SurveyResponse.objects.get().overall == 4


def test_an_incomplete_answer_is_shown_again_with_errors(
    personas: Personas, finished: ProgrammeRun
) -> None:
    data = _form_data(SurveyKind.RUN, 4)
    first_question = next(key for key in data if key.startswith("q"))
    del data[first_question]
    response = logged_in(personas.a.company_user).post(run_url(finished), data)
    assert response.status_code == 400
    assert "Vælg et svar fra 1 til 5." in response.content.decode()
    assert _counts() == (0, 0)


def test_the_firm_answers_after_a_mapping(personas: Personas, mapping: Mapping) -> None:
    response = logged_in(personas.a.company_user).post(
        mapping_url(mapping), _form_data(SurveyKind.MAPPING, 2)
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().mapping == mapping
    assert _counts() == (1, 4)


def test_a_run_not_yet_finished_has_no_survey(personas: Personas, training: Training) -> None:  # noqa: F811
    put_on(training.run, personas.a.company, personas.a.consultant)
    ProgrammeRun.objects.filter(pk=training.run.pk).update(status=RunStatus.CLOSED)
    client = logged_in(personas.a.company_user)
    assert client.get(run_url(training.run)).status_code == 404
    assert client.post(run_url(training.run), _form_data(SurveyKind.RUN, 5)).status_code == 404
    assert _counts() == (0, 0)


def test_another_firms_user_is_refused_and_nothing_changes(
    personas: Personas, finished: ProgrammeRun, mapping: Mapping
) -> None:
    client = logged_in(personas.b.company_user)
    assert client.get(run_url(finished)).status_code == 404
    assert client.post(run_url(finished), _form_data(SurveyKind.RUN, 5)).status_code == 404
    assert client.get(mapping_url(mapping)).status_code == 404
    assert client.post(mapping_url(mapping), _form_data(SurveyKind.MAPPING, 5)).status_code == 404
    assert client.get(LIST_URL).context["surveys"].due == []
    assert _counts() == (0, 0)


@pytest.mark.parametrize("who", ["a.consultant", "b.consultant", "national_admin"])
def test_staff_are_refused_and_nothing_changes(
    personas: Personas, finished: ProgrammeRun, mapping: Mapping, who: str
) -> None:
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    client = logged_in(user)
    assert client.get(LIST_URL).status_code == 403
    assert client.post(run_url(finished), _form_data(SurveyKind.RUN, 5)).status_code == 403
    assert client.post(mapping_url(mapping), _form_data(SurveyKind.MAPPING, 5)).status_code == 403
    assert _counts() == (0, 0)


def test_the_home_page_prompts_until_answered(personas: Personas, finished: ProgrammeRun) -> None:
    client = logged_in(personas.a.company_user)
    before = client.get("/portal/").content.decode()
    assert "Fortæl os, hvordan det gik" in before
    assert 'href="/portal/spoergeskemaer/"' in before  # the prompt and the nav
    answer_survey(
        actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=5)
    )
    assert "Fortæl os, hvordan det gik" not in client.get("/portal/").content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    personas: Personas,
    training: Training,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(6):
        run = make_run(training.programme, personas.a.house, personas.a.consultant)
        put_on(run, personas.a.company, personas.a.consultant)
        finish(run)
        completed_mapping(personas.a.company, personas.a.house, personas.a.consultant)
        if number % 2:
            answer_survey(
                actor=personas.a.company_user, run=run, scores=scores(SurveyKind.RUN, overall=4)
            )
    client = logged_in(personas.a.company_user)
    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)
    surveys = response.context["surveys"]
    assert (len(surveys.due), len(surveys.answered)) == (9, 3)


def test_a_reader_of_english_gets_the_questions_in_english(
    personas: Personas, finished: ProgrammeRun
) -> None:
    client = logged_in(personas.a.company_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(run_url(finished))
    html = response.content.decode()
    assert "Overall, how satisfied are you with the programme?" in html
    assert "Hvor tilfreds er du samlet set med forløbet?" not in html
