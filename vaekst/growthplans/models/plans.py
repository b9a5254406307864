"""The growth plan: the firm's living document of goals, milestones and actions, with every
change kept as a numbered version."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.changes import describe
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    BaselineSource,
    GoalMetric,
    MilestoneStatus,
    PlanStatus,
)
from vaekst.growthplans.models.mappings import Mapping
from vaekst.offers.models import Offer
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company


class GrowthPlanQuerySet(models.QuerySet["GrowthPlan"]):
    def active(self) -> "GrowthPlanQuerySet":
        return self.filter(status=PlanStatus.ACTIVE)


class GrowthPlan(models.Model):
    """A firm's growth plan. `revision` grows by one with every change; a save must name the
    revision it started from, so the second of two concurrent edits is refused instead of
    silently overwriting the first (optimistic locking)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="growth_plans")
    source_mapping = models.ForeignKey(
        Mapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    # Empty: the plan is called "Vækstplan for <firm>", worded in the reader's language.
    title = models.CharField(max_length=200, blank=True, verbose_name=_("titel"))
    status = models.CharField(
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.ACTIVE,
        verbose_name=_("status"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvarlig konsulent"),
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who made the latest change: named in the message a stale save receives.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GrowthPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("vækstplan")
        verbose_name_plural = _("vækstplaner")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["company", "status"])]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The plan's own title, or the default title in the active language."""
        return self.title or gettext("Vækstplan for %(company)s") % {"company": self.company.name}

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE


class PlanGoal(models.Model):
    """A steerable goal: a metric, its baseline (from the register when it has one), a target
    and a date."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="goals")
    metric = models.CharField(max_length=20, choices=GoalMetric.choices, verbose_name=_("mål for"))
    description = models.CharField(max_length=300, blank=True, verbose_name=_("beskrivelse"))
    baseline_value = models.DecimalField(
        max_digits=16, decimal_places=1, null=True, blank=True, verbose_name=_("udgangspunkt")
    )
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("udgangsår")
    )
    baseline_source = models.CharField(
        max_length=10,
        choices=BaselineSource.choices,
        blank=True,
        default=BaselineSource.NONE,
        verbose_name=_("kilde til udgangspunkt"),
    )
    target_value = models.DecimalField(
        max_digits=16, decimal_places=1, null=True, blank=True, verbose_name=_("målværdi")
    )
    target_date = models.DateField(null=True, blank=True, verbose_name=_("måldato"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("rækkefølge"))

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.description or self.get_metric_display()


class PlanMilestone(models.Model):
    """A dated, measurable step towards the plan's goals."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="milestones")
    goal = models.ForeignKey(
        PlanGoal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name=_("mål"),
    )
    title = models.CharField(max_length=200, verbose_name=_("titel"))
    criterion = models.TextField(blank=True, verbose_name=_("målbart kriterium"))
    due_on = models.DateField(null=True, blank=True, verbose_name=_("dato"))
    status = models.CharField(
        max_length=12,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="percent",
        verbose_name=_("fremdrift"),
    )
    progress_note = models.TextField(blank=True, verbose_name=_("note om fremdrift"))
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("nået den"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("rækkefølge"))

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        ordering = ["plan", "order", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.due_on is not None
            and self.due_on < today
            and self.status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
        )


class PlanAction(models.Model):
    """Something to do, owned by the firm, the house, the municipality or a partner; may use
    an offer from the catalogue (eligibility checked when set)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="actions")
    milestone = models.ForeignKey(
        PlanMilestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("milepæl"),
    )
    title = models.CharField(max_length=200, verbose_name=_("titel"))
    description = models.TextField(blank=True, verbose_name=_("beskrivelse"))
    owner_kind = models.CharField(
        max_length=20, choices=ActionOwnerKind.choices, verbose_name=_("ansvarlig")
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarlig organisation"),
    )
    owner_person = models.CharField(max_length=200, blank=True, verbose_name=_("ansvarlig person"))
    due_on = models.DateField(null=True, blank=True, verbose_name=_("frist"))
    status = models.CharField(
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        verbose_name=_("status"),
    )
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("udført den"))
    offer = models.ForeignKey(
        Offer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name=_("tilbud"),
    )
    # Set when a caseworker used an offer the eligibility check refused, and why.
    eligibility_override_reason = models.TextField(
        blank=True, verbose_name=_("begrundelse for undtagelse fra berettigelsen")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("rækkefølge"))

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "order", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.due_on is not None
            and self.due_on < today
            and self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        )


class PlanComment(models.Model):
    """A comment on the plan by the consultant, the firm or a colleague."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class PlanVersion(models.Model):
    """The whole plan as it stood after one change, with who and when. Number n belongs to
    the plan's revision n; two versions give a readable diff."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(default=dict)
    # What changed, as data (growthplans.changes), worded in the reader's language.
    change = models.JSONField(default=dict, blank=True)
    # Only versions written before changes were kept as data, and only where the old
    # Danish text could not be read back into `change`.
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("planversion")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    @property
    def shown_summary(self) -> str:
        """What changed, in the active language."""
        return describe(self.change, fallback=self.summary)
