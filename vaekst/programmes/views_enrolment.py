"""Enrolment on the run's page: a caseworker enrols a firm (found by CVR number or name
among the firms they may see), cancels an enrolment with a reason, and the run's managers
register attendance per session (htmx)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vaekst.growthplans.views_common import error_text, is_htmx, swap_refusal
from vaekst.lib.http import announce
from vaekst.offers.eligibility import check_eligibility
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.programmes import selectors
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.forms import CancelForm, EnrolForm
from vaekst.programmes.models import Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.services.enrolment import (
    cancel_enrolment,
    enrol,
    may_cancel,
    may_enrol,
    record_attendance,
)
from vaekst.programmes.views_runs import run_context
from vaekst.register.models import Company
from vaekst.register.selectors import CompanyFilter, find_company, search_companies

CANDIDATES = 10


def _refused(
    request: HttpRequest, run: ProgrammeRun, form: EnrolForm, **extra: object
) -> HttpResponse:
    context = run_context(request, run, enrol_form=form, **extra)
    return render(request, "programmes/run_detail.html", context, status=400)


def _find_firm(request: HttpRequest, form: EnrolForm) -> Company | list[Company]:
    """The firm the consultant means: the one chosen (by CVR number), the one matching, or
    the candidates to choose among (empty: none matched)."""
    cvr = form.cleaned_data.get("cvr")
    if cvr:
        return find_company(request.user, cvr)
    query = form.cleaned_data["firm"].strip()
    found = list(search_companies(request.user, CompanyFilter(q=query))[: CANDIDATES + 1])
    return found[0] if len(found) == 1 else found


@login_required
@require_POST
def enrolment_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = selectors.get_staff_run(request.user, public_id)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        return _refused(request, run, form)
    firm = _find_firm(request, form)
    if isinstance(firm, list):
        if not firm:
            form.add_error("firm", _("Ingen virksomhed, du har adgang til, passer på søgningen."))
            return _refused(request, run, form)
        note = _("Flere virksomheder passer på søgningen. Vælg den rigtige.")
        return _refused(request, run, form, candidates=firm[:CANDIDATES], candidates_note=note)
    if not may_enrol(request.user, run, firm):
        raise PermissionDenied
    reason = form.cleaned_data["override_reason"]
    # The one eligibility check first, so that a refusal can be shown with the override field.
    answer = check_eligibility(company=firm, offer=run.offer, on=timezone.localdate())
    if not answer.allowed and not reason.strip():
        form.data = form.data.copy()  # type: ignore[attr-defined]
        form.data["cvr"] = str(firm.cvr)  # type: ignore[index]
        form.data["firm"] = f"{firm.name} ({firm.cvr})"  # type: ignore[index]
        form.add_error(
            None, _("Tjekket afviser virksomheden: %(reason)s") % {"reason": answer.reason}
        )
        return _refused(request, run, form, needs_override=True)
    try:
        enrolment = enrol(
            actor=request.user,
            run=run,
            company=firm,
            channel=EnrolmentChannel.CONSULTANT,
            participant_name=form.cleaned_data["participant_name"],
            participant_email=form.cleaned_data["participant_email"],
            override_reason=reason,
        )
    except ValidationError as refusal:
        form.add_error(None, error_text(refusal))
        return _refused(request, run, form, needs_override=not answer.allowed)
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        done = _("Holdet er fuldt: %(firm)s står på venteliste.") % {"firm": firm.name}
    else:
        done = _("%(firm)s er tilmeldt holdet.") % {"firm": firm.name}
    messages.success(request, done)
    return redirect("programmes:run_detail", public_id=run.public_id)


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, public_id: UUID, enrolment_id: UUID) -> HttpResponse:
    """Take a firm off the run or its waitlist; a freed place goes to the first waiting."""
    run = selectors.get_staff_run(request.user, public_id)
    enrolment = get_visible_or_404(
        request.user,
        Enrolment.objects.filter(run=run).select_related("company", "run"),
        public_id=enrolment_id,
    )
    if not may_cancel(request.user, enrolment):
        raise PermissionDenied
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    was_enrolled = enrolment.status == EnrolmentStatus.ENROLLED
    try:
        enrolment = cancel_enrolment(actor=request.user, enrolment=enrolment, reason=reason)
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
        return redirect("programmes:run_detail", public_id=run.public_id)
    done = _("%(firm)s er afmeldt.") % {"firm": enrolment.company.name}
    if was_enrolled:
        promoted = Enrolment.objects.filter(
            run=run, status=EnrolmentStatus.ENROLLED, promoted_at__gte=enrolment.cancelled_at
        ).select_related("company")
        names = ", ".join(e.company.name for e in promoted)
        if names:
            done += " " + _("Pladsen gik til %(firms)s fra ventelisten.") % {"firms": names}
    messages.success(request, done)
    return redirect("programmes:run_detail", public_id=run.public_id)


@login_required
@require_POST
def attendance_save(request: HttpRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    """Who took part in one session: the checked firms were there, the others shown on the
    form were not."""
    run = selectors.get_staff_run(request.user, public_id)
    if not selectors.is_manager(request.user, run):
        raise PermissionDenied
    session = get_object_or_404(
        RunSession.objects.select_related("run"), run=run, public_id=session_id
    )
    shown = {int(i) for i in request.POST.get("shown", "").split(",") if i.strip().isdigit()}
    present = {int(i) for i in request.POST.getlist("present") if i.isdigit()}
    when = formats.date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
    error = ""
    try:
        record_attendance(
            actor=request.user,
            session=session,
            present={pk: pk in present for pk in shown | present},
        )
    except ValidationError as refusal:
        error = error_text(refusal)
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Fremmødet den %(when)s er gemt.") % {"when": when})
        return redirect("programmes:run_detail", public_id=run.public_id)
    context = run_context(request, run, attendance_error=error)
    response = render(request, "programmes/_attendance.html", context, status=400 if error else 200)
    if error:
        return swap_refusal(response)
    # The enrolled firms' attendance column, brought up to date in the same answer.
    response.write(render_to_string("programmes/_enrolled.html", {**context, "oob": True}, request))
    return announce(response, _("Fremmødet den %(when)s er gemt.") % {"when": when})
