from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeFormat(models.TextChoices):
    """The forms collective growth training takes (seed 2.3)."""

    CAMP = "camp", _("Vækstcamp")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    WEBINAR = "webinar", _("Webinar")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")


class RunStatus(models.TextChoices):
    """A run is planned (not yet open for enrolment), open, closed for enrolment (it is
    under way), finished (certificates and surveys), or cancelled."""

    PLANNED = "planned", _("Planlagt")
    OPEN = "open", _("Åben for tilmelding")
    CLOSED = "closed", _("Lukket for tilmelding")
    FINISHED = "finished", pgettext_lazy("programme run", "Afsluttet")
    CANCELLED = "cancelled", _("Aflyst")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Tilmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")


class EnrolmentChannel(models.TextChoices):
    """How the firm came onto the run."""

    CONSULTANT = "consultant", _("Af konsulent")
    PORTAL = "portal", _("I portalen")
    PLAN = "plan", _("Fra vækstplanen")
    API = "api", _("Via API")


class SurveyKind(models.TextChoices):
    """What a satisfaction survey follows."""

    RUN = "run", _("Efter et forløb")
    MAPPING = "mapping", _("Efter en vækstkortlægning")


# A firm is satisfied when its overall answer is at least this on the 1–5 scale
# ("tilfreds" or "meget tilfreds"), the measure the results contracts use.
SATISFIED_FROM = 4
