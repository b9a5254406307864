"""Satisfaction surveys: the firm answers once after a run it took part in and once after a
completed growth mapping; the national administrator publishes new versions of the questions.

Who may answer: only a user of the firm itself. When: after the run is finished, if the firm
held a place on it (and, where the organiser registered attendance, came at least once); or
after a mapping of the firm is completed. What: every question of the version in force, on
the 1–5 scale. The database's unique constraints keep it to one answer per run (or mapping)
and firm, also when two answers are sent at the same moment.
"""

from collections.abc import Iterable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import Mapping
from vaekst.programmes.choices import EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    ProgrammeRun,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyVersion,
)
from vaekst.programmes.services.enrolment import is_member
from vaekst.register.models import Company

SCALE = range(1, 6)
MAX_QUESTIONS = 10


def current_version(kind: str) -> SurveyVersion | None:
    """The newest published version of the survey of `kind`, the one asked now."""
    return (
        SurveyVersion.objects.filter(kind=kind, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def took_part(run: ProgrammeRun, company: Company) -> bool:
    """Whether the firm held a place on the run, and came at least once where the organiser
    registered attendance at all."""
    enrolment = Enrolment.objects.filter(
        run=run, company=company, status=EnrolmentStatus.ENROLLED
    ).first()
    if enrolment is None:
        return False
    registered = Attendance.objects.filter(enrolment__run=run)
    if not registered.exists():
        return True
    return registered.filter(enrolment=enrolment, present=True).exists()


def run_refusal(run: ProgrammeRun, company: Company) -> str | None:
    """Why the firm cannot answer the survey after the run, or None."""
    if run.status != RunStatus.FINISHED:
        return _("Spørgeskemaet kan først besvares, når forløbet er afsluttet.")
    if not took_part(run, company):
        return _("Virksomheden deltog ikke i forløbet.")
    return None


def mapping_refusal(mapping: Mapping) -> str | None:
    if mapping.status != MappingStatus.COMPLETED:
        return _("Spørgeskemaet kan først besvares, når vækstkortlægningen er afsluttet.")
    return None


def _firm_on_run(actor: Any, run: ProgrammeRun) -> Company | None:
    """The actor's own firm that held a place on the run, else one of theirs that was on it
    at all (waitlisted, cancelled); None when none of their firms was ever on it."""
    if not getattr(actor, "pk", None):
        return None
    own = Company.objects.filter(memberships__user=actor).order_by("pk")
    on_run = Enrolment.objects.filter(run=run)
    enrolled = on_run.filter(status=EnrolmentStatus.ENROLLED)
    return (
        own.filter(pk__in=enrolled.values("company_id")).first()
        or own.filter(pk__in=on_run.values("company_id")).first()
    )


def _by_question_id(scores: MappingType[Any, Any]) -> dict[int, Any]:
    """The scores keyed by question id, also when the ids came as text (JSON)."""
    try:
        return {int(key): value for key, value in scores.items()}
    except (TypeError, ValueError):
        raise ValidationError(_("Svarene hører ikke til spørgeskemaets spørgsmål.")) from None


def _check_scores(version: SurveyVersion, scores: MappingType[int, int]) -> SurveyQuestion:
    """Every question of `version` answered on the scale; returns the overall question."""
    questions = list(version.questions.all())
    asked = {question.pk for question in questions}
    given = set(scores)
    if given - asked:
        raise ValidationError(_("Svarene hører ikke til spørgeskemaets spørgsmål."))
    missing = [question for question in questions if question.pk not in given]
    if missing:
        raise ValidationError(
            _("Besvar alle spørgsmål. Mangler: %(questions)s")
            % {"questions": "; ".join(question.shown_text for question in missing)}
        )
    if any(
        isinstance(scores[question.pk], bool) or scores[question.pk] not in SCALE
        for question in questions
    ):
        raise ValidationError(_("Hvert svar skal være et tal fra 1 til 5."))
    overall = next((question for question in questions if question.is_overall), None)
    if overall is None:
        raise ValidationError(_("Spørgeskemaet har intet samlet spørgsmål."))
    return overall


def has_answered(
    company: Company, *, run: ProgrammeRun | None = None, mapping: Mapping | None = None
) -> bool:
    answered = SurveyResponse.objects.filter(company=company)
    return (answered.filter(run=run) if run else answered.filter(mapping=mapping)).exists()


def _already(kind: str) -> str:
    if kind == SurveyKind.RUN:
        return _("I har allerede besvaret spørgeskemaet om dette forløb. Tak for svaret.")
    return _("I har allerede besvaret spørgeskemaet om denne vækstkortlægning. Tak for svaret.")


@transaction.atomic
def answer_survey(
    *,
    actor: Any,
    run: ProgrammeRun | None = None,
    mapping: Mapping | None = None,
    scores: MappingType[Any, Any],
    comment: str = "",
) -> SurveyResponse:
    """The firm's answer to the survey after `run` or after `mapping` (exactly one)."""
    if (run is None) == (mapping is None):
        raise ValueError("Answer a survey after a run or after a mapping, not both or neither")
    if run is not None:
        kind = SurveyKind.RUN
        company = _firm_on_run(actor, run)
        if company is None or not is_member(actor, company):
            raise PermissionDenied("Only the firm's own user answers its survey")
        refusal = run_refusal(run, company)
    else:
        assert mapping is not None
        kind = SurveyKind.MAPPING
        company = mapping.company
        if not is_member(actor, company):
            raise PermissionDenied("Only the firm's own user answers its survey")
        refusal = mapping_refusal(mapping)
    if refusal:
        raise ValidationError(refusal)
    if has_answered(company, run=run, mapping=mapping):
        raise ValidationError(_already(kind))
    version = current_version(kind)
    if version is None:
        raise ValidationError(_("Der er intet spørgeskema at besvare endnu."))
    scores = _by_question_id(scores)
    overall = _check_scores(version, scores)
    response = SurveyResponse(
        version=version,
        company=company,
        run=run,
        mapping=mapping,
        overall=scores[overall.pk],
        comment=comment.strip()[:5000],
        answered_by=actor,
        answered_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # The same firm answered a moment ago (a colleague, a second tab).
        raise ValidationError(_already(kind)) from None
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question_id=key, score=score)
        for key, score in scores.items()
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=response,
        company=company,
        changes=diff(
            {},
            {
                "kind": kind,
                "run": str(run.public_id) if run else None,
                "mapping": str(mapping.public_id) if mapping else None,
                "version": version.number,
                "overall": response.overall,
                "scores": {str(key): score for key, score in sorted(scores.items())},
                "comment": response.comment or None,
            },
        ),
    )
    return response


@dataclass(frozen=True)
class QuestionText:
    """A question of a version about to be published."""

    text: str
    text_en: str = ""
    is_overall: bool = False


def may_publish(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "is_national_admin", False)
    )


def _question(item: QuestionText | MappingType[str, Any]) -> QuestionText:
    if isinstance(item, QuestionText):
        return item
    return QuestionText(
        text=str(item.get("text") or ""),
        text_en=str(item.get("text_en") or ""),
        is_overall=bool(item.get("is_overall")),
    )


def _clean_questions(
    questions: Iterable[QuestionText | MappingType[str, Any]],
) -> list[QuestionText]:
    given = [_question(item) for item in questions]
    cleaned = [
        QuestionText(q.text.strip(), q.text_en.strip(), q.is_overall)
        for q in given
        if q.text.strip()
    ]
    if not cleaned:
        raise ValidationError(_("Et spørgeskema skal have mindst ét spørgsmål."))
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            _("Et spørgeskema kan højst have %(count)s spørgsmål.") % {"count": MAX_QUESTIONS}
        )
    if sum(1 for q in cleaned if q.is_overall) != 1:
        raise ValidationError(_("Præcis ét spørgsmål skal være det samlede tilfredshedsspørgsmål."))
    if any(len(q.text) > 300 or len(q.text_en) > 300 for q in cleaned):
        raise ValidationError(_("Et spørgsmål kan højst være 300 tegn."))
    return cleaned


@transaction.atomic
def publish_survey_version(
    *, actor: Any, kind: str, questions: Iterable[QuestionText | MappingType[str, Any]]
) -> SurveyVersion:
    """Publish the next version of the survey of `kind`: `questions` in order, as
    QuestionText or {"text", "text_en", "is_overall"}; it is asked from now on. Answers
    already given keep the version they answered."""
    if not may_publish(actor):
        raise PermissionDenied("Only the national administrator publishes survey versions")
    if kind not in SurveyKind.values:
        raise ValidationError(_("Ukendt spørgeskema."))
    cleaned = _clean_questions(questions)
    # Lock the kind's versions so two publications get two numbers.
    list(SurveyVersion.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
    latest = SurveyVersion.objects.filter(kind=kind).aggregate(latest=Max("number"))["latest"]
    version = SurveyVersion(
        kind=kind, number=(latest or 0) + 1, published_at=timezone.now(), created_by=actor
    )
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise ValidationError(_("En anden version blev udgivet samtidig. Prøv igen.")) from None
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            version=version,
            order=order,
            text=q.text,
            text_en=q.text_en,
            is_overall=q.is_overall,
        )
        for order, q in enumerate(cleaned, start=1)
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=version,
        changes=diff(
            {},
            {
                "kind": kind,
                "number": version.number,
                "questions": [q.text for q in cleaned],
                "overall": next(q.text for q in cleaned if q.is_overall),
            },
        ),
    )
    return version
