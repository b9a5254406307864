"""A region's own questions are answered with inputs that fit their answer type (a 1-5
scale, yes/no, a number, text), and a wrong answer is refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import AnswerKind, Priority
from vaekst.growthplans.models import Mapping, RegionalAnswer, RegionalQuestion
from vaekst.growthplans.services import (
    AnswerInput,
    add_regional_question,
    complete_mapping,
    record_answers,
    start_mapping,
)
from vaekst.organisations.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(personas: Personas) -> dict[str, RegionalQuestion]:
    region = Region.objects.get(code=1084)
    asked = {
        "scale": ("Hvor digital er virksomheden?", AnswerKind.SCALE),
        "yes_no": ("Arbejder I med eksport?", AnswerKind.YES_NO),
        "number": ("Hvor mange kunder har I?", AnswerKind.NUMBER),
        "text": ("Hvad har I brug for?", AnswerKind.TEXT),
    }
    return {
        name: add_regional_question(
            actor=personas.a.manager, region=region, text=text, answer_kind=kind
        )
        for name, (text, kind) in asked.items()
    }


@pytest.fixture
def mapping(personas: Personas) -> Mapping:
    return start_mapping(
        actor=personas.a.consultant, company=personas.a.company, held_on=datetime.date(2025, 2, 3)
    )


def _answer(personas: Personas, mapping: Mapping, **values: str) -> None:
    record_answers(actor=personas.a.consultant, mapping=mapping, regional_answers=values)


def _stored(mapping: Mapping) -> dict[str, str]:
    return {
        answer.question.answer_kind: answer.value
        for answer in RegionalAnswer.objects.filter(mapping=mapping).select_related("question")
    }


def test_answers_are_stored_in_the_form_of_their_type(
    personas: Personas, questions: dict[str, RegionalQuestion], mapping: Mapping
) -> None:
    # when
    _answer(
        personas,
        mapping,
        **{
            questions["scale"].key: "4",
            questions["yes_no"].key: "yes",
            questions["number"].key: "1.250.000",
            questions["text"].key: "  Kapital  ",
        },
    )
    # then a Danish number is stored plainly, text trimmed
    assert _stored(mapping) == {
        AnswerKind.SCALE: "4",
        AnswerKind.YES_NO: "yes",
        AnswerKind.NUMBER: "1250000",
        AnswerKind.TEXT: "Kapital",
    }
    _answer(personas, mapping, **{questions["number"].key: "12,5"})
    assert _stored(mapping)[AnswerKind.NUMBER] == "12.5"


def test_wrong_answers_are_refused_and_nothing_is_saved(
    personas: Personas, questions: dict[str, RegionalQuestion], mapping: Mapping
) -> None:
    # given one valid answer stored
    _answer(personas, mapping, **{questions["scale"].key: "2"})
    # when every typed question is answered wrongly, with a valid text answer beside them
    with pytest.raises(ValidationError) as refused:
        _answer(
            personas,
            mapping,
            **{
                questions["scale"].key: "6",
                questions["yes_no"].key: "måske",
                questions["number"].key: "mange",
                questions["text"].key: "Noget",
            },
        )
    # then each is named with its reason, and nothing changed
    assert refused.value.message_dict == {
        questions["scale"].key: ["»Hvor digital er virksomheden?«: vælg et tal fra 1 til 5."],
        questions["yes_no"].key: ["»Arbejder I med eksport?«: svar ja eller nej."],
        questions["number"].key: ["»Hvor mange kunder har I?«: skriv et tal."],
    }
    assert _stored(mapping) == {AnswerKind.SCALE: "2"}


def test_the_page_renders_inputs_that_fit_the_answer_type(
    personas: Personas, questions: dict[str, RegionalQuestion], mapping: Mapping
) -> None:
    client = Client()
    client.force_login(personas.a.consultant)
    page = client.get(f"/vaekstkortlaegninger/{mapping.public_id}/").content.decode()
    scale, yes_no = questions["scale"].key, questions["yes_no"].key
    number, text = questions["number"].key, questions["text"].key
    for value in range(1, 6):
        assert (
            f'<input type="radio" id="q-{scale}-{value}" name="q-{scale}" value="{value}">' in page
        )
    assert f'name="q-{yes_no}" value="yes">' in page and f'name="q-{yes_no}" value="no">' in page
    assert (
        f'<input class="form-input input-width-s" type="text" inputmode="decimal" '
        f'id="q-{number}" name="q-{number}" value="">' in page
    )
    assert f'<textarea class="form-input" rows="2" id="q-{text}" name="q-{text}">' in page


def _details(**extra: str) -> dict[str, str]:
    return {"m-held_on": "2025-02-03", "status-sales": "3", **extra}


def test_a_wrong_answer_on_the_page_is_shown_and_saves_nothing(
    personas: Personas, questions: dict[str, RegionalQuestion], mapping: Mapping
) -> None:
    client = Client()
    client.force_login(personas.a.consultant)
    url = f"/vaekstkortlaegninger/{mapping.public_id}/"
    number = questions["number"].key
    # when a number question gets a word, with a valid scale answer beside it
    response = client.post(
        url, _details(**{f"q-{number}": "mange", f"q-{questions['scale'].key}": "3"})
    )
    # then the page answers 400 with the reason at the question, keeping what was typed
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f'<span class="form-error-message" id="q-{number}-error"><span class="sr-only">Fejl:'
        "</span> »Hvor mange kunder har I?«: skriv et tal.</span>" in page
    )
    assert f'name="q-{number}" value="mange"' in page
    # and nothing was saved, neither the answers nor the focus-area statuses
    assert not RegionalAnswer.objects.filter(mapping=mapping).exists()
    assert not mapping.answers.exists()
    # when corrected, it is saved
    assert client.post(url, _details(**{f"q-{number}": "40"})).status_code == 302
    assert _stored(mapping) == {
        AnswerKind.SCALE: "",
        AnswerKind.YES_NO: "",
        AnswerKind.NUMBER: "40",
        AnswerKind.TEXT: "",
    }


def test_a_completed_mapping_reads_yes_no_and_scale_answers(
    personas: Personas, questions: dict[str, RegionalQuestion], mapping: Mapping
) -> None:
    record_answers(
        actor=personas.a.consultant,
        mapping=mapping,
        answers=[AnswerInput("sales", 3, Priority.HIGH)],
        regional_answers={questions["scale"].key: "4", questions["yes_no"].key: "no"},
    )
    client = Client()
    client.force_login(personas.a.consultant)
    complete_mapping(actor=personas.a.consultant, mapping=mapping)
    page = client.get(f"/vaekstkortlaegninger/{mapping.public_id}/").content.decode()
    assert "<dt>Hvor digital er virksomheden?</dt><dd>4 af 5</dd>" in page
    assert "<dt>Arbejder I med eksport?</dt><dd>Nej</dd>" in page
