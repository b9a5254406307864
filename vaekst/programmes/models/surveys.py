from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.models import Mapping
from vaekst.lib.languages import shown
from vaekst.programmes.choices import SurveyKind
from vaekst.programmes.models.runs import ProgrammeRun
from vaekst.register.models import Company


class SurveyVersion(models.Model):
    """One nationally set version of the satisfaction questions for runs or for mappings.
    The newest published version is asked; answers keep the version they were given to."""

    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spørgeskemaversion")
        verbose_name_plural = _("spørgeskemaversioner")
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_survey_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.number}"


class SurveyQuestion(models.Model):
    """A question on the 1–5 scale. The overall question (one per version) decides whether
    the firm counts as satisfied."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300, verbose_name=_("spørgsmål"))
    text_en = models.CharField(max_length=300, blank=True, verbose_name=_("spørgsmål på engelsk"))
    is_overall = models.BooleanField(default=False, verbose_name=_("samlet tilfredshed"))

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return shown(self, "text")


class SurveyResponse(models.Model):
    """A firm's answers after a run or a mapping: once per run (or mapping) and firm."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="survey_responses")
    run = models.ForeignKey(
        ProgrammeRun, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    mapping = models.ForeignKey(
        Mapping, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The answer to the overall question, stored for the satisfaction share.
    overall = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, verbose_name=_("kommentar"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        ordering = ["-answered_at"]
        indexes = [models.Index(fields=["answered_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "company"],
                condition=models.Q(run__isnull=False),
                name="one_response_per_run_and_firm",
            ),
            models.UniqueConstraint(
                fields=["mapping", "company"],
                condition=models.Q(mapping__isnull=False),
                name="one_response_per_mapping_and_firm",
            ),
            models.CheckConstraint(
                condition=models.Q(run__isnull=False, mapping__isnull=True)
                | models.Q(run__isnull=True, mapping__isnull=False),
                name="response_follows_run_or_mapping",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.overall}"


class SurveyAnswer(models.Model):
    """The score given to one question."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"
