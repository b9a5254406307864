"""Networks: the list (and a blank network), making one from a finished run's cohort, a
network's page with members, meetings and the consented contact list, and the changes its
organisers make. Lookups answer 404 outside the scope; changes by those who see the network
but do not run it answer 403."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vaekst.growthplans.views_common import errors_into_form
from vaekst.lib.paging import page_number, paginate
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.programmes.forms_networks import MeetingForm, MemberForm, NetworkForm
from vaekst.programmes.models import Cohort, Network, NetworkMeeting, NetworkMember, ProgrammeRun
from vaekst.programmes.services import networks as services
from vaekst.programmes.services.runs import may_manage, organiser_for
from vaekst.register.models import Company

PAGE_SIZE = 25


def _network(request: HttpRequest, public_id: UUID) -> Network:
    return get_visible_or_404(
        request.user,
        Network.objects.select_related("organisation", "source_cohort__run"),
        public_id=public_id,
    )


def _managed(request: HttpRequest, public_id: UUID) -> Network:
    network = _network(request, public_id)
    if not services.may_manage_network(request.user, network):
        raise PermissionDenied
    return network


@login_required
@require_http_methods(["GET", "POST"])
def network_list(request: HttpRequest) -> HttpResponse:
    can_create = organiser_for(request.user) is not None
    form = NetworkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                network = services.create_network(actor=request.user, **form.cleaned_data)
            except ValidationError as refusal:
                errors_into_form(form, refusal)
            else:
                messages.success(request, _("Netværket er oprettet."))
                return redirect("programmes:network_detail", public_id=network.public_id)
        status = 400
    networks = (
        visible_to(request.user, Network.objects.all())
        .select_related("organisation")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("name", "id")
    )
    page = paginate(networks, number=page_number(request.GET.get("side")), size=PAGE_SIZE)
    context = {"page": page, "form": form, "can_create": can_create}
    return render(request, "programmes/network_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def network_from_cohort(request: HttpRequest, public_id: UUID, number: int) -> HttpResponse:
    if request.user.role == Role.COMPANY_USER:  # type: ignore[union-attr]
        raise Http404("Cohorts are not shown to firms")
    run = get_visible_or_404(
        request.user, ProgrammeRun.objects.select_related("organiser"), public_id=public_id
    )
    cohort = get_object_or_404(Cohort, run=run, number=number)
    if not may_manage(request.user, run):
        raise PermissionDenied
    initial = {"name": f"{run.title}: {cohort}"}
    form = NetworkForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                network = services.create_network_from_cohort(
                    actor=request.user, cohort=cohort, **form.cleaned_data
                )
            except ValidationError as refusal:
                errors_into_form(form, refusal)
            else:
                messages.success(request, _("Gruppen er nu et netværk."))
                return redirect("programmes:network_detail", public_id=network.public_id)
        status = 400
    context = {"run": run, "cohort": cohort, "form": form}
    return render(request, "programmes/network_from_cohort.html", context, status=status)


def _detail_context(request: HttpRequest, network: Network, **forms: Any) -> dict[str, Any]:
    can_manage = services.may_manage_network(request.user, network)
    members = list(
        network.members.filter(left_on__isnull=True)
        .select_related("company")
        .order_by("company__name")
    )
    contacts = (
        list(services.listed_contacts(network))
        if services.may_see_contacts(request.user, network)
        else None
    )
    return {
        "network": network,
        "members": members,
        "meetings": list(network.meetings.order_by("starts_at", "id")),
        "contacts": contacts,
        "can_manage": can_manage,
        "network_form": forms.get("network_form")
        or NetworkForm(initial={"name": network.name, "description": network.description}),
        "member_form": forms.get("member_form") or MemberForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
    }


@login_required
@require_http_methods(["GET"])
def network_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    network = _network(request, public_id)
    return render(request, "programmes/network_detail.html", _detail_context(request, network))


def _again(request: HttpRequest, network: Network, **forms: Any) -> HttpResponse:
    context = _detail_context(request, network, **forms)
    return render(request, "programmes/network_detail.html", context, status=400)


@login_required
@require_POST
def network_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    network = _managed(request, public_id)
    form = NetworkForm(request.POST)
    if form.is_valid():
        try:
            services.update_network(actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            messages.success(request, _("Netværket er gemt."))
            return redirect("programmes:network_detail", public_id=network.public_id)
    return _again(request, network, network_form=form)


@login_required
@require_POST
def member_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    network = _managed(request, public_id)
    form = MemberForm(request.POST)
    if form.is_valid():
        company = Company.objects.filter(cvr=form.cleaned_data["cvr"]).first()
        try:
            if company is None:
                raise ValidationError(_("Virksomheden findes ikke i netværkets region."))
            services.add_member(actor=request.user, network=network, company=company)
        except ValidationError as refusal:
            form.add_error("cvr", refusal)
        else:
            messages.success(request, _("%(firm)s er med i netværket.") % {"firm": company.name})
            return redirect("programmes:network_detail", public_id=network.public_id)
    return _again(request, network, member_form=form)


@login_required
@require_POST
def member_remove(request: HttpRequest, public_id: UUID, cvr: int) -> HttpResponse:
    network = _managed(request, public_id)
    member = get_object_or_404(
        NetworkMember.objects.select_related("company", "network"),
        network=network,
        company__cvr=cvr,
        left_on__isnull=True,
    )
    services.remove_member(actor=request.user, member=member)
    messages.success(
        request, _("%(firm)s er taget ud af netværket.") % {"firm": member.company.name}
    )
    return redirect("programmes:network_detail", public_id=network.public_id)


@login_required
@require_POST
def meeting_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    network = _managed(request, public_id)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.add_meeting(actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            messages.success(request, _("Mødet er tilføjet."))
            return redirect("programmes:network_detail", public_id=network.public_id)
    return _again(request, network, meeting_form=form)


def _meeting(request: HttpRequest, meeting_id: UUID) -> NetworkMeeting:
    meeting = get_visible_or_404(
        request.user,
        NetworkMeeting.objects.select_related("network__organisation", "network__source_cohort"),
        public_id=meeting_id,
    )
    if not services.may_manage_network(request.user, meeting.network):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    initial = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as refusal:
                errors_into_form(form, refusal)
            else:
                messages.success(request, _("Mødet er gemt."))
                return redirect("programmes:network_detail", public_id=meeting.network.public_id)
        status = 400
    context = {"meeting": meeting, "network": meeting.network, "form": form}
    return render(request, "programmes/network_meeting.html", context, status=status)


@login_required
@require_POST
def meeting_remove(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    network = meeting.network
    services.remove_meeting(actor=request.user, meeting=meeting)
    messages.success(request, _("Mødet er fjernet."))
    return redirect("programmes:network_detail", public_id=network.public_id)
