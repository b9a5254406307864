"""Answering the satisfaction survey: only the firm's own user, only after a finished run it
took part in or a completed mapping, every question on the 1–5 scale, and once; publishing a
new version of the questions: only the national administrator, and answers keep theirs."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.growthplans.choices import MappingStatus
from vaekst.programmes.choices import EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import (
    Attendance,
    ProgrammeRun,
    SurveyAnswer,
    SurveyResponse,
    SurveyVersion,
)
from vaekst.programmes.services import surveys
from vaekst.programmes.services.surveys import (
    QuestionText,
    answer_survey,
    current_version,
    publish_survey_version,
)
from vaekst.programmes.tests.conftest import Training
from vaekst.programmes.tests.survey_helpers import completed_mapping, finish, put_on, scores

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return SurveyResponse.objects.count(), SurveyAnswer.objects.count()


@pytest.fixture
def finished(personas: Personas, training: Training) -> ProgrammeRun:
    """House A's run, finished, with firm A having held a place on it."""
    put_on(training.run, personas.a.company, personas.a.consultant)
    return finish(training.run)


# -- version 1 -------------------------------------------------------------------------


def test_version_1_of_both_surveys_is_published_with_one_overall_question() -> None:
    run_version = SurveyVersion.objects.get(kind=SurveyKind.RUN, number=1)
    mapping_version = SurveyVersion.objects.get(kind=SurveyKind.MAPPING, number=1)
    assert current_version(SurveyKind.RUN) == run_version
    assert current_version(SurveyKind.MAPPING) == mapping_version
    assert run_version.published_at is not None and mapping_version.published_at is not None
    run_questions = list(run_version.questions.order_by("order"))
    mapping_questions = list(mapping_version.questions.order_by("order"))
    assert (len(run_questions), len(mapping_questions)) == (5, 4)
    assert [q.text for q in run_questions if q.is_overall] == [
        "Hvor tilfreds er du samlet set med forløbet?"
    ]
    assert [q.text for q in mapping_questions if q.is_overall] == [
        "Hvor tilfreds er du samlet set med vækstkortlægningen?"
    ]
    assert all(q.text_en for q in run_questions + mapping_questions)


# -- after a run -----------------------------------------------------------------------


def test_the_firm_answers_after_a_finished_run_it_took_part_in(
    personas: Personas, finished: ProgrammeRun
) -> None:
    # given
    given = scores(SurveyKind.RUN, overall=5, others=4)
    # when
    response = answer_survey(
        actor=personas.a.company_user, run=finished, scores=given, comment="  Godt forløb  "
    )
    # then
    assert (response.company, response.run, response.mapping) == (
        personas.a.company,
        finished,
        None,
    )
    assert (response.overall, response.comment, response.version.number) == (5, "Godt forløb", 1)
    assert response.answered_by == personas.a.company_user
    stored = dict(response.answers.values_list("question_id", "score"))
    assert stored == given
    entry = AuditEntry.objects.get(object_type="programmes.surveyresponse")
    assert (entry.action, entry.company_cvr, entry.changes["overall"]) == (
        "create",
        personas.a.company.cvr,
        [None, 5],
    )


def test_a_firm_answers_once_per_run(personas: Personas, finished: ProgrammeRun) -> None:
    # given
    answer_survey(
        actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=4)
    )
    before = _counts()
    # when the firm answers again
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=1)
        )
    # then
    assert refused.value.messages == [
        "I har allerede besvaret spørgeskemaet om dette forløb. Tak for svaret."
    ]
    assert _counts() == before
    assert SurveyResponse.objects.get().overall == 4


def test_two_answers_at_the_same_moment_leave_one(
    personas: Personas, finished: ProgrammeRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an answer committed by a colleague after this one checked for answers
    answer_survey(
        actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=4)
    )
    before = _counts()
    monkeypatch.setattr(surveys, "has_answered", lambda *args, **kwargs: False)
    # when this one is saved; then the unique constraint refuses it with the same message
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=2)
        )
    assert refused.value.messages == [
        "I har allerede besvaret spørgeskemaet om dette forløb. Tak for svaret."
    ]
    assert _counts() == before


@pytest.mark.parametrize("status", [RunStatus.OPEN, RunStatus.CLOSED, RunStatus.CANCELLED])
def test_no_answer_before_the_run_is_finished(
    personas: Personas, training: Training, status: str
) -> None:
    # given
    put_on(training.run, personas.a.company, personas.a.consultant)
    ProgrammeRun.objects.filter(pk=training.run.pk).update(status=status)
    training.run.refresh_from_db()
    # when / then
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            actor=personas.a.company_user,
            run=training.run,
            scores=scores(SurveyKind.RUN, overall=5),
        )
    assert refused.value.messages == [
        "Spørgeskemaet kan først besvares, når forløbet er afsluttet."
    ]
    assert _counts() == (0, 0)


@pytest.mark.parametrize("status", [EnrolmentStatus.WAITLISTED, EnrolmentStatus.CANCELLED])
def test_no_answer_from_a_firm_that_held_no_place(
    personas: Personas, training: Training, status: str
) -> None:
    # given firm A was on the waitlist, or cancelled
    put_on(training.run, personas.a.company, personas.a.consultant, status=status)
    finish(training.run)
    # when / then
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            actor=personas.a.company_user,
            run=training.run,
            scores=scores(SurveyKind.RUN, overall=5),
        )
    assert refused.value.messages == ["Virksomheden deltog ikke i forløbet."]
    assert _counts() == (0, 0)


@pytest.mark.parametrize("present, allowed", [(True, True), (False, False)])
def test_where_attendance_was_registered_the_firm_must_have_come(
    personas: Personas, training: Training, present: bool, allowed: bool
) -> None:
    # given attendance registered for the first session: firm A there or not
    enrolment = put_on(training.run, personas.a.company, personas.a.consultant)
    session = training.run.sessions.all()[0]
    Attendance.objects.create(
        session=session, enrolment=enrolment, present=present, recorded_by=personas.a.consultant
    )
    finish(training.run)
    given = scores(SurveyKind.RUN, overall=5)
    # when / then
    if allowed:
        answer_survey(actor=personas.a.company_user, run=training.run, scores=given)
        assert _counts() == (1, 5)
    else:
        with pytest.raises(ValidationError):
            answer_survey(actor=personas.a.company_user, run=training.run, scores=given)
        assert _counts() == (0, 0)


def test_the_user_of_a_firm_never_on_the_run_is_refused(
    personas: Personas, training: Training
) -> None:
    finish(training.run)
    with pytest.raises(PermissionDenied):
        answer_survey(
            actor=personas.a.company_user,
            run=training.run,
            scores=scores(SurveyKind.RUN, overall=5),
        )
    assert _counts() == (0, 0)


@pytest.mark.parametrize(
    "who", ["b.company_user", "a.consultant", "b.consultant", "national_admin", "partner_advisor"]
)
def test_only_the_firms_own_user_answers(
    personas: Personas, finished: ProgrammeRun, who: str
) -> None:
    # given
    side, _, role = who.partition(".")
    actor: Any = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    # when / then
    with pytest.raises(PermissionDenied):
        answer_survey(actor=actor, run=finished, scores=scores(SurveyKind.RUN, overall=5))
    assert _counts() == (0, 0)
    assert not AuditEntry.objects.filter(object_type="programmes.surveyresponse").exists()


def test_every_question_is_answered_on_the_scale(
    personas: Personas, finished: ProgrammeRun
) -> None:
    # given
    full = scores(SurveyKind.RUN, overall=5)
    first = next(iter(full))
    missing = {key: value for key, value in full.items() if key != first}
    off_scale = {**full, first: 6}
    mapping_question = next(iter(scores(SurveyKind.MAPPING, overall=5)))
    foreign = {**full, mapping_question: 3}
    # when / then each is refused and nothing is stored
    for given, message in [
        (missing, "Besvar alle spørgsmål."),
        (off_scale, "Hvert svar skal være et tal fra 1 til 5."),
        (foreign, "Svarene hører ikke til spørgeskemaets spørgsmål."),
    ]:
        with pytest.raises(ValidationError) as refused:
            answer_survey(actor=personas.a.company_user, run=finished, scores=given)
        assert refused.value.messages[0].startswith(message)
    assert _counts() == (0, 0)


# -- after a mapping -------------------------------------------------------------------


def test_the_firm_answers_once_after_a_completed_mapping(personas: Personas) -> None:
    # given
    mapping = completed_mapping(personas.a.company, personas.a.house, personas.a.consultant)
    given = scores(SurveyKind.MAPPING, overall=3)
    # when
    response = answer_survey(actor=personas.a.company_user, mapping=mapping, scores=given)
    # then
    assert (response.mapping, response.run, response.overall) == (mapping, None, 3)
    assert response.version == current_version(SurveyKind.MAPPING)
    with pytest.raises(ValidationError) as refused:
        answer_survey(actor=personas.a.company_user, mapping=mapping, scores=given)
    assert refused.value.messages == [
        "I har allerede besvaret spørgeskemaet om denne vækstkortlægning. Tak for svaret."
    ]
    assert _counts() == (1, 4)


def test_no_answer_after_a_draft_mapping(personas: Personas) -> None:
    mapping = completed_mapping(
        personas.a.company, personas.a.house, personas.a.consultant, status=MappingStatus.DRAFT
    )
    with pytest.raises(ValidationError):
        answer_survey(
            actor=personas.a.company_user,
            mapping=mapping,
            scores=scores(SurveyKind.MAPPING, overall=5),
        )
    assert _counts() == (0, 0)


def test_another_firms_user_cannot_answer_after_a_mapping(personas: Personas) -> None:
    mapping = completed_mapping(personas.a.company, personas.a.house, personas.a.consultant)
    with pytest.raises(PermissionDenied):
        answer_survey(
            actor=personas.b.company_user,
            mapping=mapping,
            scores=scores(SurveyKind.MAPPING, overall=5),
        )
    assert _counts() == (0, 0)


def test_a_survey_follows_a_run_or_a_mapping_not_both(
    personas: Personas, finished: ProgrammeRun
) -> None:
    mapping = completed_mapping(personas.a.company, personas.a.house, personas.a.consultant)
    with pytest.raises(ValueError):
        answer_survey(actor=personas.a.company_user, run=finished, mapping=mapping, scores={})
    with pytest.raises(ValueError):
        answer_survey(actor=personas.a.company_user, scores={})


# -- versions --------------------------------------------------------------------------

NEW_QUESTIONS = [
    QuestionText("Hvor tilfreds er du med indholdet?", "Content?"),
    QuestionText("Hvor tilfreds er du samlet set?", "Overall?", is_overall=True),
]


@pytest.mark.parametrize("who", ["a.manager", "a.consultant", "a.company_user", "partner_advisor"])
def test_only_the_national_administrator_publishes_a_version(personas: Personas, who: str) -> None:
    side, _, role = who.partition(".")
    actor: Any = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    with pytest.raises(PermissionDenied):
        publish_survey_version(actor=actor, kind=SurveyKind.RUN, questions=NEW_QUESTIONS)
    assert SurveyVersion.objects.filter(kind=SurveyKind.RUN).count() == 1


def test_a_new_version_is_asked_and_earlier_answers_keep_theirs(
    personas: Personas, finished: ProgrammeRun, training: Training
) -> None:
    # given firm A answered version 1
    first = answer_survey(
        actor=personas.a.company_user, run=finished, scores=scores(SurveyKind.RUN, overall=4)
    )
    # when the national administrator publishes version 2
    version = publish_survey_version(
        actor=personas.national_admin, kind=SurveyKind.RUN, questions=NEW_QUESTIONS
    )
    # then it is asked from now on; the mapping survey is untouched; the answer keeps v1
    assert (version.number, version.created_by) == (2, personas.national_admin)
    assert current_version(SurveyKind.RUN) == version
    assert current_version(SurveyKind.MAPPING) == SurveyVersion.objects.get(
        kind=SurveyKind.MAPPING, number=1
    )
    assert [(q.order, q.text, q.is_overall) for q in version.questions.order_by("order")] == [
        (1, "Hvor tilfreds er du med indholdet?", False),
        (2, "Hvor tilfreds er du samlet set?", True),
    ]
    first.refresh_from_db()
    assert first.version.number == 1
    assert first.answers.count() == 5
    assert AuditEntry.objects.filter(object_type="programmes.surveyversion").count() == 1
    # and a firm answering now answers version 2
    other_user = personas.a.company_user
    second_run = finish(
        ProgrammeRun.objects.create(
            programme=training.programme,
            organiser=personas.a.house,
            title="Hold 2",
            capacity=5,
            created_by=personas.a.consultant,
        )
    )
    put_on(second_run, personas.a.company, personas.a.consultant)
    second = answer_survey(
        actor=other_user, run=second_run, scores=scores(SurveyKind.RUN, overall=2)
    )
    assert (second.version.number, second.answers.count(), second.overall) == (2, 2, 2)


@pytest.mark.parametrize(
    "questions, message",
    [
        ([], "Et spørgeskema skal have mindst ét spørgsmål."),
        (
            [QuestionText("A?"), QuestionText("B?")],
            "Præcis ét spørgsmål skal være det samlede tilfredshedsspørgsmål.",
        ),
        (
            [QuestionText("A?", is_overall=True), QuestionText("B?", is_overall=True)],
            "Præcis ét spørgsmål skal være det samlede tilfredshedsspørgsmål.",
        ),
        ([QuestionText("   ", is_overall=True)], "Et spørgeskema skal have mindst ét spørgsmål."),
    ],
)
def test_a_version_has_questions_and_exactly_one_overall(
    personas: Personas, questions: list[QuestionText], message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        publish_survey_version(
            actor=personas.national_admin, kind=SurveyKind.MAPPING, questions=questions
        )
    assert refused.value.messages == [message]
    assert SurveyVersion.objects.filter(kind=SurveyKind.MAPPING).count() == 1


def test_question_ids_may_come_as_text_but_scores_are_whole_numbers(
    personas: Personas, finished: ProgrammeRun
) -> None:
    # given scores keyed as JSON would key them; a score as text is refused
    as_text = {str(key): value for key, value in scores(SurveyKind.RUN, overall=5).items()}
    first = next(iter(as_text))
    with pytest.raises(ValidationError):
        answer_survey(actor=personas.a.company_user, run=finished, scores={**as_text, first: "5"})
    with pytest.raises(ValidationError):
        answer_survey(actor=personas.a.company_user, run=finished, scores={"x": 5})
    assert _counts() == (0, 0)
    # when / then
    response = answer_survey(actor=personas.a.company_user, run=finished, scores=as_text)
    assert (response.overall, response.answers.count()) == (5, 5)


def test_questions_may_be_given_as_mappings(personas: Personas) -> None:
    version = publish_survey_version(
        actor=personas.national_admin,
        kind=SurveyKind.MAPPING,
        questions=[
            {"text": "Hvor tilfreds er du samlet set?", "text_en": "Overall?", "is_overall": True}
        ],
    )
    assert list(version.questions.values_list("text", "text_en", "is_overall")) == [
        ("Hvor tilfreds er du samlet set?", "Overall?", True)
    ]
