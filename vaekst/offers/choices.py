from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    """What sort of offer it is; the growth mapping is the national core service, the rest are
    the houses' additional offers (seed 2.1 and 2.5)."""

    GROWTH_MAPPING = "growth_mapping", _("Vækstkortlægning")
    COLLECTIVE_PROGRAMME = "collective_programme", _("Kollektivt forløb")
    COFINANCED_PROGRAMME = "cofinanced_programme", _("Program med medfinansiering")
    REGIONAL_COURSE = "regional_course", _("Regionalt udviklingsforløb")
    HUB_FUNCTION = "hub_function", _("Knudepunktsfunktion")
    OPERATOR_ROLE = "operator_role", _("Operatørrolle")
    ADVISORY_SESSIONS = "advisory_sessions", _("1:1-sparring")


class AllowanceUnit(models.TextChoices):
    HOURS = "hours", _("timer")
    SESSIONS = "sessions", _("møder")
    PLACES = "places", _("pladser")
