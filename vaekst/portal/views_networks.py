"""The firm's networks in the portal: each network it is a member of, with its meetings and
contact list, and the firm's consent to put a contact person on the list (or withdraw it)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.interactions.models import Person
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.portal.access import error_text, require_firm
from vaekst.programmes.forms_networks import ConsentForm
from vaekst.programmes.models import Network, NetworkContact, NetworkMeeting, NetworkMember
from vaekst.programmes.services.networks import consent_contact, withdraw_contact


def _persons(company_id: int) -> list[Person]:
    return list(Person.objects.filter(company_id=company_id).order_by("name", "id"))


@login_required
@require_GET
def networks(request: HttpRequest) -> HttpResponse:
    company = require_firm(request)
    memberships = list(
        NetworkMember.objects.filter(company=company, left_on__isnull=True)
        .select_related("network__organisation")
        .order_by("network__name")
    )
    network_ids = [member.network_id for member in memberships]
    current = {
        (network_id, company_id)
        for network_id, company_id in NetworkMember.objects.filter(
            network_id__in=network_ids, left_on__isnull=True
        ).values_list("network_id", "company_id")
    }
    contacts = (
        NetworkContact.objects.filter(network_id__in=network_ids, withdrawn_at__isnull=True)
        .select_related("person__company")
        .order_by("person__company__name", "person__name")
    )
    listed: dict[int, list[NetworkContact]] = {network_id: [] for network_id in network_ids}
    for contact in contacts:
        if (contact.network_id, contact.person.company_id) in current:
            listed[contact.network_id].append(contact)
    upcoming: dict[int, list[NetworkMeeting]] = {network_id: [] for network_id in network_ids}
    meetings = NetworkMeeting.objects.filter(network_id__in=network_ids).order_by("starts_at", "id")
    for meeting in meetings:
        upcoming[meeting.network_id].append(meeting)
    persons = _persons(company.pk)
    entries = [
        {
            "network": member.network,
            "meetings": upcoming[member.network_id],
            "contacts": listed[member.network_id],
            "form": ConsentForm(persons=persons, auto_id=f"id_{member.network.public_id}_%s"),
        }
        for member in memberships
    ]
    context = {"company": company, "entries": entries, "now": timezone.now()}
    return render(request, "portal/networks.html", context)


def _network(request: HttpRequest, public_id: UUID) -> Network:
    return get_visible_or_404(request.user, Network.objects.all(), public_id=public_id)


@login_required
@require_POST
def consent(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = require_firm(request)
    network = _network(request, public_id)
    form = ConsentForm(request.POST, persons=_persons(company.pk))
    if not form.is_valid():
        messages.error(request, _("Vælg, hvem der skal på kontaktlisten."))
        return redirect("portal:networks")
    try:
        contact = consent_contact(actor=request.user, network=network, person=form.chosen())
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(person)s står nu på kontaktlisten i %(network)s.")
            % {"person": contact.person.name, "network": network.name},
        )
    return redirect("portal:networks")


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: UUID, person_id: UUID) -> HttpResponse:
    company = require_firm(request)
    network = _network(request, public_id)
    contact = get_object_or_404(
        NetworkContact.objects.select_related("person", "network"),
        network=network,
        person__public_id=person_id,
        person__company=company,
    )
    withdraw_contact(actor=request.user, contact=contact)
    messages.success(
        request,
        _("%(person)s er taget af kontaktlisten.") % {"person": contact.person.name},
    )
    return redirect("portal:networks")
