"""Growth mapping sessions: start, record answers and the firm's ambition, complete."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.growthplans.choices import AnswerKind, MappingStatus, TemplateStatus
from vaekst.growthplans.models import (
    Mapping,
    MappingAnswer,
    MappingFocusArea,
    MappingTemplate,
    RegionalAnswer,
    RegionalQuestion,
)
from vaekst.growthplans.services.common import require_staff
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company

DETAIL_FIELDS = (
    "held_on",
    "participants",
    "ambition_jobs",
    "ambition_gross_profit",
    "ambition_revenue",
    "ambition_export",
    "target_year",
    "barriers",
    "capital_need",
    "capital_note",
    "actors_other",
    "notes",
)


@dataclass(frozen=True)
class AnswerInput:
    """One focus area's answer, by the focus area's key within the mapping's template."""

    focus_area_key: str
    status: int | None = None
    priority: str = ""
    note: str = ""


def current_template() -> MappingTemplate:
    template = MappingTemplate.objects.published().order_by("-version").first()
    if template is None:
        raise ValidationError(_("Der er ingen offentliggjort kortlægningsskabelon."))
    return template


def _editable(actor: Any, mapping: Mapping) -> None:
    require_staff(actor, mapping.company)
    if mapping.status != MappingStatus.DRAFT:
        raise ValidationError(_("Kortlægningen er afsluttet og kan ikke ændres."))


def _values(mapping: Mapping) -> dict[str, Any]:
    return {name: getattr(mapping, name) for name in DETAIL_FIELDS}


@transaction.atomic
def start_mapping(
    *,
    actor: Any,
    company: Company,
    held_on: datetime.date,
    participants: str = "",
    template: MappingTemplate | None = None,
) -> Mapping:
    """Open a draft mapping of `company` with the current national template."""
    require_staff(actor, company)
    template = template or current_template()
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError(_("Skabelonen er ikke offentliggjort."))
    mapping = Mapping(
        company=company,
        template=template,
        consultant=actor,
        organisation=actor.organisation,
        held_on=held_on,
        participants=participants,
    )
    mapping.full_clean()
    mapping.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=mapping,
        company=company,
        changes=diff({}, {"held_on": held_on.isoformat(), "participants": participants}),
    )
    return mapping


@transaction.atomic
def update_mapping(
    *,
    actor: Any,
    mapping: Mapping,
    actors: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Mapping:
    """Change the session's details: date, participants, ambition, barriers, capital need,
    notes, and (when given) the partner organisations to involve."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown mapping fields: {sorted(unknown)}")
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    _editable(actor, mapping)
    before = _values(mapping)
    for name, value in fields.items():
        setattr(mapping, name, value)
    mapping.full_clean()
    mapping.save()
    if actors is not None:
        actors = list(actors)
        if any(o.kind != OrganisationKind.PARTNER for o in actors):
            raise ValidationError({"actors": _("Vælg partnerorganisationer.")})
        mapping.actors.set(actors)
    changes = diff(
        {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in _values(mapping).items()}
    )
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=mapping,
            company=mapping.company,
            changes=changes,
        )
    return mapping


YES, NO = "yes", "no"
SCALE_VALUES = {"1", "2", "3", "4", "5"}
MAX_TEXT_ANSWER = 2000
# Danish thousands separators: 1.250.000 (with an optional decimal comma).
_DANISH_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")


def _number(text: str) -> Decimal | None:
    text = text.replace(" ", "").replace("\u00a0", "")
    if _DANISH_THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def clean_regional_answer(question: RegionalQuestion, raw: str) -> str:
    """A region's question's answer as stored, checked against its answer type: a status
    1-5, yes or no, a number (Danish "1.250,5" or "1250.5", stored as "1250.5"), or text.
    Empty is no answer."""
    value = raw.strip()
    if not value:
        return ""
    kind = question.answer_kind
    if kind == AnswerKind.SCALE and value not in SCALE_VALUES:
        raise ValidationError(
            _("»%(question)s«: vælg et tal fra 1 til 5.") % {"question": question.text}
        )
    if kind == AnswerKind.YES_NO and value not in (YES, NO):
        raise ValidationError(_("»%(question)s«: svar ja eller nej.") % {"question": question.text})
    if kind == AnswerKind.NUMBER:
        number = _number(value)
        if number is None:
            raise ValidationError(_("»%(question)s«: skriv et tal.") % {"question": question.text})
        return f"{number.normalize():f}"
    if len(value) > MAX_TEXT_ANSWER:
        raise ValidationError(
            _("»%(question)s«: højst %(limit)s tegn.")
            % {"question": question.text, "limit": MAX_TEXT_ANSWER}
        )
    return value


def clean_regional_answers(
    questions: dict[str, RegionalQuestion], raw: dict[str, str]
) -> dict[str, str]:
    """All answers checked; a ValidationError names every question answered wrongly."""
    cleaned, errors = {}, {}
    for key, value in raw.items():
        if key not in questions:
            raise ValidationError(_("Ukendt regionalt spørgsmål: %(key)s") % {"key": key})
        try:
            cleaned[key] = clean_regional_answer(questions[key], value)
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def record_answers(
    *,
    actor: Any,
    mapping: Mapping,
    answers: Iterable[AnswerInput] = (),
    regional_answers: dict[str, str] | None = None,
) -> Mapping:
    """Set focus-area answers (and the region's own questions, by key); answers not named
    are left as they are."""
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    _editable(actor, mapping)
    focus_areas = {
        focus.key: focus
        for focus in MappingFocusArea.objects.filter(area__template_id=mapping.template_id)
    }
    for answer in answers:
        focus = focus_areas.get(answer.focus_area_key)
        if focus is None:
            raise ValidationError(_("Ukendt fokusområde: %(key)s") % {"key": answer.focus_area_key})
        row = MappingAnswer(
            mapping=mapping,
            focus_area=focus,
            status=answer.status,
            priority=answer.priority,
            note=answer.note,
        )
        row.full_clean(validate_unique=False, validate_constraints=False)
        MappingAnswer.objects.update_or_create(
            mapping=mapping,
            focus_area=focus,
            defaults={"status": answer.status, "priority": answer.priority, "note": answer.note},
        )
    if regional_answers:
        region_id = getattr(mapping.company.municipality, "region_id", None)
        questions = {
            q.key: q
            for q in RegionalQuestion.objects.filter(
                template_id=mapping.template_id, is_active=True
            ).filter(region_id=region_id if region_id is not None else -1)
        }
        for key, value in clean_regional_answers(questions, regional_answers).items():
            RegionalAnswer.objects.update_or_create(
                mapping=mapping, question=questions[key], defaults={"value": value}
            )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mapping,
        company=mapping.company,
        changes={"answers": [None, "recorded"]},
    )
    return mapping


@transaction.atomic
def complete_mapping(*, actor: Any, mapping: Mapping) -> Mapping:
    """Close the session: the firm can now see it and a plan can be made from it."""
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    _editable(actor, mapping)
    if not mapping.answers.exclude(status=None).exists():
        raise ValidationError(
            _("Giv mindst ét fokusområde en status, før kortlægningen afsluttes.")
        )
    mapping.status = MappingStatus.COMPLETED
    mapping.completed_at = timezone.now()
    mapping.save(update_fields=["status", "completed_at", "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mapping,
        company=mapping.company,
        changes={"status": [MappingStatus.DRAFT, MappingStatus.COMPLETED]},
    )
    return mapping
