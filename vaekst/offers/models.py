"""The offers catalogue: the national core service and each house's additional offers, the
levels that may use them and how much, what firms have used, and consultants' overrides."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.lib.languages import shown
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company


class OfferQuerySet(models.QuerySet["Offer"]):
    def published(self) -> "OfferQuerySet":
        return self.filter(is_published=True)

    def running_on(self, day: datetime.date) -> "OfferQuerySet":
        """Offers whose period includes `day` (an open end runs until further notice)."""
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
        )


class Offer(models.Model):
    """One offer in the catalogue. The core service (growth mapping) is owned by the national
    organisation and open to firms everywhere; an additional offer is owned by a growth house
    and open to firms in that house's region. Which levels may use it, and how much, are the
    offer's allowances."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("udbyder")
    )
    # Set from the owner by the services; stored so that scoping and lists need no join.
    is_core = models.BooleanField(default=False, verbose_name=_("kerneydelse"))
    kind = models.CharField(max_length=30, choices=OfferKind.choices, verbose_name=_("type"))
    title = models.CharField(max_length=200, verbose_name=_("titel"))
    summary = models.CharField(max_length=300, blank=True, verbose_name=_("kort beskrivelse"))
    description = models.TextField(blank=True, verbose_name=_("beskrivelse"))
    # English versions of the texts above (the core offer's are seeded), shown to a reader of
    # English; empty means the Danish one is shown.
    title_en = models.CharField(max_length=200, blank=True, verbose_name=_("titel på engelsk"))
    summary_en = models.CharField(
        max_length=300, blank=True, verbose_name=_("kort beskrivelse på engelsk")
    )
    description_en = models.TextField(blank=True, verbose_name=_("beskrivelse på engelsk"))
    rationale = models.TextField(blank=True, verbose_name=_("begrundelse"))
    regional_strategy = models.TextField(
        blank=True, verbose_name=_("sammenhæng med regional strategi")
    )
    municipal_priorities = models.TextField(
        blank=True, verbose_name=_("sammenhæng med kommunale prioriteter")
    )
    funding_source = models.CharField(max_length=300, blank=True, verbose_name=_("finansiering"))
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_offers",
        limit_choices_to={"kind": "partner"},
        verbose_name=_("partnere"),
    )
    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starter"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("slutter"))
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name=_("kapacitet (virksomheder i perioden)"),
        help_text=_("Tom betyder ubegrænset."),
    )
    is_published = models.BooleanField(default=False, verbose_name=_("offentliggjort"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        ordering = ["-is_core", "owner__name", "title"]
        indexes = [models.Index(fields=["owner", "is_published"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="offer_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        return shown(self, "title")

    @property
    def shown_summary(self) -> str:
        return shown(self, "summary")

    @property
    def shown_description(self) -> str:
        return shown(self, "description")

    def runs_on(self, day: datetime.date) -> bool:
        if self.starts_on and day < self.starts_on:
            return False
        return not (self.ends_on and day > self.ends_on)


class OfferAllowance(models.Model):
    """A level that may use an offer, with how much (e.g. 10 hours of 1:1 sparring). A level
    without an allowance row may not use the offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="allowances")
    level_key = models.SlugField(max_length=30, verbose_name=_("niveau"))
    quantity = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        verbose_name=_("omfang"),
    )
    unit = models.CharField(
        max_length=10,
        choices=AllowanceUnit.choices,
        default=AllowanceUnit.HOURS,
        verbose_name=_("enhed"),
    )

    class Meta:
        verbose_name = _("tildeling")
        ordering = ["offer", "level_key"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "level_key"], name="one_allowance_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.level_key}: {self.quantity} {self.unit}"


class OfferUsage(models.Model):
    """Consumption of an offer by a firm: hours of sparring given, a place taken, a session
    held. Counted against the allowance within the offer's period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="usages")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="offer_usages")
    quantity = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
        verbose_name=_("omfang"),
    )
    used_on = models.DateField(verbose_name=_("dato"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")
        ordering = ["-used_on", "-created_at"]
        indexes = [
            models.Index(fields=["company", "offer"]),
            models.Index(fields=["offer", "used_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.offer_id}: {self.quantity} on {self.used_on}"


class EligibilityOverride(models.Model):
    """A caseworker's decision that a firm may use an offer although its level does not open
    it (or may use more of it), with a written reason. Audited when granted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="overrides")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="offer_overrides")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(verbose_name=_("begrundelse"))
    extra_quantity = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        verbose_name=_("ekstra omfang"),
    )
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("gælder til"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("undtagelse")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["company", "offer"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="override_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.offer_id}: +{self.extra_quantity}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_until is None or day <= self.valid_until
