"""Version 1 of the national satisfaction surveys: after a run and after a growth mapping.

Every question is on the 1–5 scale from "meget utilfreds" to "meget tilfreds"; the overall
question (one per version) is the one the results contracts count. The wording lives here,
not in app code, so that later edits cannot change what version 1 asked.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone

# (text, text_en, is_overall), in the order asked.
QUESTIONS: dict[str, list[tuple[str, str, bool]]] = {
    "run": [
        (
            "Hvor tilfreds er du med forløbets indhold og relevans for jeres virksomhed?",
            "How satisfied are you with the content and its relevance to your business?",
            False,
        ),
        (
            "Hvor tilfreds er du med sparringen med de andre deltagere?",
            "How satisfied are you with the sparring with the other participants?",
            False,
        ),
        (
            "Hvor tilfreds er du med oplægsholdere og facilitering?",
            "How satisfied are you with the speakers and the facilitation?",
            False,
        ),
        (
            "Hvor tilfreds er du med tilrettelæggelsen (tid, sted og information)?",
            "How satisfied are you with the arrangements (time, place and information)?",
            False,
        ),
        (
            "Hvor tilfreds er du samlet set med forløbet?",
            "Overall, how satisfied are you with the programme?",
            True,
        ),
    ],
    "mapping": [
        (
            "Hvor tilfreds er du med konsulentens forberedelse og kendskab til jeres virksomhed?",
            "How satisfied are you with the consultant's preparation and knowledge of your "
            "business?",
            False,
        ),
        (
            "Hvor tilfreds er du med, hvor konkrete jeres næste skridt blev?",
            "How satisfied are you with how concrete your next steps became?",
            False,
        ),
        (
            "Hvor tilfreds er du med henvisningen til relevante tilbud og samarbejdspartnere?",
            "How satisfied are you with the referrals to relevant offers and partners?",
            False,
        ),
        (
            "Hvor tilfreds er du samlet set med vækstkortlægningen?",
            "Overall, how satisfied are you with the growth mapping?",
            True,
        ),
    ],
}


def create_v1(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("programmes", "SurveyVersion")
    question_model = apps.get_model("programmes", "SurveyQuestion")
    for kind, questions in QUESTIONS.items():
        if version_model.objects.filter(kind=kind, number=1).exists():
            continue
        version = version_model.objects.create(kind=kind, number=1, published_at=timezone.now())
        question_model.objects.bulk_create(
            question_model(
                version=version, order=order, text=text, text_en=text_en, is_overall=overall
            )
            for order, (text, text_en, overall) in enumerate(questions, start=1)
        )


def remove_v1(apps: Any, schema_editor: Any) -> None:
    apps.get_model("programmes", "SurveyVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(create_v1, remove_v1)]
