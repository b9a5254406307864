"""Two users of the same firm answering the survey after a run at the same moment
(PostgreSQL, real connections in threads): one answer is kept, the other is refused with
the once-only message, and no answer rows are left behind."""

import pytest
from django.db import connection

from conftest import Personas
from vaekst.programmes.choices import SurveyKind
from vaekst.programmes.models import SurveyAnswer, SurveyResponse
from vaekst.programmes.services.surveys import answer_survey
from vaekst.programmes.tests.conftest import Training
from vaekst.programmes.tests.survey_helpers import finish, put_on, scores, user_of
from vaekst.programmes.tests.test_concurrent_enrolment import at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections"
)


def test_two_answers_for_one_firm_at_once_keep_one(
    transactional_db: None, personas: Personas, training: Training
) -> None:
    # given firm A on the finished run, and a colleague of its user
    put_on(training.run, personas.a.company, personas.a.consultant)
    run = finish(training.run)
    colleague = user_of(personas.a.company, personas.a.house, "firm_a_colleague")
    given = scores(SurveyKind.RUN, overall=5)
    # when both answer at once
    outcomes = at_once(
        lambda: answer_survey(actor=personas.a.company_user, run=run, scores=given),
        lambda: answer_survey(actor=colleague, run=run, scores=given),
    )
    # then
    assert outcomes == [
        "done",
        "refused: I har allerede besvaret spørgeskemaet om dette forløb. Tak for svaret.",
    ]
    assert (SurveyResponse.objects.count(), SurveyAnswer.objects.count()) == (1, 5)
