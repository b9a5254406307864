"""Growth-potential levels as data: rule sets (national, nuanced per region and
municipality), the firm's ambition and capacity, scoring runs, current scores and the
placement history, and the versioned prediction model."""

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.lib.languages import shown
from vaekst.organisations.models import Municipality, Region
from vaekst.register.models import Company, RegisterImport
from vaekst.segmentation.choices import (
    Indicator,
    Operator,
    RuleSetScope,
    RuleSetStatus,
    RunStatus,
)


class RuleSetQuerySet(models.QuerySet["RuleSet"]):
    def published(self) -> "RuleSetQuerySet":
        return self.filter(status=RuleSetStatus.PUBLISHED)


class RuleSet(models.Model):
    """One version of the level rules for a scope. The national rule set defines the levels
    and their criteria; a region's or municipality's rule set only nuances it: it changes
    thresholds (a criterion with the same level, indicator, operator and group replaces the
    inherited one), adds criteria and renames external labels. It cannot drop a national
    criterion, so the national definition always holds underneath."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scope = models.CharField(max_length=20, choices=RuleSetScope.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT)
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT
    )
    effective_from = models.DateField(verbose_name=_("gælder fra"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(blank=True, verbose_name=_("begrundelse"))

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("regelsæt")
        ordering = ["scope", "region", "municipality", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "region", "municipality", "version"],
                name="one_rule_set_version_per_scope",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope="national", region__isnull=True, municipality__isnull=True)
                    | models.Q(scope="region", region__isnull=False, municipality__isnull=True)
                    | models.Q(scope="municipality", municipality__isnull=False)
                ),
                name="rule_set_scope_matches_place",
            ),
        ]

    def __str__(self) -> str:
        place = self.municipality or self.region or _("National")
        return f"{place} v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == RuleSetStatus.DRAFT


class LevelDefinition(models.Model):
    """A growth-potential level, defined in a national rule set. Rank 1 is the highest
    potential; a firm is placed on the first level (by rank) whose criteria it meets, and
    the lowest level has no criteria so that every firm lands somewhere."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(max_length=30)
    rank = models.PositiveSmallIntegerField()
    internal_name = models.CharField(max_length=100, verbose_name=_("internt navn"))
    external_name = models.CharField(max_length=100, verbose_name=_("eksternt navn"))
    description = models.TextField(blank=True)
    # English versions, shown to a reader of English; empty means the Danish one is shown.
    internal_name_en = models.CharField(
        max_length=100, blank=True, verbose_name=_("internt navn på engelsk")
    )
    external_name_en = models.CharField(
        max_length=100, blank=True, verbose_name=_("eksternt navn på engelsk")
    )
    description_en = models.TextField(blank=True, verbose_name=_("beskrivelse på engelsk"))

    class Meta:
        verbose_name = _("niveau")
        ordering = ["rule_set", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="unique_level_key"),
            models.UniqueConstraint(fields=["rule_set", "rank"], name="unique_level_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.internal_name}"

    @property
    def shown_internal_name(self) -> str:
        return shown(self, "internal_name")

    @property
    def shown_external_name(self) -> str:
        return shown(self, "external_name")

    @property
    def shown_description(self) -> str:
        return shown(self, "description")


class Criterion(models.Model):
    """One test of an indicator for a level. Criteria of a level must all pass, except that
    criteria sharing a non-zero `group` need only one of them to pass (an either-or)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    level_key = models.SlugField(max_length=30)
    group = models.PositiveSmallIntegerField(default=0)
    indicator = models.CharField(max_length=40, choices=Indicator.choices)
    operator = models.CharField(max_length=10, choices=Operator.choices)
    value = models.JSONField(help_text="a number, or a list of codes for in/prefix")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("kriterium")
        ordering = ["rule_set", "level_key", "group", "id"]

    def __str__(self) -> str:
        return f"{self.level_key}: {self.indicator} {self.get_operator_display()} {self.value}"

    @property
    def match_key(self) -> tuple[str, str, str, int]:
        return (self.level_key, self.indicator, self.operator, self.group)


class LevelLabel(models.Model):
    """A region's or municipality's own external (branded) name for a national level."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="labels")
    level_key = models.SlugField(max_length=30)
    external_name = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("lokalt niveaunavn")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "level_key"], name="one_label_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.level_key} → {self.external_name}"


class Assessment(models.Model):
    """A consultant's dated assessment of a firm's ambition (will) and capacity, 1-5."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessments")
    ambition = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], verbose_name=_("vilje")
    )
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], verbose_name=_("kapacitet")
    )
    assessed_on = models.DateField(verbose_name=_("vurderet den"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vurdering af vilje og kapacitet")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["company", "-assessed_on"])]

    def __str__(self) -> str:
        return f"{self.company_id}: vilje {self.ambition}, kapacitet {self.capacity}"


class PredictionModel(models.Model):
    """A trained, calibrated model of the chance of high growth in the next three years.
    Versioned; the artifact is the pickled estimator, loaded only from this table."""

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField(auto_now_add=True)
    definition = models.CharField(max_length=20, default="eurostat")
    train_years = models.JSONField(default=list)
    test_years = models.JSONField(default=list)
    features = models.JSONField(default=list)
    metrics = models.JSONField(default=dict)
    artifact = models.BinaryField()
    is_active = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("forudsigelsesmodel")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"model v{self.version}"


class ScoringRun(models.Model):
    """One computation of indicators and levels for the firms in a scope, with progress."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    as_of_year = models.PositiveSmallIntegerField(null=True, blank=True)
    prediction_model = models.ForeignKey(
        PredictionModel, null=True, blank=True, on_delete=models.PROTECT
    )
    # Only these firms (ids) of the scope, when set: the firms a register delta touched.
    company_ids = models.JSONField(null=True, blank=True)
    # The register delta this run re-scored after (a run of the drop directory's task).
    register_import = models.ForeignKey(
        RegisterImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_stage = models.CharField(max_length=100, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scoringskørsel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.public_id} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)


class RuleChain(models.Model):
    """The effective rules one run applied to a set of firms: the national rule set and the
    region's and municipality's nuances in force, with the resolved criteria in evaluation
    order. A score's `passed_mask` bit i is the result of `criterion_ids[i]`, so the
    explanation of every placement is exact and compact."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="chains")
    national = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    region_rule_set = models.ForeignKey(
        RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    municipality_rule_set = models.ForeignKey(
        RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criterion_ids = models.JSONField(default=list)
    levels = models.JSONField(default=list, help_text="[{key, rank, internal, external}]")

    class Meta:
        verbose_name = _("anvendte regler")

    def __str__(self) -> str:
        return f"chain {self.pk} of {self.run_id}"

    @property
    def governing(self) -> RuleSet:
        return self.municipality_rule_set or self.region_rule_set or self.national


# The run and rule chain of a score or placement row are written by the scoring run itself,
# in the transaction that creates them, and neither is ever deleted while rows point at it
# (PROTECT, enforced by Django). A database foreign key would add a check per row at the
# commit: at national scale that was a third of a scoring run. The company keeps its key.
RUN_LINK: dict[str, Any] = {"on_delete": models.PROTECT, "related_name": "+",
                            "db_constraint": False, "db_index": False}  # fmt: skip


class CompanyScore(models.Model):
    """The current indicators, level and predicted chance of high growth of one firm.

    Each run rewrites only the rows whose values changed; `run` and `scored_at` are those of
    the run that computed the values now held (the pages say when a run last confirmed them,
    see `selectors.last_checked`). Pages only read these rows."""

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.CASCADE, related_name="score"
    )
    run = models.ForeignKey(ScoringRun, **RUN_LINK)
    chain = models.ForeignKey(RuleChain, **RUN_LINK)
    level_key = models.SlugField(max_length=30)
    level_rank = models.PositiveSmallIntegerField()
    passed_mask = models.BigIntegerField(default=0)
    indicators = models.JSONField(default=dict)
    predicted_high_growth = models.FloatField(null=True, blank=True)
    scored_at = models.DateTimeField()

    class Meta:
        verbose_name = _("aktuel placering")
        indexes = [
            models.Index(fields=["level_rank"]),
            models.Index(fields=["-predicted_high_growth"]),
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.level_key}"


class Placement(models.Model):
    """The level history: a row each time a firm's level or governing rules change, with the
    indicators and explanation as they were."""

    # Indexed by (company, -valid_from) below, which also serves lookups by company alone.
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="placements", db_index=False
    )
    run = models.ForeignKey(ScoringRun, **RUN_LINK)
    chain = models.ForeignKey(RuleChain, **RUN_LINK)
    level_key = models.SlugField(max_length=30)
    level_rank = models.PositiveSmallIntegerField()
    passed_mask = models.BigIntegerField(default=0)
    indicators = models.JSONField(default=dict)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("placering")
        ordering = ["company", "-valid_from"]
        indexes = [models.Index(fields=["company", "-valid_from"])]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.level_key} from {self.valid_from:%Y-%m-%d}"
