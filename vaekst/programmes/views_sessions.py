"""A run's sessions on its page: add, edit and remove them inline (htmx), for those who
manage the run. Without htmx each change sends the browser back to the run's page."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vaekst.growthplans.views_common import (
    error_text,
    errors_into_form,
    is_htmx,
    swap_refusal,
)
from vaekst.lib.http import announce
from vaekst.programmes import selectors
from vaekst.programmes.forms import SessionForm
from vaekst.programmes.models import ProgrammeRun, RunSession
from vaekst.programmes.services.runs import add_session, remove_session, update_session


def _managed(request: HttpRequest, public_id: UUID) -> ProgrammeRun:
    run = selectors.get_staff_run(request.user, public_id)
    if not selectors.is_manager(request.user, run):
        raise PermissionDenied
    return run


def _session(run: ProgrammeRun, session_id: UUID) -> RunSession:
    return get_object_or_404(
        RunSession.objects.select_related("run"), run=run, public_id=session_id
    )


def _when(session: RunSession) -> str:
    return formats.date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")


def _sessions(
    request: HttpRequest,
    run: ProgrammeRun,
    *,
    done: str = "",
    error: str = "",
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    """The sessions section after a change: the fragment for htmx, announced; else back to
    the page (a refusal as a message)."""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return redirect("programmes:run_detail", public_id=run.public_id)
    context = {
        "run": run,
        "sessions": list(run.sessions.order_by("starts_at", "id")),
        "can_manage": True,
        "session_form": forms.get("session_form") or SessionForm(auto_id="new-session-%s"),
        "open_add": "session_form" in forms,
        "error": error,
    }
    response = render(request, "programmes/_sessions.html", context, status=status)
    if status >= 400:
        return swap_refusal(response)
    if done:
        announce(response, done, focus="sessions-heading")
    return response


@login_required
@require_POST
def session_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _managed(request, public_id)
    form = SessionForm(request.POST, auto_id="new-session-%s")
    if form.is_valid():
        try:
            session = add_session(actor=request.user, run=run, **form.session_fields())
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            return _sessions(
                request, run, done=_("Mødegangen %(when)s er tilføjet.") % {"when": _when(session)}
            )
    if not is_htmx(request):
        return render(
            request,
            "programmes/session_form.html",
            {"run": run, "form": form, "session": None},
            status=400,
        )
    return _sessions(request, run, status=400, session_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    """GET: the inline form (a page without htmx); POST: save."""
    run = _managed(request, public_id)
    session = _session(run, session_id)
    auto_id = f"session-{session.public_id}-%s"
    if request.method == "GET":
        form = SessionForm(initial=SessionForm.initial_for(session), auto_id=auto_id)
    else:
        form = SessionForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                update_session(actor=request.user, session=session, **form.session_fields())
            except ValidationError as refusal:
                errors_into_form(form, refusal)
            else:
                done = _("Mødegangen %(when)s er gemt.") % {"when": _when(session)}
                return _sessions(request, run, done=done)
    context = {"run": run, "session": session, "form": form}
    status = 400 if form.is_bound else 200
    if is_htmx(request):
        response = render(request, "programmes/_session_form.html", context, status=status)
        return swap_refusal(response) if status == 400 else response
    return render(request, "programmes/session_form.html", context, status=status)


@login_required
@require_GET
def session_row(request: HttpRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    """Closing the inline form: the session's row as it was."""
    run = _managed(request, public_id)
    session = _session(run, session_id)
    context = {"run": run, "session": session, "can_manage": True}
    return render(request, "programmes/_session_row.html", context)


@login_required
@require_POST
def session_remove(request: HttpRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    run = _managed(request, public_id)
    session = _session(run, session_id)
    when = _when(session)
    try:
        remove_session(actor=request.user, session=session)
    except ValidationError as refusal:
        return _sessions(request, run, error=error_text(refusal), status=400)
    return _sessions(request, run, done=_("Mødegangen %(when)s er fjernet.") % {"when": when})
