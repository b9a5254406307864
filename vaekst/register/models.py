import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.organisations.models import Municipality, Region
from vaekst.register.choices import (
    CompanyEventKind,
    FigureSource,
    ImportStatus,
    PeriodKind,
    SizeClass,
)


class CompanyQuerySet(models.QuerySet["Company"]):
    def active(self) -> "CompanyQuerySet":
        return self.filter(is_active=True)


class Company(models.Model):
    """A firm in the CVR register. The columns hold the current values (for search and
    lists); the register's history lives in `CompanyPeriod` rows."""

    cvr = models.PositiveIntegerField(unique=True, verbose_name=_("CVR-nummer"))
    name = models.CharField(max_length=300, verbose_name=_("navn"))
    form_code = models.PositiveSmallIntegerField(null=True, blank=True)
    form_text = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(default=True)
    founded_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    main_industry_code = models.CharField(max_length=6, blank=True)
    main_industry_text = models.CharField(max_length=300, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.PositiveSmallIntegerField(null=True, blank=True)
    city = models.CharField(max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="companies"
    )
    # The municipality's region, stored so that a house's scope is one indexed column.
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="companies"
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=200, blank=True)
    website = models.CharField(max_length=200, blank=True)
    advertising_protected = models.BooleanField(default=False)
    employees = models.FloatField(null=True, blank=True, help_text="latest known headcount")
    employees_year = models.PositiveSmallIntegerField(null=True, blank=True)
    size_class = models.CharField(max_length=8, choices=SizeClass.choices, blank=True)
    production_unit_count = models.PositiveIntegerField(default=0)
    # Hash of the normalised register document; an unchanged re-import compares only this.
    content_hash = models.CharField(max_length=32, blank=True)
    # Hash of the raw line the document was last imported from (importers.cvr.line_digest):
    # a large re-import skips a line it has seen before without parsing it.
    source_hash = models.CharField(max_length=32, blank=True, db_default="")
    register_updated_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["municipality", "is_active", "name"]),
            models.Index(fields=["region", "is_active", "name"]),
            # Name order within an area whatever the status (status "all" in the search).
            models.Index(fields=["region", "name"]),
            models.Index(fields=["municipality", "name"]),
            models.Index(
                fields=["main_industry_code"],
                name="company_industry_prefix",
                opclasses=["varchar_pattern_ops"],  # LIKE '62%' on PostgreSQL
            ),
            models.Index(fields=["size_class", "is_active"]),
            models.Index(fields=["form_code"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cvr})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The region is derived from the municipality (the bulk importer sets both itself).
        municipality = self.municipality if self.municipality_id else None
        self.region_id = municipality.region_id if municipality is not None else None
        if kwargs.get("update_fields") and "municipality" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region"}
        super().save(*args, **kwargs)

    @property
    def cvr_display(self) -> str:
        return f"{self.cvr:08d}"


class CompanyPeriod(models.Model):
    """One period of one register field (name, form, status, industry, address, lifetime):
    the register's own history, `valid_to` empty while current."""

    # Looked up by the (company, kind, valid_from) index, so no index of its own.
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="periods", db_index=False
    )
    kind = models.CharField(max_length=20, choices=PeriodKind.choices)
    code = models.CharField(max_length=20, blank=True)
    text = models.CharField(max_length=400, blank=True)
    rank = models.PositiveSmallIntegerField(default=0, help_text="1-3 for secondary industries")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("registerperiode")
        indexes = [models.Index(fields=["company", "kind", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.code} {self.text} [{self.valid_from}–{self.valid_to or ''}]"

    @property
    def industry_classification(self) -> str:
        """DB07 until 31 Dec 2024, DB25 from 1 Jan 2025 (both 6-digit, NACE-based)."""
        if self.valid_from and self.valid_from.year >= 2025:
            return "DB25"
        return "DB07"


class ProductionUnit(models.Model):
    """A production unit (P-number) of a company."""

    p_number = models.PositiveBigIntegerField(unique=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="production_units")
    name = models.CharField(max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("produktionsenhed")

    def __str__(self) -> str:
        return f"{self.p_number} {self.name}"


class YearlyFigures(models.Model):
    """The yearly panel: one row per company and year. Employment comes from the register
    (exact or the band's midpoint) or an annual report; money from annual reports or a key
    figures file. Each group carries its own source and as-of date."""

    # Looked up by the unique (company, year) index, so no index of its own.
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="yearly_figures", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    employees = models.FloatField(null=True, blank=True, help_text="headcount incl. owners")
    fte = models.FloatField(null=True, blank=True, help_text="full-time equivalents")
    employees_band = models.CharField(max_length=30, blank=True)
    employees_source = models.CharField(max_length=20, choices=FigureSource.choices, blank=True)
    employees_as_of = models.DateField(null=True, blank=True)
    gross_profit = models.BigIntegerField(null=True, blank=True, help_text="DKK")
    revenue = models.BigIntegerField(null=True, blank=True, help_text="DKK")
    profit = models.BigIntegerField(null=True, blank=True, help_text="DKK")
    export = models.BigIntegerField(null=True, blank=True, help_text="DKK")
    equity = models.BigIntegerField(null=True, blank=True, help_text="DKK")
    financials_source = models.CharField(max_length=20, choices=FigureSource.choices, blank=True)
    financials_as_of = models.DateField(null=True, blank=True)
    # Hash of the key-figures line whose merge made this row, cleared by any other write: a
    # re-import skips that line without merging it again (importers.financials).
    financials_hash = models.CharField(max_length=32, blank=True, db_default="")

    class Meta:
        verbose_name = _("årstal")
        verbose_name_plural = _("årstal")
        ordering = ["company", "year"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="one_figures_row_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"


class RegisterChange(models.Model):
    """A change to a company seen on re-import: which current values changed, old and new.
    Together with the periods this keeps the history of what the register said."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="changes")
    seen_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("registerændring")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.seen_at:%Y-%m-%d}"


class RegisterImport(models.Model):
    """One file of register documents taken in from a drop directory: what it was (its
    digest, so a file is taken once whatever its name), how far it got and what it did. A
    failed file is tried again (`attempts`); it is done only after its re-scoring."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(max_length=500)
    digest = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    # The companies the import inserted or changed (ids), for the re-scoring.
    touched_company_ids = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registerindlæsning")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class CompanyEvent(models.Model):
    """One thing that changed for a firm, kept as a row when it was seen ("Hvad er ændret"):
    its kind, from and to (codes or texts as stored), when, and the import it came with.
    Written once: an import or scoring that changes nothing writes none."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=CompanyEventKind.choices)
    from_value = models.CharField(max_length=300, blank=True)
    to_value = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField()
    register_import = models.ForeignKey(
        RegisterImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    # Which run saw it: the register file, or "scoring <run id>" for a level move.
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("virksomhedsændring")
        verbose_name_plural = _("virksomhedsændringer")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["company", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.kind}: {self.from_value} → {self.to_value}"


class CompanyMembership(models.Model):
    """Ties a company user to the one firm they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_membership"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("virksomhedsbruger")

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"
