"""Enrolling a firm on a run from its growth plan: the "Tilmeld hold" form on an action
whose offer is a programme. The answer is the plan page (or its body, with htmx), as for
every change made on the plan page."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vaekst.growthplans.models import PlanAction
from vaekst.growthplans.plan_rows import row_anchor
from vaekst.growthplans.views_common import form_errors
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
    user = request.user
    action = get_visible_or_404(
        user, PlanAction.objects.select_related("plan__company", "offer"), public_id=public_id
    )
    plan = action.plan
    company = plan.company
    who = enrolling(user, company)
    if not who.may_enrol:
        return respond(request, plan, error=PermissionDenied())
    if not plan.is_active:
        return respond(request, plan, error=ValidationError(_("Planen er ikke aktiv.")))
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
        return respond(request, plan, error=ValidationError(form_errors(form)))
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
        return respond(request, plan, error=refusal)
    names = {"company": company.name, "run": run.title}
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        done = _("Holdet er fuldt: %(company)s står på ventelisten til %(run)s.") % names
    else:
        done = _("%(company)s er tilmeldt %(run)s.") % names
    return respond(request, plan, done=done, focus=row_anchor(action))
