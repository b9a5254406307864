from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    NAME = "name", _("Navn")
    SECONDARY_NAME = "secondary_name", _("Binavn")
    FORM = "form", _("Virksomhedsform")
    STATUS = "status", _("Status")
    MAIN_INDUSTRY = "main_industry", _("Hovedbranche")
    SECONDARY_INDUSTRY = "secondary_industry", _("Bibranche")
    ADDRESS = "address", _("Adresse")
    LIFETIME = "lifetime", _("Livsforløb")


class SizeClass(models.TextChoices):
    """Employee size classes as used in the calibration figures (0, 1-9, 10-49, 50-249, 250+)."""

    NONE = "0", _("0 ansatte")
    MICRO = "1-9", _("1-9 ansatte")
    SMALL = "10-49", _("10-49 ansatte")
    MEDIUM = "50-249", _("50-249 ansatte")
    LARGE = "250+", _("250+ ansatte")
    UNKNOWN = "", _("Ukendt")


class FigureSource(models.TextChoices):
    CVR_EXACT = "cvr_exact", _("CVR, præcist antal")
    CVR_BAND = "cvr_band", _("CVR, interval (midtpunkt)")
    ANNUAL_REPORT = "annual_report", _("Årsrapport (XBRL)")
    FINANCIALS_FILE = "financials", _("Nøgletalsfil")
    MANUAL = "manual", _("Indtastet")


def size_class_for(employees: float | None) -> str:
    if employees is None:
        return SizeClass.UNKNOWN
    if employees < 1:
        return SizeClass.NONE
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class ImportStatus(models.TextChoices):
    """Where one file of a drop directory is: read in (`imported`) is not yet done; a file is
    done only once its touched firms have been re-scored too."""

    RUNNING = "running", _("I gang")
    IMPORTED = "imported", _("Indlæst")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


class CompanyEventKind(models.TextChoices):
    """What changed for a firm ("Hvad er ændret"). The register's importer writes all but
    the level moves, which the scoring writes (it is the higher app and knows the levels)."""

    LEVEL_MOVED = "level", _("Nyt vækstniveau")
    CLOSED = "closed", _("Ophørt")
    BANKRUPTCY = "bankruptcy", _("Konkurs")
    COMPULSORY_DISSOLUTION = "dissolution", _("Tvangsopløsning")
    MOVED = "moved", _("Flyttet kommune")
    NEW_LARGE = "new_large", _("Ny med mange ansatte")


def ceasing_event(status: str) -> str | None:
    """The event a firm's new status is, if it is one: bankruptcy or compulsory dissolution
    (under way or done); any other ceasing is recorded as closed by the caller."""
    upper = status.upper()
    if "KONKURS" in upper:
        return CompanyEventKind.BANKRUPTCY
    if upper.startswith(("UNDER TVANGSOPLØSNING", "TVANGSOPLØST")):
        return CompanyEventKind.COMPULSORY_DISSOLUTION
    return None
