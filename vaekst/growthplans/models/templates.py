"""The national mapping template, versioned and kept as data, and regions' own questions."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import AnswerKind, TemplateStatus
from vaekst.lib.languages import shown
from vaekst.organisations.models import Region


class MappingTemplateQuerySet(models.QuerySet["MappingTemplate"]):
    def published(self) -> "MappingTemplateQuerySet":
        return self.filter(status=TemplateStatus.PUBLISHED)


class MappingTemplate(models.Model):
    """One version of the national growth-mapping template. A published version is never
    edited, so mappings made with it stay comparable; a change means a new version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    # Shown to a reader of English; empty means the Danish title is shown.
    title_en = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = MappingTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("kortlægningsskabelon")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.shown_title} v{self.version}"

    @property
    def shown_title(self) -> str:
        return shown(self, "title")


class MappingArea(models.Model):
    """An area of the firm reviewed in a mapping (e.g. customers and market)."""

    template = models.ForeignKey(MappingTemplate, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(max_length=50)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Shown to a reader of English; empty means the Danish text is shown.
    title_en = models.CharField(max_length=200, blank=True)
    description_en = models.TextField(blank=True)

    class Meta:
        verbose_name = _("kortlægningsområde")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="area_key_per_template")
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        return shown(self, "title")

    @property
    def shown_description(self) -> str:
        return shown(self, "description")


class MappingFocusArea(models.Model):
    """A focus area within an area; each mapping gives it a status, a priority and a note."""

    area = models.ForeignKey(MappingArea, on_delete=models.CASCADE, related_name="focus_areas")
    key = models.SlugField(max_length=50)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    # Shown to a reader of English; empty means the Danish text is shown.
    title_en = models.CharField(max_length=200, blank=True)
    guidance_en = models.TextField(blank=True)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområder")
        ordering = ["area__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["area", "key"], name="focus_area_key_per_area")
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        return shown(self, "title")

    @property
    def shown_guidance(self) -> str:
        return shown(self, "guidance")


class RegionalQuestion(models.Model):
    """A question a region adds to a template version. Regions add questions, they never
    remove national ones, so mappings stay comparable nationwide."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mapping_questions")
    template = models.ForeignKey(
        MappingTemplate, on_delete=models.PROTECT, related_name="regional_questions"
    )
    key = models.SlugField(max_length=50)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    answer_kind = models.CharField(
        max_length=10, choices=AnswerKind.choices, default=AnswerKind.TEXT
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("regionalt spørgsmål")
        verbose_name_plural = _("regionale spørgsmål")
        ordering = ["region", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "template", "key"], name="regional_question_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
