import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.organisations.choices import OrganisationKind, PartnerKind


class Region(models.Model):
    """One of Denmark's five regions, keyed by its official region code (1081-1085)."""

    code = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of the 98 municipalities, keyed by its official municipality code (kommunekode)."""

    code = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def growth_houses(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.GROWTH_HOUSE)

    def partners(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.PARTNER)


class Organisation(models.Model):
    """An organisation users belong to: the national level, a growth house (one per region),
    a municipality's local business service, or an ecosystem partner."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    partner_kind = models.CharField(max_length=30, choices=PartnerKind.choices, blank=True)
    is_active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="growth_house"),
                name="one_growth_house_per_region",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(kind="municipality"),
                name="one_business_service_per_municipality",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="growth_house") | models.Q(region__isnull=False),
                name="growth_house_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="municipality") | models.Q(municipality__isnull=False),
                name="business_service_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.kind == OrganisationKind.NATIONAL

    @property
    def is_growth_house(self) -> bool:
        return self.kind == OrganisationKind.GROWTH_HOUSE

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganisationKind.MUNICIPALITY

    @property
    def is_partner(self) -> bool:
        return self.kind == OrganisationKind.PARTNER
