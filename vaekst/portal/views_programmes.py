"""The firm's programmes in the portal ("Forløb"): the runs announced to it with the one
eligibility answer for each, enrolling itself ("Tilmeld"), its own enrolments with
attendance, and cancelling one ("Afmeld"). State changes go through the enrolment
services; a firm only ever reaches its own enrolments (another's is a 404)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vaekst.lib.paging import page_number
from vaekst.portal.access import error_text, require_firm
from vaekst.portal.forms_programmes import CancelEnrolmentForm, EnrolForm
from vaekst.portal.selectors_programmes import (
    announced_page,
    announced_run,
    firm_enrolment,
    firm_enrolments,
    waitlist_position,
)
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import Enrolment, ProgrammeRun
from vaekst.programmes.services.enrolment import cancel_enrolment, enrol
from vaekst.register.models import Company


def form_prefix(run: ProgrammeRun) -> str:
    return f"run-{run.public_id.hex[:12]}"


def _page(
    request: HttpRequest,
    company: Company,
    *,
    status: int = 200,
    bound: tuple[int, EnrolForm] | None = None,
) -> HttpResponse:
    user = request.user
    page = announced_page(user, company, number=page_number(request.GET.get("side")))
    forms: dict[int, EnrolForm] = {}
    for item in page.items:
        if item.may_enrol:
            forms[item.run.pk] = EnrolForm.for_user(user, prefix=form_prefix(item.run))
    if bound is not None:
        forms[bound[0]] = bound[1]
    runs = [(item, forms.get(item.run.pk)) for item in page.items]
    context: dict[str, Any] = {
        "company": company,
        "page": page,
        "runs": runs,
        "enrolments": firm_enrolments(user, company),
    }
    return render(request, "portal/programmes.html", context, status=status)


@login_required
@require_GET
def programmes(request: HttpRequest) -> HttpResponse:
    return _page(request, require_firm(request))


def enrolled_message(enrolment: Enrolment, position: int | None) -> str:
    run = enrolment.run.title
    if enrolment.status == EnrolmentStatus.ENROLLED:
        return _("I er tilmeldt %(run)s og har fået en plads.") % {"run": run}
    return _(
        "Holdet %(run)s er fuldt. I står på ventelisten som nummer %(position)s og får "
        "besked på e-mail, hvis der bliver en plads ledig."
    ) % {"run": run, "position": position}


@login_required
@require_POST
def enrol_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = require_firm(request)
    run = announced_run(request.user, public_id)
    form = EnrolForm(request.POST, prefix=form_prefix(run))
    if not form.is_valid():
        return _page(request, company, status=400, bound=(run.pk, form))
    try:
        enrolment = enrol(
            actor=request.user,
            run=run,
            company=company,
            channel=EnrolmentChannel.PORTAL,
            participant_name=form.cleaned_data["participant_name"],
            participant_email=form.cleaned_data["participant_email"],
        )
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
        return redirect(reverse("portal:programmes") + f"#run-{run.public_id}")
    messages.success(
        request, enrolled_message(enrolment, waitlist_position(request.user, enrolment))
    )
    return redirect(reverse("portal:programmes") + f"#enrolment-{enrolment.public_id}")


@login_required
@require_http_methods(["GET", "POST"])
def cancel_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Ask first (GET), then cancel (POST); a freed place goes to the next on the waitlist."""
    company = require_firm(request)
    enrolment = firm_enrolment(request.user, company, public_id)
    form = CancelEnrolmentForm(request.POST or None)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        messages.info(request, _("Tilmeldingen er allerede afmeldt."))
        return redirect("portal:programmes")
    if enrolment.run.status in (RunStatus.FINISHED, RunStatus.CANCELLED):
        messages.error(request, _("Holdet er afsluttet; tilmeldingen kan ikke ændres."))
        return redirect("portal:programmes")
    if request.method == "POST" and form.is_valid():
        try:
            cancel_enrolment(
                actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as refusal:
            messages.error(request, error_text(refusal))
        else:
            messages.success(request, _("I er meldt fra %(run)s.") % {"run": enrolment.run.title})
        return redirect("portal:programmes")
    status = 400 if request.method == "POST" else 200
    context = {"company": company, "enrolment": enrolment, "form": form}
    return render(request, "portal/enrolment_cancel.html", context, status=status)
