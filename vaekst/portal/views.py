"""The firm's portal: its home page, its plan (its own actions, milestone progress,
comments) and the partnership it accepts. Views read through selectors and change state
only through the growth-plan services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.growthplans.action_extras import action_extras
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    MilestoneStatus,
    PartnershipStatus,
)
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import (
    StaleRevision,
    accept_as_firm,
    comment_on_plan,
    set_action_status,
    set_milestone_progress,
)
from vaekst.growthplans.terms import partnership_terms
from vaekst.portal.access import error_text, require_firm
from vaekst.portal.forms import (
    AcceptPartnershipForm,
    ActionStatusForm,
    CommentForm,
    MilestoneProgressForm,
)
from vaekst.portal.selectors import (
    current_plan,
    external_level_name,
    firm_offers,
    get_action,
    get_milestone,
    get_partnership,
    open_partnership,
    plan_comments,
    plan_summary,
)
from vaekst.portal.selectors_programmes import firm_enrolments, open_run_count
from vaekst.programmes.selectors_surveys import due_count
from vaekst.register.models import Company


def may_accept(partnership: GrowthPartnership | None) -> bool:
    return (
        partnership is not None
        and partnership.status == PartnershipStatus.DRAFT
        and partnership.firm_accepted_at is None
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The firm at a glance: level (external name), plan, partnership, offers, programmes."""
    company = require_firm(request)
    user = request.user
    plan = current_plan(user, company)
    partnership = open_partnership(user, plan) if plan is not None else None
    context = {
        "company": company,
        "level_name": external_level_name(user, company),
        "summary": plan_summary(user, plan) if plan is not None else None,
        "partnership": partnership,
        "may_accept": may_accept(partnership),
        "offers": firm_offers(user, company),
        "my_programmes": firm_enrolments(user, company, active_only=True),
        "open_runs": open_run_count(user),
        "surveys_due": due_count(company),
    }
    return render(request, "portal/home.html", context)


def _plan_or_404(request: HttpRequest, company: Company) -> GrowthPlan:
    plan = current_plan(request.user, company)
    if plan is None:
        raise Http404("No plan")
    return plan


def _plan_page(
    request: HttpRequest, company: Company, *, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    plan = _plan_or_404(request, company)
    summary = plan_summary(user, plan)
    # What higher apps show on an action (a programme's runs, the firm's enrolment on one).
    extras = action_extras(request, plan, summary.content.actions)
    for action in summary.content.actions:
        action.extras = extras.get(action.pk, [])  # type: ignore[attr-defined]
    context = {
        "company": company,
        "summary": summary,
        "comments": list(plan_comments(user, plan)),
        "comment_form": extra.pop("comment_form", CommentForm()),
        "firm_owner": ActionOwnerKind.FIRM,
        "milestone_statuses": MilestoneStatus.choices,
        "action_statuses": ActionStatus.choices,
        **extra,
    }
    return render(request, "portal/plan.html", context, status=status)


@login_required
@require_GET
def plan_view(request: HttpRequest) -> HttpResponse:
    return _plan_page(request, require_firm(request))


def _stale(request: HttpRequest, company: Company, error: StaleRevision) -> HttpResponse:
    """Nothing was saved: show the plan as it now stands with the reason (409)."""
    return _plan_page(request, company, status=409, stale_message=error.message)


@login_required
@require_POST
def milestone_progress(request: HttpRequest, public_id: str) -> HttpResponse:
    company = require_firm(request)
    milestone = get_milestone(request.user, public_id)
    if milestone.plan.company_id != company.pk:
        raise Http404("Not found")
    form = MilestoneProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Milepælen blev ikke gemt: udfyld status og fremdrift (0-100)."))
        return redirect("portal:plan")
    data = form.cleaned_data
    try:
        set_milestone_progress(
            actor=request.user,
            milestone=milestone,
            expected_revision=data["revision"],
            status=data["status"],
            progress=data["progress"],
            progress_note=data["progress_note"],
        )
    except StaleRevision as error:
        return _stale(request, company, error)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portal:plan")
    messages.success(request, _("Milepælen „%(title)s“ er opdateret.") % {"title": milestone})
    return redirect(reverse("portal:plan") + f"#milestone-{milestone.public_id}")


@login_required
@require_POST
def action_status(request: HttpRequest, public_id: str) -> HttpResponse:
    company = require_firm(request)
    action = get_action(request.user, public_id)
    if action.plan.company_id != company.pk:
        raise Http404("Not found")
    if action.owner_kind != ActionOwnerKind.FIRM:
        # Checked here too so that a refusal changes nothing, before any form is read.
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Aktiviteten blev ikke gemt: vælg en status."))
        return redirect("portal:plan")
    try:
        set_action_status(
            actor=request.user,
            action=action,
            expected_revision=form.cleaned_data["revision"],
            status=form.cleaned_data["status"],
        )
    except StaleRevision as error:
        return _stale(request, company, error)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portal:plan")
    messages.success(request, _("Aktiviteten „%(title)s“ er opdateret.") % {"title": action})
    return redirect(reverse("portal:plan") + f"#action-{action.public_id}")


@login_required
@require_POST
def comment(request: HttpRequest) -> HttpResponse:
    company = require_firm(request)
    plan = _plan_or_404(request, company)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, company, status=400, comment_form=form)
    try:
        comment_on_plan(actor=request.user, plan=plan, body=form.cleaned_data["body"])
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portal:plan")
    messages.success(request, _("Din kommentar er gemt."))
    return redirect(reverse("portal:plan") + "#comments")


@login_required
def partnership_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """The partnership's terms, and (while it awaits the firm) the acceptance form."""
    company = require_firm(request)
    partnership = get_partnership(request.user, public_id)
    if partnership.plan.company_id != company.pk:
        raise Http404("Not found")
    form = AcceptPartnershipForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_accept(partnership):
            messages.error(request, _("Partnerskabet kan ikke accepteres nu."))
            return redirect("portal:partnership", public_id=partnership.public_id)
        if form.is_valid():
            try:
                accept_as_firm(actor=request.user, partnership=partnership)
            except ValidationError as error:
                messages.error(request, error_text(error))
                return redirect("portal:partnership", public_id=partnership.public_id)
            messages.success(request, _("Tak. Du har accepteret vækstpartnerskabet."))
            return redirect("portal:partnership", public_id=partnership.public_id)
        status = 400
    context = {
        "company": company,
        "partnership": partnership,
        "terms": partnership_terms(partnership),
        "may_accept": may_accept(partnership),
        "form": form,
    }
    return render(request, "portal/partnership.html", context, status=status)
