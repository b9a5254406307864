from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSetScope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Kommune")


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Offentliggjort")
    RETIRED = "retired", _("Afløst")


class Indicator(models.TextChoices):
    """What a criterion can test. Growth rates are annualised fractions (0.1 = 10 %)."""

    EMPLOYEES = "employees", _("Ansatte")
    FTE = "fte", _("Årsværk")
    EMPLOYEE_GROWTH_1Y = "employee_growth_1y", _("Vækst i ansatte, 1 år")
    EMPLOYEE_GROWTH_2Y = "employee_growth_2y", _("Vækst i ansatte, 2 år (årlig)")
    EMPLOYEE_GROWTH_3Y = "employee_growth_3y", _("Vækst i ansatte, 3 år (årlig)")
    GROSS_PROFIT_GROWTH_1Y = "gross_profit_growth_1y", _("Vækst i bruttofortjeneste, 1 år")
    GROSS_PROFIT_GROWTH_3Y = "gross_profit_growth_3y", _("Vækst i bruttofortjeneste, 3 år (årlig)")
    GROSS_PROFIT = "gross_profit", _("Bruttofortjeneste (kr.)")
    AGE_YEARS = "age_years", _("Alder (år)")
    EXPORTER = "exporter", _("Eksportør")
    INDUSTRY = "industry", _("Branche (kode begynder med)")
    COMPANY_FORM = "company_form", _("Virksomhedsform (kode)")
    SIZE_CLASS = "size_class", _("Størrelsesklasse")
    AMBITION = "ambition", _("Vilje (konsulentens vurdering 1-5)")
    CAPACITY = "capacity", _("Kapacitet (konsulentens vurdering 1-5)")
    PREDICTED_HIGH_GROWTH = "predicted_high_growth", _("Forudsagt chance for høj vækst")
    HIGH_GROWTH_EUROSTAT = "high_growth_eurostat", _("Høj vækst, Eurostat (seneste 3 år)")
    HIGH_GROWTH_OECD = "high_growth_oecd", _("Høj vækst, OECD 2007 (seneste 3 år)")
    HIGH_GROWTH_DST_YOUNG = "high_growth_dst_young", _("Vækstiværksætter, Danmarks Statistik")


class Operator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    IN = "in", _("en af")
    PREFIX = "prefix", _("begynder med en af")
    IS_TRUE = "is_true", _("er sand")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")
