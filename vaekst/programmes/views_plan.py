"""Enrolling a firm on a run from its growth plan: the "Tilmeld hold" form on an action
whose offer is a programme. From the plan page the answer is that page (or its body, with
htmx), as for every change made there; from the portal's plan (a `next` on this site) it is
a redirect back there with what happened as a message."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vaekst.growthplans.models import PlanAction
from vaekst.growthplans.plan_rows import row_anchor
from vaekst.growthplans.views_common import Refusal, error_text, form_errors, is_htmx
from vaekst.growthplans.views_plans import respond
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.forms_plan import PlanEnrolForm
from vaekst.programmes.plan_actions import enrolling, open_runs, run_label
from vaekst.programmes.services.enrolment import enrol


@login_required
@require_POST
def plan_enrol(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """404 for an action the user may not see; 403 for one they see but may not enrol from;
    an eligibility or capacity refusal is shown with its reason and changes nothing."""
    action = get_visible_or_404(
        request.user,
        PlanAction.objects.select_related("plan__company", "offer"),
        public_id=public_id,
    )
    done, refusal = _enrol(request, action)
    back = request.POST.get("next", "")
    if back and not is_htmx(request) and _on_this_site(request, back):
        if refusal is not None:
            messages.error(request, error_text(refusal))
            return redirect(back)
        messages.success(request, done)
        return redirect(f"{back}#action-{action.public_id}")
    if refusal is not None:
        return respond(request, action.plan, error=refusal)
    return respond(request, action.plan, done=done, focus=row_anchor(action))


def _on_this_site(request: HttpRequest, url: str) -> bool:
    return url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _enrol(request: HttpRequest, action: PlanAction) -> tuple[str, Refusal | None]:
    """What was done, or why not (nothing changed then)."""
    user = request.user
    plan = action.plan
    company = plan.company
    who = enrolling(user, company)
    if not who.may_enrol:
        return "", PermissionDenied()
    if not plan.is_active:
        return "", ValidationError(_("Planen er ikke aktiv."))
    offers = {action.offer_id} if action.offer_id is not None else set()
    runs = {
        str(run.public_id): run for run in open_runs(user, company, offers, timezone.localdate())
    }
    form = PlanEnrolForm(
        request.POST,
        runs=[(key, run_label(run)) for key, run in runs.items()],
        may_override=who.may_override,
        prefix=f"enrol-{action.public_id}",
    )
    if not form.is_valid():
        return "", ValidationError(form_errors(form))
    run = runs[form.cleaned_data["run"]]
    try:
        enrolment = enrol(
            actor=user,
            run=run,
            company=company,
            channel=EnrolmentChannel.PLAN,
            plan_action=action,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except (ValidationError, PermissionDenied) as refusal:
        return "", refusal
    names = {"company": company.name, "run": run.title}
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return _("Holdet er fuldt: %(company)s står på ventelisten til %(run)s.") % names, None
    return _("%(company)s er tilmeldt %(run)s.") % names, None
