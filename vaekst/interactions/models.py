import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.interactions.choices import InteractionKind
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company


class Person(models.Model):
    """A contact person at a company, with their role there. Personal data: every view and
    change is audited."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(max_length=200, verbose_name=_("navn"))
    role = models.CharField(max_length=200, blank=True, verbose_name=_("rolle"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("telefon"))
    created_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interaction(models.Model):
    """A meeting, call, e-mail or note with a company: one entry on its timeline."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interactions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(verbose_name=_("dato"))
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=300, verbose_name=_("emne"))
    notes = models.TextField(blank=True, verbose_name=_("noter"))
    persons = models.ManyToManyField(Person, blank=True, related_name="interactions")
    created_at = models.DateTimeField(auto_now_add=True)

    # The timeline mixes interactions with entries other apps add (timeline.TimelineEntry).
    is_interaction = True

    class Meta:
        verbose_name = _("henvendelse")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["company", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}: {self.subject}"
