"""Reads for the mapping-template pages: the version in force, the versions, one version's
outline, and a region's questions."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vaekst.growthplans.choices import TemplateStatus
from vaekst.growthplans.models import (
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    RegionalQuestion,
)
from vaekst.growthplans.services.templates import can_edit_templates, latest_published
from vaekst.organisations.models import Region
from vaekst.organisations.scoping import Area, get_visible_or_404, visible_to


def may_read_templates(user: Any) -> bool:
    """Staff (caseworkers and the national administrator) read the template; firms' users
    and partners work through mappings they are shown."""
    if not getattr(user, "is_authenticated", False):
        return False
    area = Area.of(user)
    return area.everything or area.is_regional or area.is_municipal


def template_in_force() -> MappingTemplate | None:
    return latest_published()


def template_versions(user: Any) -> QuerySet[MappingTemplate]:
    """Every published version, and the draft for those who edit the template."""
    versions = visible_to(user, MappingTemplate.objects.order_by("-version"))
    if not can_edit_templates(user):
        versions = versions.filter(status=TemplateStatus.PUBLISHED)
    return versions


def get_template(user: Any, public_id: UUID) -> MappingTemplate:
    """A version by its public id; a draft is 404 for all but its editors."""
    return get_visible_or_404(user, template_versions(user), public_id=public_id)


def current_draft(user: Any) -> MappingTemplate | None:
    if not can_edit_templates(user):
        return None
    return MappingTemplate.objects.filter(status=TemplateStatus.DRAFT).first()


def outline(template: MappingTemplate) -> list[MappingArea]:
    """The version's areas in order, each with its focus areas prefetched in order."""
    focus_areas = MappingFocusArea.objects.order_by("order", "id")
    return list(
        template.areas.order_by("order", "id").prefetch_related(
            Prefetch("focus_areas", queryset=focus_areas)
        )
    )


@dataclass
class Comparison:
    """What a draft changes relative to the version it replaces, by area and focus key."""

    previous: MappingTemplate | None
    national: set[tuple[str, str]] = field(default_factory=set)
    national_areas: set[str] = field(default_factory=set)


def comparison(template: MappingTemplate) -> Comparison:
    previous = (
        MappingTemplate.objects.published()
        .filter(version__lt=template.version)
        .order_by("-version")
        .first()
    )
    if previous is None:
        return Comparison(previous=None)
    keys = MappingFocusArea.objects.filter(area__template=previous).values_list("area__key", "key")
    return Comparison(
        previous=previous,
        national=set(keys),
        national_areas=set(previous.areas.values_list("key", flat=True)),
    )


def user_region(user: Any, requested: str | None = None) -> Region | None:
    """The region whose questions the page shows: the user's house or municipality's region;
    the national administrator picks one (`requested`, a region code)."""
    area = Area.of(user)
    if area.everything:
        if requested and requested.isdigit():
            return Region.objects.filter(code=int(requested)).first()
        return None
    if area.region_code is not None:
        return Region.objects.filter(code=area.region_code).first()
    if area.municipality_code is not None:
        return Region.objects.filter(municipalities__code=area.municipality_code).first()
    return None


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def regional_questions(
    user: Any, template: MappingTemplate | None, region: Region | None
) -> list[RegionalQuestion]:
    """The region's questions on the version, active first, in order."""
    if template is None or region is None:
        return []
    questions = visible_to(
        user, RegionalQuestion.objects.filter(template=template, region=region)
    ).order_by("-is_active", "order", "id")
    return list(questions)


def get_regional_question(user: Any, public_id: UUID) -> RegionalQuestion:
    """A question by its public id, for the pages that manage it (the service decides who may
    change it)."""
    question = get_visible_or_404(
        user, RegionalQuestion.objects.select_related("region", "template"), public_id=public_id
    )
    if not may_read_templates(user):
        raise Http404("Not found")
    return question
