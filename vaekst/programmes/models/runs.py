import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.offers.models import Offer, OfferUsage
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import (
    EnrolmentChannel,
    EnrolmentStatus,
    ProgrammeFormat,
    RunStatus,
)
from vaekst.register.models import Company


class Programme(models.Model):
    """What makes a catalogue offer of a collective kind ("Kollektivt forløb", "Program med
    medfinansiering") a programme: its format, content, target industries and the capacity a
    run gets by default. The offer stays the one catalogue entry: its owner (national for a
    national template, a house for its own), its levels (allowances) and its period."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="programme")
    format = models.CharField(
        max_length=20, choices=ProgrammeFormat.choices, verbose_name=_("form")
    )
    content = models.TextField(blank=True, verbose_name=_("indhold"))
    content_en = models.TextField(blank=True, verbose_name=_("indhold på engelsk"))
    # DB07 industry codes or their leading digits ("62", "4690"); empty is every industry.
    target_industries = models.JSONField(
        default=list, blank=True, verbose_name=_("målgruppe: brancher")
    )
    default_capacity = models.PositiveIntegerField(
        default=20, validators=[MinValueValidator(1)], verbose_name=_("standardkapacitet")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programmer")

    def __str__(self) -> str:
        return str(self.offer)


class ProgrammeRunQuerySet(models.QuerySet["ProgrammeRun"]):
    def open_for_enrolment(self, day: datetime.date) -> "ProgrammeRunQuerySet":
        return self.filter(status=RunStatus.OPEN).filter(
            models.Q(enrolment_deadline__isnull=True) | models.Q(enrolment_deadline__gte=day)
        )


class ProgrammeRun(models.Model):
    """One local delivery of a programme by a growth house or a municipality: its sessions,
    facilitators, capacity and enrolment deadline. Firms of the organiser's region may
    enrol, as the offer's eligibility allows."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs")
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_runs",
        verbose_name=_("arrangør"),
    )
    title = models.CharField(max_length=200, verbose_name=_("holdets navn"))
    description = models.TextField(blank=True, verbose_name=_("beskrivelse"))
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("pladser")
    )
    enrolment_deadline = models.DateField(null=True, blank=True, verbose_name=_("tilmeldingsfrist"))
    status = models.CharField(
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.PLANNED,
        verbose_name=_("status"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_runs",
        verbose_name=_("facilitatorer"),
    )
    # Cohort bounds used when the run is split into eye-level cohorts.
    cohort_min = models.PositiveSmallIntegerField(default=12, verbose_name=_("mindste gruppe"))
    cohort_max = models.PositiveSmallIntegerField(default=20, verbose_name=_("største gruppe"))
    cohort_by = models.CharField(
        max_length=20,
        blank=True,
        verbose_name=_("grupper inden for"),
        help_text=_("Tom, eller 'industry' for at holde hver gruppe inden for én branche."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("hold")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organiser", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cohort_min__lte=models.F("cohort_max")),
                name="run_cohort_bounds_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def offer(self) -> Offer:
        return self.programme.offer

    @property
    def is_over(self) -> bool:
        """Finished or cancelled: its sessions and places are history."""
        return self.status in (RunStatus.FINISHED, RunStatus.CANCELLED)

    def deadline_passed(self, day: datetime.date) -> bool:
        return self.enrolment_deadline is not None and day > self.enrolment_deadline


class RunSession(models.Model):
    """One meeting of a run: when, where (a place or an online link), and optionally a
    smaller capacity than the run's (a room)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(ProgrammeRun, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200, blank=True, verbose_name=_("emne"))
    starts_at = models.DateTimeField(verbose_name=_("starter"))
    ends_at = models.DateTimeField(verbose_name=_("slutter"))
    place = models.CharField(max_length=300, blank=True, verbose_name=_("sted"))
    online_url = models.URLField(blank=True, verbose_name=_("onlinelink"))
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name=_("pladser i lokalet"),
        help_text=_("Tom betyder holdets antal pladser."),
    )

    class Meta:
        verbose_name = _("mødegang")
        verbose_name_plural = _("mødegange")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.starts_at:%Y-%m-%d %H:%M}"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> "EnrolmentQuerySet":
        return self.exclude(status=EnrolmentStatus.CANCELLED)

    def enrolled(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waitlisted(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("waitlisted_at", "id")


class Enrolment(models.Model):
    """A firm on a run: enrolled (holding a place, counted as use of the offer), on the
    waitlist (in the order it came), or cancelled. One active enrolment per firm and run."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(ProgrammeRun, on_delete=models.PROTECT, related_name="enrolments")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    channel = models.CharField(max_length=10, choices=EnrolmentChannel.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    participant_name = models.CharField(max_length=200, blank=True, verbose_name=_("deltager"))
    participant_email = models.EmailField(blank=True, verbose_name=_("deltagerens e-mail"))
    # The growth-plan action it was enrolled from (growthplans is below us; the link is ours).
    plan_action = models.ForeignKey(
        "growthplans.PlanAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    # The eligibility answer's reason when enrolled ("Undtagelse: ..." for an override).
    eligibility_reason = models.CharField(max_length=500, blank=True)
    # The place counted against the offer's allowance and capacity, while enrolled.
    usage = models.OneToOneField(
        OfferUsage, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolment"
    )
    cohort = models.ForeignKey(
        "programmes.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(max_length=300, blank=True, verbose_name=_("årsag"))

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["run", "status"]),
            models.Index(fields=["company", "status"]),
        ]
        constraints = [
            # No double enrolment, whoever enrols and however close together.
            models.UniqueConstraint(
                fields=["run", "company"],
                condition=~models.Q(status="cancelled"),
                name="one_active_enrolment_per_firm_and_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_id} on {self.run_id}: {self.status}"

    @property
    def is_enrolled(self) -> bool:
        return self.status == EnrolmentStatus.ENROLLED


class Attendance(models.Model):
    """Whether an enrolled firm took part in one session, as registered by the organiser."""

    session = models.ForeignKey(RunSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(verbose_name=_("deltog"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} at {self.session_id}: {self.present}"
