"""Mapping sessions: one review of one firm with the template, and its answers."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import MappingStatus, Priority
from vaekst.growthplans.models.templates import MappingFocusArea, MappingTemplate, RegionalQuestion
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company


class Mapping(models.Model):
    """A growth mapping session with a firm: who took part, the firm's ambition in three
    years, barriers, capital need, which actors to involve, and per focus area an answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="mappings")
    template = models.ForeignKey(MappingTemplate, on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(verbose_name=_("dato"))
    participants = models.TextField(blank=True, verbose_name=_("deltagere"))
    status = models.CharField(
        max_length=10, choices=MappingStatus.choices, default=MappingStatus.DRAFT
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # The ambition: where the firm wants to be in three years (target_year).
    ambition_jobs = models.IntegerField(null=True, blank=True, verbose_name=_("flere job"))
    ambition_gross_profit = models.BigIntegerField(
        null=True, blank=True, verbose_name=_("bruttofortjeneste (kr.)")
    )
    ambition_revenue = models.BigIntegerField(
        null=True, blank=True, verbose_name=_("omsætning (kr.)")
    )
    ambition_export = models.BigIntegerField(null=True, blank=True, verbose_name=_("eksport (kr.)"))
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    barriers = models.TextField(blank=True, verbose_name=_("barrierer"))
    capital_need = models.BigIntegerField(
        null=True, blank=True, verbose_name=_("kapitalbehov (kr.)")
    )
    capital_note = models.TextField(blank=True)
    actors = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("aktører")
    )
    actors_other = models.TextField(blank=True, verbose_name=_("andre aktører"))
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vækstkortlægning")
        verbose_name_plural = _("vækstkortlægninger")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["company", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.company} {self.held_on}"

    @property
    def is_completed(self) -> bool:
        return self.status == MappingStatus.COMPLETED


class MappingAnswer(models.Model):
    """A focus area's status (1 weak - 5 strong), priority and note in one mapping."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="answers")
    focus_area = models.ForeignKey(MappingFocusArea, on_delete=models.PROTECT, related_name="+")
    status = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("svar")
        ordering = ["focus_area__area__order", "focus_area__order"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "focus_area"], name="one_answer_per_focus"),
            models.CheckConstraint(
                condition=models.Q(status__isnull=True) | models.Q(status__gte=1, status__lte=5),
                name="answer_status_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mapping_id}/{self.focus_area_id}: {self.status}"


class RegionalAnswer(models.Model):
    """The answer to a region's own question in one mapping."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="regional_answers")
    question = models.ForeignKey(RegionalQuestion, on_delete=models.PROTECT, related_name="+")
    value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("regionalt svar")
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "question"], name="one_regional_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mapping_id}/{self.question_id}"
