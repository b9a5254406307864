"""Managing the national mapping template and regions' own questions.

The national administrator keeps the template: a new version starts as a draft copy of the
version in force, may add areas and focus areas and reword or reorder them, and is then
published; mappings started after that use it, earlier mappings keep their version.

Comparability rule: mappings are compared across versions by area and focus-area key
(`selectors.mapping_comparison`). So a focus area (or area) of the published version cannot
be removed from a new version, nor moved to another area, and keys never change; only
additions, rewording and reordering are allowed. Removal is refused rather than recorded with
a reason because a missing focus area would leave every later comparison with a gap.

House managers (and the national administrator) add, reword and deactivate their region's
questions on the version in force; they never touch the national areas. Publishing a new
version carries every region's active questions over to it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.growthplans.choices import AnswerKind, TemplateStatus
from vaekst.growthplans.models import (
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    RegionalAnswer,
    RegionalQuestion,
)
from vaekst.lib.languages import reword
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Region
from vaekst.organisations.scoping import Area

KEY_LENGTH = 50


def can_edit_templates(user: Any) -> bool:
    """Only the national administrator changes the national template."""
    return bool(getattr(user, "is_authenticated", False) and Area.of(user).everything)


def can_manage_questions(user: Any, region_code: int | None) -> bool:
    """A house manager manages their own region's questions; the national administrator any
    region's. Growth consultants and everyone else only read them."""
    if not getattr(user, "is_authenticated", False) or region_code is None:
        return False
    area = Area.of(user)
    if area.everything:
        return True
    return user.role == Role.HOUSE_MANAGER and area.region_code == region_code


def latest_published() -> MappingTemplate | None:
    return MappingTemplate.objects.published().order_by("-version").first()


def _previous_published(template: MappingTemplate) -> MappingTemplate | None:
    return (
        MappingTemplate.objects.published()
        .filter(version__lt=template.version)
        .order_by("-version")
        .first()
    )


def _require_draft_editor(actor: Any, template: MappingTemplate) -> MappingTemplate:
    if not can_edit_templates(actor):
        raise PermissionDenied(_("Kun den nationale administrator ændrer skabelonen"))
    template = MappingTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(_("En offentliggjort version ændres ikke; opret en ny kladde"))
    return template


DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _unique_key(text: str, taken: set[str], fallback: str) -> str:
    base = slugify(text.translate(DANISH_LETTERS)).replace("-", "_")[: KEY_LENGTH - 4] or fallback
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def _clean_key(key: str) -> str:
    if key != slugify(key).replace("-", "_") or len(key) > KEY_LENGTH:
        raise ValidationError(
            _("Ugyldig nøgle: %(key)s (små bogstaver, tal og _)") % {"key": repr(key)}
        )
    return key


def _required(text: str, label: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Angiv %(what)s.") % {"what": label})
    return text


@transaction.atomic
def create_template_draft(*, actor: Any, title: str = "") -> MappingTemplate:
    """A new draft version: a copy of the latest published version's areas and focus areas."""
    if not can_edit_templates(actor):
        raise PermissionDenied(_("Kun den nationale administrator opretter skabelonversioner"))
    if MappingTemplate.objects.filter(status=TemplateStatus.DRAFT).exists():
        raise ValidationError(_("Der findes allerede en kladde til en ny version"))
    source = latest_published()
    version = (MappingTemplate.objects.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = MappingTemplate.objects.create(
        version=version,
        title=title.strip() or (source.title if source else "National vækstkortlægning"),
        # The English title goes with the Danish one it translates: kept when the title is.
        title_en=""
        if title.strip()
        else (source.title_en if source else "National growth mapping"),
        status=TemplateStatus.DRAFT,
    )
    if source is not None:
        for area in source.areas.prefetch_related("focus_areas"):
            copy = MappingArea.objects.create(
                template=draft,
                key=area.key,
                order=area.order,
                title=area.title,
                description=area.description,
                title_en=area.title_en,
                description_en=area.description_en,
            )
            MappingFocusArea.objects.bulk_create(
                MappingFocusArea(
                    area=copy,
                    key=focus.key,
                    order=focus.order,
                    title=focus.title,
                    guidance=focus.guidance,
                    title_en=focus.title_en,
                    guidance_en=focus.guidance_en,
                )
                for focus in area.focus_areas.all()
            )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=draft,
        changes={
            "version": [None, version],
            "copied_from": [None, getattr(source, "version", None)],
        },
    )
    return draft


@transaction.atomic
def set_area(
    *,
    actor: Any,
    template: MappingTemplate,
    title: str,
    description: str = "",
    key: str = "",
    order: int | None = None,
) -> MappingArea:
    """Add an area to a draft (a new key, derived from the title when not given) or reword
    or reorder the area with this key."""
    template = _require_draft_editor(actor, template)
    title = _required(title, _("en titel"))
    areas = template.areas.all()
    if key:
        area = areas.filter(key=_clean_key(key)).first()
    else:
        area = None
        key = _unique_key(title, set(areas.values_list("key", flat=True)), "omraade")
    if order is None:
        order = area.order if area else (areas.aggregate(Max("order"))["order__max"] or 0) + 1
    if area is None:
        area = MappingArea(template=template, key=key)
    reword(area, "title", title)
    reword(area, "description", description.strip())
    area.order = order
    area.full_clean(validate_unique=False, validate_constraints=False)
    area.save()
    return area


@transaction.atomic
def set_focus_area(
    *,
    actor: Any,
    template: MappingTemplate,
    area_key: str,
    title: str,
    guidance: str = "",
    key: str = "",
    order: int | None = None,
) -> MappingFocusArea:
    """Add a focus area to an area of a draft, or reword or reorder the one with this key. A
    focus area stays in its area: moving it would break comparisons with earlier mappings."""
    template = _require_draft_editor(actor, template)
    title = _required(title, _("en titel"))
    area = template.areas.filter(key=area_key).first()
    if area is None:
        raise ValidationError(_("Ukendt område: %(key)s") % {"key": area_key})
    in_template = MappingFocusArea.objects.filter(area__template=template)
    if key:
        key = _clean_key(key)
        elsewhere = in_template.filter(key=key).exclude(area=area).select_related("area").first()
        if elsewhere is not None:
            raise ValidationError(
                _("Fokusområdet %(key)s hører til området %(area)s og kan ikke flyttes")
                % {"key": key, "area": elsewhere.area.title}
            )
        focus = area.focus_areas.filter(key=key).first()
    else:
        focus = None
        key = _unique_key(title, set(in_template.values_list("key", flat=True)), "fokus")
    if order is None:
        siblings = area.focus_areas.aggregate(Max("order"))["order__max"] or 0
        order = focus.order if focus else siblings + 1
    if focus is None:
        focus = MappingFocusArea(area=area, key=key)
    reword(focus, "title", title)
    reword(focus, "guidance", guidance.strip())
    focus.order = order
    focus.full_clean(validate_unique=False, validate_constraints=False)
    focus.save()
    return focus


def _is_national(template: MappingTemplate, area_key: str, focus_key: str | None) -> bool:
    """Whether the area (or focus area) is in the version published before this draft."""
    previous = _previous_published(template)
    if previous is None:
        return False
    if focus_key is None:
        return previous.areas.filter(key=area_key).exists()
    return MappingFocusArea.objects.filter(
        area__template=previous, area__key=area_key, key=focus_key
    ).exists()


@transaction.atomic
def remove_focus_area(*, actor: Any, focus_area: MappingFocusArea) -> None:
    """Remove a focus area added in this draft. One of the published version is refused:
    reword it instead, so mappings stay comparable."""
    template = _require_draft_editor(actor, focus_area.area.template)
    if _is_national(template, focus_area.area.key, focus_area.key):
        raise ValidationError(
            _(
                "Fokusområdet findes i den gældende version og kan ikke fjernes, så "
                "kortlægninger forbliver sammenlignelige. Omformulér det i stedet."
            )
        )
    focus_area.delete()


@transaction.atomic
def remove_area(*, actor: Any, area: MappingArea) -> None:
    """Remove an area added in this draft (with its new focus areas); national ones stay."""
    template = _require_draft_editor(actor, area.template)
    if _is_national(template, area.key, None):
        raise ValidationError(
            _("Området findes i den gældende version og kan ikke fjernes. Omformulér det i stedet.")
        )
    area.delete()


@transaction.atomic
def publish_template(*, actor: Any, template: MappingTemplate) -> MappingTemplate:
    """Publish a draft: mappings started from now on use it. Every region's active questions
    are carried over from the version it replaces."""
    template = _require_draft_editor(actor, template)
    areas = list(template.areas.prefetch_related("focus_areas"))
    if not areas:
        raise ValidationError(_("Skabelonen skal have mindst ét område"))
    empty = [area.title for area in areas if not area.focus_areas.all()]
    if empty:
        raise ValidationError(
            _("Områder uden fokusområder: %(areas)s") % {"areas": ", ".join(empty)}
        )
    previous = _previous_published(template)
    if previous is not None:
        present = {(area.key, focus.key) for area in areas for focus in area.focus_areas.all()}
        missing = [
            f"{focus.area.title}: {focus.title}"
            for focus in MappingFocusArea.objects.filter(area__template=previous).select_related(
                "area"
            )
            if (focus.area.key, focus.key) not in present
        ]
        if missing:
            raise ValidationError(
                _("Fokusområder fra den gældende version mangler: %(missing)s")
                % {"missing": ", ".join(missing)}
            )
        RegionalQuestion.objects.bulk_create(
            RegionalQuestion(
                region_id=question.region_id,
                template=template,
                key=question.key,
                order=question.order,
                text=question.text,
                answer_kind=question.answer_kind,
            )
            for question in previous.regional_questions.filter(is_active=True)
        )
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=template,
        changes={"status": [TemplateStatus.DRAFT, TemplateStatus.PUBLISHED]},
    )
    return template


def _require_questions(actor: Any, region_code: int | None) -> None:
    if not can_manage_questions(actor, region_code):
        raise PermissionDenied(_("Du må ikke ændre denne regions spørgsmål"))


def _in_force(question: RegionalQuestion) -> None:
    current = latest_published()
    if current is None or question.template_id != current.pk:
        raise ValidationError(_("Spørgsmålet hører til en tidligere version af skabelonen"))


def _clean_kind(answer_kind: str) -> str:
    if answer_kind not in AnswerKind.values:
        raise ValidationError(f"Ukendt svartype: {answer_kind}")
    return answer_kind


@transaction.atomic
def add_regional_question(
    *,
    actor: Any,
    region: Region,
    text: str,
    answer_kind: str = AnswerKind.TEXT,
    order: int | None = None,
) -> RegionalQuestion:
    """Add a question for the region's firms to the version in force."""
    _require_questions(actor, region.pk)
    template = latest_published()
    if template is None:
        raise ValidationError(_("Der er ingen offentliggjort kortlægningsskabelon."))
    text = _required(text, _("spørgsmålet"))
    existing = RegionalQuestion.objects.filter(region=region, template=template)
    if order is None:
        order = (existing.aggregate(Max("order"))["order__max"] or 0) + 1
    question = RegionalQuestion(
        region=region,
        template=template,
        key=_unique_key(text, set(existing.values_list("key", flat=True)), "spoergsmaal"),
        order=order,
        text=text,
        answer_kind=_clean_kind(answer_kind),
    )
    question.full_clean(validate_unique=False, validate_constraints=False)
    question.save()
    record(actor=actor, action=AuditAction.CREATE, obj=question, changes={"text": [None, text]})
    return question


@transaction.atomic
def update_regional_question(
    *,
    actor: Any,
    question: RegionalQuestion,
    text: str,
    answer_kind: str | None = None,
    order: int | None = None,
) -> RegionalQuestion:
    """Reword or reorder a question. Its answer kind changes only while nobody has answered
    it, since earlier answers would no longer fit."""
    question = RegionalQuestion.objects.select_for_update().get(pk=question.pk)
    _require_questions(actor, question.region_id)
    _in_force(question)
    before = question.text
    question.text = _required(text, _("spørgsmålet"))
    if answer_kind is not None and answer_kind != question.answer_kind:
        if RegionalAnswer.objects.filter(question=question).exists():
            raise ValidationError(_("Svartypen kan ikke ændres, når spørgsmålet er besvaret"))
        question.answer_kind = _clean_kind(answer_kind)
    if order is not None:
        question.order = order
    question.full_clean(validate_unique=False, validate_constraints=False)
    question.save(update_fields=["text", "answer_kind", "order"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=question,
        changes={"text": [before, question.text]} if before != question.text else {},
    )
    return question


@transaction.atomic
def deactivate_regional_question(*, actor: Any, question: RegionalQuestion) -> RegionalQuestion:
    """Stop asking a question; answers already given are kept."""
    question = RegionalQuestion.objects.select_for_update().get(pk=question.pk)
    _require_questions(actor, question.region_id)
    _in_force(question)
    if not question.is_active:
        raise ValidationError(_("Spørgsmålet er allerede deaktiveret"))
    question.is_active = False
    question.save(update_fields=["is_active"])
    record(
        actor=actor, action=AuditAction.UPDATE, obj=question, changes={"is_active": [True, False]}
    )
    return question
