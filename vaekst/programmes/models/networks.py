import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.interactions.models import Person
from vaekst.organisations.models import Organisation
from vaekst.programmes.models.cohorts import Cohort
from vaekst.register.models import Company


class Network(models.Model):
    """A lasting network of firms, usually grown from a finished cohort: members, meetings
    and a contact list of the persons who consented to be on it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, verbose_name=_("navn"))
    description = models.TextField(blank=True, verbose_name=_("beskrivelse"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("tovholder"),
    )
    source_cohort = models.OneToOneField(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="network"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = _("netværk")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    """A firm in a network, from when it joined until it left."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("netværksmedlem")
        verbose_name_plural = _("netværksmedlemmer")
        constraints = [
            models.UniqueConstraint(fields=["network", "company"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} in {self.network_id}"


class NetworkMeeting(models.Model):
    """A meeting of a network."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(verbose_name=_("tidspunkt"))
    place = models.CharField(max_length=300, blank=True, verbose_name=_("sted"))
    topic = models.CharField(max_length=200, verbose_name=_("emne"))
    notes = models.TextField(blank=True, verbose_name=_("referat"))

    class Meta:
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.topic


class NetworkContact(models.Model):
    """A member firm's contact person on the network's contact list. Listed only while the
    consent stands; withdrawing it takes the person off the list."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="network_contacts")
    consented_at = models.DateTimeField()
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("netværkskontakt")
        verbose_name_plural = _("netværkskontakter")
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="one_contact_entry")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.network_id}"
