"""Runs of programmes on the staff side: the list, creating and editing a run, its status,
and the run's page (its sessions, enrolment and attendance live in views_sessions and
views_enrolment)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vaekst.growthplans.views_common import error_text, errors_into_form
from vaekst.lib.paging import page_number, paginate
from vaekst.programmes import run_rows, selectors
from vaekst.programmes.choices import RunStatus
from vaekst.programmes.forms import (
    CancelForm,
    EnrolForm,
    RunFilterForm,
    RunForm,
    SessionForm,
    StatusForm,
)
from vaekst.programmes.models import ProgrammeRun
from vaekst.programmes.satisfaction import may_read, run_satisfaction
from vaekst.programmes.services.enrolment import cancel_run
from vaekst.programmes.services.runs import create_run, organiser_for, update_run

PAGE_SIZE = 25

# The status changes a manager may make, from each status (a run is cancelled with its
# enrolments through cancel_run).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RunStatus.PLANNED: (RunStatus.OPEN, RunStatus.CANCELLED),
    RunStatus.OPEN: (RunStatus.CLOSED, RunStatus.FINISHED, RunStatus.CANCELLED),
    RunStatus.CLOSED: (RunStatus.OPEN, RunStatus.FINISHED, RunStatus.CANCELLED),
    RunStatus.FINISHED: (),
    RunStatus.CANCELLED: (),
}
ACTION_LABELS: dict[str, Any] = {
    RunStatus.OPEN: gettext_lazy("Åbn for tilmelding"),
    RunStatus.CLOSED: gettext_lazy("Luk for tilmelding"),
    RunStatus.FINISHED: gettext_lazy("Afslut holdet"),
    RunStatus.CANCELLED: gettext_lazy("Aflys holdet"),
}


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    """The runs the user sees, filtered, with places taken and firms waiting."""
    user = request.user
    selectors.require_staff(user)
    form = RunFilterForm(
        request.GET or None,
        organisers=selectors.run_organisers(user),
        programmes=selectors.visible_programmes(user),
    )
    page = paginate(
        selectors.search_runs(user, form.to_filter()),
        number=page_number(request.GET.get("side")),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": organiser_for(user) is not None,
    }
    return render(request, "programmes/run_list.html", context)


def _run_form(request: HttpRequest, run: ProgrammeRun | None, data: Any = None) -> RunForm:
    organiser = run.organiser if run is not None else organiser_for(request.user)
    if organiser is None:
        raise PermissionDenied
    facilitators = selectors.facilitator_candidates(organiser)
    if run is None:
        programmes = selectors.runnable_programmes(request.user)
        initial: dict[str, Any] = {}
        chosen = request.GET.get("program", "")
        if chosen.isdigit():
            initial["programme"] = int(chosen)
        return RunForm(data, programmes=programmes, facilitators=facilitators, initial=initial)
    initial = {
        "title": run.title,
        "capacity": run.capacity,
        "enrolment_deadline": run.enrolment_deadline,
        "description": run.description,
        "facilitators": list(run.facilitators.all()),
        "cohort_min": run.cohort_min,
        "cohort_max": run.cohort_max,
        "cohort_by": run.cohort_by,
    }
    return RunForm(data, facilitators=facilitators, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    selectors.require_staff(request.user)
    form = _run_form(request, None, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = create_run(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                facilitators=form.cleaned_data["facilitators"],
                **form.run_fields(),
            )
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            messages.success(request, _("Holdet er oprettet."))
            return redirect("programmes:run_detail", public_id=run.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "programmes/run_form.html", {"form": form, "run": None}, status=status)


def _managed_run(request: HttpRequest, public_id: UUID) -> ProgrammeRun:
    """A run the user may see (else 404) and manage (else 403)."""
    run = selectors.get_staff_run(request.user, public_id)
    if not selectors.is_manager(request.user, run):
        raise PermissionDenied
    return run


@login_required
@require_http_methods(["GET", "POST"])
def run_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _managed_run(request, public_id)
    form = _run_form(request, run, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.run_fields()
        fields["capacity"] = fields["capacity"] or run.capacity
        try:
            update_run(
                actor=request.user,
                run=run,
                facilitators=form.cleaned_data["facilitators"],
                **fields,
            )
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            messages.success(request, _("Holdet er gemt."))
            return redirect("programmes:run_detail", public_id=run.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "programmes/run_form.html", {"form": form, "run": run}, status=status)


@login_required
@require_POST
def run_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Open, close, finish or cancel the run (cancelling takes every firm off it)."""
    run = _managed_run(request, public_id)
    form = StatusForm(request.POST)
    new = form.cleaned_data["status"] if form.is_valid() else ""
    if new not in TRANSITIONS[run.status]:
        messages.error(request, _("Holdet kan ikke skifte til den status nu."))
        return redirect("programmes:run_detail", public_id=run.public_id)
    reason = request.POST.get("reason", "").strip()
    try:
        with transaction.atomic():
            if new == RunStatus.CANCELLED:
                cancel_run(actor=request.user, run=run, reason=reason)
            else:
                update_run(actor=request.user, run=run, status=new)
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(
            request,
            _("Holdets status er nu: %(status)s.") % {"status": RunStatus(new).label},
        )
    return redirect("programmes:run_detail", public_id=run.public_id)


def run_context(request: HttpRequest, run: ProgrammeRun, **extra: Any) -> dict[str, Any]:
    """The run page's context; `extra` replaces forms with ones carrying errors."""
    user = request.user
    page = selectors.run_page(user, run)
    run_rows.fill_links(page)
    manages = selectors.is_manager(user, run)
    serves = bool(user.is_caseworker or user.is_national_admin)  # type: ignore[union-attr]
    changeable = run.status not in (RunStatus.FINISHED, RunStatus.CANCELLED)
    context: dict[str, Any] = {
        "enrolled_rows": run_rows.enrolled_rows(
            request,
            page,
            cancel_any=manages and changeable,
            cancel_seen=serves and changeable,
            certificates_any=manages,
        ),
        "attendance_rows": run_rows.attendance_rows(page) if manages else "",
        "attendance_shown": run_rows.shown_ids(page) if manages else "",
        "run": run,
        "page": page,
        "can_manage": manages,
        "can_serve": serves,
        # Cancelling: run managers any firm, caseworkers the firms they may see (row by row).
        "can_cancel_any": manages and changeable,
        "cancel_serves": serves and changeable,
        "can_enrol": (manages or serves) and run.status == RunStatus.OPEN,
        "transitions": [(s, ACTION_LABELS[s]) for s in TRANSITIONS[run.status]] if manages else [],
        "enrol_form": EnrolForm(),
        "session_form": SessionForm(auto_id="new-session-%s"),
        "cancel_form": CancelForm(),
        "needs_override": False,
        "candidates": [],
        "satisfaction": run_satisfaction(run) if may_read(user) else None,
    }
    context.update(extra)
    return context


@login_required
@require_GET
def run_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = selectors.get_staff_run(request.user, public_id)
    return render(request, "programmes/run_detail.html", run_context(request, run))
