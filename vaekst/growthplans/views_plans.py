"""The plan page: goals, milestones, actions and comments, the partnership, the latest
versions; the plan list, follow-up of overdue items, and the version diff."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.growthplans import plan_rows, selectors, services
from vaekst.growthplans.action_extras import action_extras
from vaekst.growthplans.choices import ActionStatus, MilestoneStatus
from vaekst.growthplans.forms import (
    CommentForm,
    PlanCreateForm,
)
from vaekst.growthplans.models import (
    GrowthPartnership,
    GrowthPlan,
    PlanComment,
    PlanMilestone,
    PlanVersion,
    Referral,
)
from vaekst.growthplans.services.common import is_staff_for
from vaekst.growthplans.versions import diff_versions
from vaekst.growthplans.views_common import (
    Refusal,
    error_status,
    error_text,
    is_htmx,
    require_staff,
    swap_refusal,
)
from vaekst.lib.http import announce
from vaekst.offers.eligibility import eligibility_for_company
from vaekst.offers.selectors import visible_offers
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.selectors import find_company

VERSIONS_ON_PAGE = 10


@dataclass
class Counts:
    """Progress from the rows already on the page (no extra queries)."""

    milestones_total: int
    milestones_done: int
    milestones_overdue: int
    actions_total: int
    actions_done: int
    actions_overdue: int


def counts(milestones: list[Any], actions: list[Any]) -> Counts:
    today = timezone.localdate()
    return Counts(
        milestones_total=len(milestones),
        milestones_done=sum(m.status == MilestoneStatus.DONE for m in milestones),
        milestones_overdue=sum(m.is_overdue(today) for m in milestones),
        actions_total=len(actions),
        actions_done=sum(a.status == ActionStatus.DONE for a in actions),
        actions_overdue=sum(a.is_overdue(today) for a in actions),
    )


def action_choices(request: HttpRequest, plan: GrowthPlan) -> dict[str, Any]:
    """The choices of the action form: active partners (grouped by the owner kind they fit),
    published offers, the plan's milestones."""
    return {
        "organisations": Organisation.objects.partners().filter(is_active=True).order_by("name"),
        "offers": visible_offers(request.user).filter(is_published=True).order_by("title"),
        "milestones": PlanMilestone.objects.filter(plan=plan).order_by("order", "id"),
    }


def plan_context(request: HttpRequest, plan: GrowthPlan, **extra: Any) -> dict[str, Any]:
    """Everything the plan page and its body fragment show, in a fixed number of queries."""
    user = request.user
    staff = is_staff_for(user, plan.company)
    content = selectors.plan_content(user, plan)
    today = timezone.localdate()
    offers = {action.offer_id: action.offer for action in content.actions if action.offer}
    # Without offers there is nothing to check (and no queries to make for it).
    eligibility = {
        answer.offer.pk: answer
        for answer in (
            eligibility_for_company(company=plan.company, offers=list(offers.values()))
            if offers
            else []
        )
    }
    referrals: dict[int, list[Referral]] = {}
    for referral in visible_to(
        user, Referral.objects.filter(source_action__plan=plan).select_related("to_organisation")
    ):
        referrals.setdefault(referral.source_action_id or 0, []).append(referral)
    partnership = (
        visible_to(user, GrowthPartnership.objects.filter(plan=plan))
        .select_related("firm_accepted_by", "house_accepted_by", "proposed_by")
        .first()
    )
    # The add and edit forms are fetched when opened (htmx), so that a long plan renders
    # fast; the rows come ready-made (plan_rows), their URLs built from one prefix.
    base = reverse("growthplans:plan_detail", args=[plan.public_id])
    context: dict[str, Any] = {
        "plan": plan,
        "company": plan.company,
        "staff": staff,
        "goals": plan_rows.goal_rows(content.goals, base=base),
        "milestones": plan_rows.milestone_rows(content.milestones, today=today, base=base),
        "actions": plan_rows.action_rows(
            content.actions,
            today=today,
            base=base,
            eligibility=eligibility,
            referrals=referrals,
            extras=action_extras(request, plan, content.actions),
        ),
        "counts": counts(content.milestones, content.actions),
        "comments": list(
            visible_to(user, PlanComment.objects.filter(plan=plan)).select_related("author")
        ),
        "versions": list(selectors.plan_versions(user, plan)[:VERSIONS_ON_PAGE]),
        "partnership": partnership,
        "comment_form": CommentForm(),
        "error": "",
        "done": "",
    }
    context["editable"] = staff and plan.is_active
    context["base"] = base
    context["revision"] = plan.revision
    context["confirm"] = _("Fjern?")
    context.update(extra)
    return context


ADD_FORM_NAMES = {"maal": "goal_form", "milepaele": "milestone_form", "aktiviteter": "action_form"}


def respond(
    request: HttpRequest,
    plan: GrowthPlan,
    *,
    error: Refusal | None = None,
    form_error: str = "",
    done: str = "",
    focus: str = "",
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    """After a change: the plan body for htmx (errors as a DKFDS alert), else a redirect, or
    the page with 400/403/409 on a refusal. A refusal answers its status for htmx too, marked
    so that the front end still swaps the body with its alert in (static/js/htmx-refusals.js).
    `forms` are add forms to show open (by kind) with what was typed; what was done is
    announced to a screen reader and the focus put on `focus` (an element id, e.g. the new row)."""
    if error is None and not form_error and not is_htmx(request):
        if done:
            messages.success(request, done)
        return redirect("growthplans:plan_detail", public_id=plan.public_id)
    fresh = selectors.get_plan(request.user, plan.public_id)
    text = error_text(error) if error is not None else form_error
    open_forms = {ADD_FORM_NAMES[kind]: form for kind, form in (forms or {}).items()}
    context = plan_context(request, fresh, error=text, done=done, **open_forms)
    if is_htmx(request):
        if error is None:
            response = render(request, "growthplans/_plan_body.html", context)
            if done:
                announce(response, done, focus=focus)
            return response
        return swap_refusal(
            render(request, "growthplans/_plan_body.html", context, status=error_status(error))
        )
    status = error_status(error) if error is not None else 400
    return render(request, "growthplans/plan_detail.html", context, status=status)


@login_required
@require_GET
def plan_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    plan = selectors.get_plan(request.user, public_id)
    return render(request, "growthplans/plan_detail.html", plan_context(request, plan))


@login_required
@require_POST
def comment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    plan = selectors.get_plan(request.user, public_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return respond(request, plan, form_error=_("Skriv en kommentar."))
    try:
        services.comment_on_plan(actor=request.user, plan=plan, body=form.cleaned_data["body"])
    except (ValidationError, PermissionDenied) as refusal:
        return respond(request, plan, error=refusal)
    return respond(request, plan, done=_("Kommentaren er gemt."), focus="comments")


@login_required
@require_POST
def plan_create(request: HttpRequest, cvr: int) -> HttpResponse:
    """An empty plan for a firm (without a completed mapping)."""
    company = find_company(request.user, cvr)
    require_staff(request, company)
    form = PlanCreateForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    try:
        plan = services.create_plan(actor=request.user, company=company, title=title)
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, error_text(refusal))
        return redirect("register:company_detail", cvr=company.cvr)
    messages.success(request, _("Vækstplanen er oprettet."))
    return redirect("growthplans:plan_detail", public_id=plan.public_id)


@login_required
@require_GET
def plan_versions(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """All versions with who and when; with ?fra=&til= the readable diff between two."""
    plan = selectors.get_plan(request.user, public_id)
    versions = list(selectors.plan_versions(request.user, plan))
    numbers = [version.number for version in versions]
    diff = None
    try:
        new_number = int(request.GET.get("til") or (numbers[0] if numbers else 0))
        old_number = int(request.GET.get("fra") or max(new_number - 1, 1))
    except ValueError:
        raise Http404 from None
    if request.GET.get("fra") or request.GET.get("til") or len(numbers) > 1:
        scoped = visible_to(request.user, PlanVersion.objects.filter(plan=plan))
        old = get_visible_or_404(request.user, scoped, number=old_number)
        new = get_visible_or_404(request.user, scoped, number=new_number)
        diff = diff_versions(old, new)
    context = {"plan": plan, "versions": versions, "diff": diff, "numbers": numbers}
    return render(request, "growthplans/plan_versions.html", context)


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the user works with: their own first, then the rest of the area."""
    user = request.user
    if not (getattr(user, "is_caseworker", False) or getattr(user, "is_national_admin", False)):
        raise PermissionDenied
    mine = request.GET.get("alle") != "1"
    plans = selectors.visible_plans(user).select_related("company").order_by("-updated_at")
    if mine:
        plans = plans.filter(responsible_id=user.pk)
    context = {"plans": list(plans[:200]), "mine": mine}
    return render(request, "growthplans/plan_list.html", context)


@login_required
@require_GET
def followup(request: HttpRequest) -> HttpResponse:
    """Overdue milestones and actions of the consultant's plans (or all plans of the area)."""
    user = request.user
    if not (getattr(user, "is_caseworker", False) or getattr(user, "is_national_admin", False)):
        raise PermissionDenied
    mine = request.GET.get("alle") != "1"
    items = selectors.overdue_items(user, mine_only=mine)
    context = {"items": items, "mine": mine, "today": timezone.localdate()}
    return render(request, "growthplans/followup.html", context)
