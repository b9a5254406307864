from django.db import models
from django.utils.translation import gettext_lazy as _


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Møde")
    CALL = "call", _("Telefonopkald")
    EMAIL = "email", _("E-mail")
    NOTE = "note", _("Notat")
