"""Growth partnerships, referrals, a firm's consent to share its plan with a partner, the
firm's invitations to colleagues, and the reminder log."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import (
    OutcomeKind,
    PartnershipStatus,
    ReferralStatus,
    ReminderKind,
    SharePart,
)
from vaekst.growthplans.models.plans import GrowthPlan, PlanAction, PlanMilestone
from vaekst.offers.models import Offer
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company

OPEN_PARTNERSHIP_STATUSES = (PartnershipStatus.DRAFT, PartnershipStatus.ACTIVE)


class GrowthPartnership(models.Model):
    """The binding agreement on a plan: what the firm commits to (its ambition and
    milestones) and what the house commits to (offers, hours). Active once a named person on
    each side has accepted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.PROTECT, related_name="partnerships")
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.DRAFT
    )
    firm_commitment = models.TextField(blank=True, verbose_name=_("virksomhedens forpligtelse"))
    firm_milestones = models.ManyToManyField(PlanMilestone, blank=True, related_name="+")
    house_commitment = models.TextField(blank=True, verbose_name=_("husets forpligtelse"))
    house_offers = models.ManyToManyField(Offer, blank=True, related_name="+")
    house_hours = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    firm_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    firm_accepted_at = models.DateTimeField(null=True, blank=True)
    house_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    house_accepted_at = models.DateTimeField(null=True, blank=True)
    # What was accepted, frozen at the first acceptance (the second side accepts the same
    # terms): later plan edits then show as changes since acceptance instead of rewriting
    # what was signed. See growthplans.terms.
    accepted_revision = models.PositiveIntegerField(null=True, blank=True)
    accepted_terms = models.JSONField(default=dict, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("vækstpartnerskab")
        verbose_name_plural = _("vækstpartnerskaber")
        ordering = ["-created_at"]
        constraints = [
            # One partnership in play per plan; fulfilled/ended ones stay as history.
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=["draft", "active"]),
                name="one_open_partnership_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.get_status_display()})"


class Referral(models.Model):
    """A firm passed on to another actor (a partner, another house or a municipality), with
    the receiver's answer and the outcome. Shared with the later referral network."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="referrals")
    source_action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome_kind = models.CharField(max_length=20, choices=OutcomeKind.choices, blank=True)
    outcome_text = models.TextField(blank=True)
    outcome_amount = models.BigIntegerField(null=True, blank=True, help_text="DKK")

    class Meta:
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["company", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.to_organisation}"


class PlanShareQuerySet(models.QuerySet["PlanShare"]):
    def active(self) -> "PlanShareQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class PlanShare(models.Model):
    """A firm's consent to let one partner organisation see chosen parts of its plan.
    Withdrawn consent keeps the row as evidence and grants nothing. The parts are booleans
    rather than a JSON list so that scoping can filter on them in every database."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    share_goals = models.BooleanField(default=True)
    share_milestones = models.BooleanField(default=True)
    share_actions = models.BooleanField(default=False)
    share_mapping = models.BooleanField(default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("deling")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_share_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def parts(self) -> list[str]:
        """The shared parts as SharePart values."""
        return [
            part
            for part, shared in (
                (SharePart.GOALS, self.share_goals),
                (SharePart.MILESTONES, self.share_milestones),
                (SharePart.ACTIONS, self.share_actions),
                (SharePart.MAPPING, self.share_mapping),
            )
            if shared
        ]


class CompanyInvitation(models.Model):
    """A firm's user inviting a colleague by e-mail. Only the token's SHA-256 is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.company})"


class ReminderLog(models.Model):
    """One reminder sent: to whom, about which item, on which day; so it goes out once."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.UUIDField()
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påmindelse")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "object_id", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.recipient_id} {self.sent_on}"

    @classmethod
    def already_sent(
        cls, *, kind: str, recipient_id: int, object_id: uuid.UUID, on: datetime.date
    ) -> bool:
        return cls.objects.filter(
            kind=kind, recipient_id=recipient_id, object_id=object_id, sent_on=on
        ).exists()
