"""Goals, milestones and actions of a plan. Every change names the revision it started from
(optimistic locking) and writes a new plan version."""

from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.growthplans.changes import (
    ITEM_ADDED,
    ITEM_CHANGED,
    ITEM_REMOVED,
    ITEM_UPDATED,
    item_change,
)
from vaekst.growthplans.choices import (
    OWNER_PARTNER_KINDS,
    ActionOwnerKind,
    ActionStatus,
    BaselineSource,
    MilestoneStatus,
)
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanGoal, PlanMilestone
from vaekst.growthplans.services.common import (
    claim_revision,
    is_member_of,
    is_staff_for,
    require_staff,
    write_version,
)
from vaekst.growthplans.services.plans import register_baseline
from vaekst.offers.eligibility import check_eligibility, company_region, offer_is_for_region
from vaekst.offers.models import Offer
from vaekst.offers.services import grant_override
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company

GOAL_EDITABLE = {
    "metric",
    "description",
    "baseline_value",
    "baseline_year",
    "baseline_source",
    "target_value",
    "target_date",
    "order",
}
MILESTONE_EDITABLE = {
    "title",
    "criterion",
    "due_on",
    "status",
    "progress",
    "progress_note",
    "order",
    "goal",
}
ACTION_EDITABLE = {
    "title",
    "description",
    "owner_kind",
    "owner_organisation",
    "owner_person",
    "due_on",
    "status",
    "offer",
    "milestone",
    "order",
}

Item = TypeVar("Item", PlanGoal, PlanMilestone, PlanAction)


def _begin(actor: Any, plan: GrowthPlan, expected_revision: int) -> GrowthPlan:
    require_staff(actor, plan.company)
    return _claim(actor, plan, expected_revision)


def _claim(actor: Any, plan: GrowthPlan, expected_revision: int) -> GrowthPlan:
    if not plan.is_active:
        raise ValidationError(_("Planen er arkiveret og kan ikke ændres."))
    return claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)


def _same_plan(plan: GrowthPlan, *items: models.Model | None) -> None:
    for item in items:
        if item is not None and getattr(item, "plan_id", None) != plan.pk:
            raise ValidationError(_("Elementet hører ikke til denne plan."))


def _apply(item: Item, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value)


def _stamp_completion(item: PlanMilestone | PlanAction, done: str) -> None:
    """Keep completed_on in step with the status."""
    if item.status == done and item.completed_on is None:
        item.completed_on = timezone.localdate()
    elif item.status != done:
        item.completed_on = None


def check_owner(*, owner_kind: str, organisation: Organisation | None, person: str) -> None:
    """A private advisor, capital source or other partner is named (an organisation of a
    fitting partner kind, or a person); the firm, the house and the municipality name no
    partner organisation."""
    kinds = OWNER_PARTNER_KINDS.get(owner_kind)
    if kinds is None:
        if organisation is not None:
            raise ValidationError(
                {"owner_organisation": _("Vælg kun en organisation, når en partner er ansvarlig.")}
            )
        return
    label = ActionOwnerKind(owner_kind).label
    if organisation is None and not person.strip():
        raise ValidationError(
            {
                "owner_person": _(
                    "Navngiv den ansvarlige (%(kind)s): en organisation eller en person."
                )
                % {"kind": label}
            }
        )
    if organisation is not None and (
        organisation.kind != OrganisationKind.PARTNER or organisation.partner_kind not in kinds
    ):
        raise ValidationError(
            {
                "owner_organisation": _("%(name)s kan ikke vælges som %(kind)s.")
                % {"name": organisation.name, "kind": label.lower()}
            }
        )


def check_offer(*, actor: Any, company: Company, offer: Offer, override_reason: str) -> str:
    """Refuse an offer the firm may not use, with the check's reason, unless a caseworker
    gives a reason to override; the override is then granted in the catalogue (audited) and
    the reason returned to be kept on the action."""
    result = check_eligibility(company=company, offer=offer)
    if result.allowed:
        return ""
    reason = override_reason.strip()
    if not reason:
        raise ValidationError({"offer": result.reason})
    day = timezone.localdate()
    # Facts about the offer cannot be overridden, only judgements about the firm.
    if (
        not offer.is_published
        or (offer.starts_on is not None and day < offer.starts_on)
        or (offer.ends_on is not None and day > offer.ends_on)
        or not offer_is_for_region(offer, company_region(company))
    ):
        raise ValidationError({"offer": result.reason})
    grant_override(actor=actor, company=company, offer=offer, reason=reason)
    return reason


def _finish(plan: GrowthPlan, actor: Any, change: dict[str, Any]) -> None:
    write_version(plan=plan, actor=actor, change=change)


# Goals -------------------------------------------------------------------------------------


@transaction.atomic
def add_goal(
    *,
    actor: Any,
    plan: GrowthPlan,
    expected_revision: int,
    metric: str,
    description: str = "",
    target_value: Decimal | None = None,
    target_date: Any = None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
) -> PlanGoal:
    """A goal; without a given baseline the register's latest figure is used."""
    plan = _begin(actor, plan, expected_revision)
    source = BaselineSource.MANUAL if baseline_value is not None else BaselineSource.NONE
    if baseline_value is None:
        baseline_value, baseline_year = register_baseline(plan.company, metric)
        source = BaselineSource.REGISTER if baseline_year else BaselineSource.NONE
    goal = PlanGoal(
        plan=plan,
        metric=metric,
        description=description,
        target_value=target_value,
        target_date=target_date,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        baseline_source=source,
        order=plan.goals.count() + 1,
    )
    goal.full_clean()
    goal.save()
    _finish(plan, actor, item_change(ITEM_ADDED, "goals", goal))
    return goal


@transaction.atomic
def update_goal(*, actor: Any, goal: PlanGoal, expected_revision: int, **fields: Any) -> PlanGoal:
    plan = _begin(actor, goal.plan, expected_revision)
    goal = PlanGoal.objects.get(pk=goal.pk)
    _apply(goal, fields, GOAL_EDITABLE)
    goal.full_clean()
    goal.save()
    _finish(plan, actor, item_change(ITEM_CHANGED, "goals", goal))
    return goal


@transaction.atomic
def remove_goal(*, actor: Any, goal: PlanGoal, expected_revision: int) -> None:
    plan = _begin(actor, goal.plan, expected_revision)
    change = item_change(ITEM_REMOVED, "goals", goal)
    PlanGoal.objects.filter(pk=goal.pk).delete()
    _finish(plan, actor, change)


# Milestones --------------------------------------------------------------------------------


@transaction.atomic
def add_milestone(
    *,
    actor: Any,
    plan: GrowthPlan,
    expected_revision: int,
    title: str,
    criterion: str = "",
    due_on: Any = None,
    goal: PlanGoal | None = None,
) -> PlanMilestone:
    plan = _begin(actor, plan, expected_revision)
    _same_plan(plan, goal)
    milestone = PlanMilestone(
        plan=plan,
        title=title,
        criterion=criterion,
        due_on=due_on,
        goal=goal,
        order=plan.milestones.count() + 1,
    )
    milestone.full_clean()
    milestone.save()
    _finish(plan, actor, item_change(ITEM_ADDED, "milestones", milestone))
    return milestone


@transaction.atomic
def update_milestone(
    *, actor: Any, milestone: PlanMilestone, expected_revision: int, **fields: Any
) -> PlanMilestone:
    plan = _begin(actor, milestone.plan, expected_revision)
    milestone = PlanMilestone.objects.get(pk=milestone.pk)
    _apply(milestone, fields, MILESTONE_EDITABLE)
    _same_plan(plan, milestone.goal)
    _stamp_completion(milestone, MilestoneStatus.DONE)
    milestone.full_clean()
    milestone.save()
    _finish(plan, actor, item_change(ITEM_CHANGED, "milestones", milestone))
    return milestone


@transaction.atomic
def remove_milestone(*, actor: Any, milestone: PlanMilestone, expected_revision: int) -> None:
    plan = _begin(actor, milestone.plan, expected_revision)
    change = item_change(ITEM_REMOVED, "milestones", milestone)
    PlanMilestone.objects.filter(pk=milestone.pk).delete()
    _finish(plan, actor, change)


@transaction.atomic
def set_milestone_progress(
    *,
    actor: Any,
    milestone: PlanMilestone,
    expected_revision: int,
    status: str | None = None,
    progress: int | None = None,
    progress_note: str | None = None,
) -> PlanMilestone:
    """The firm (or its caseworker) reports how far a milestone has come."""
    plan = milestone.plan
    if not (is_staff_for(actor, plan.company) or is_member_of(actor, plan.company)):
        raise PermissionDenied("Not allowed to report progress on this plan")
    plan = _claim(actor, plan, expected_revision)
    milestone = PlanMilestone.objects.get(pk=milestone.pk)
    if status is not None:
        milestone.status = status
    if progress is not None:
        milestone.progress = progress
    if progress_note is not None:
        milestone.progress_note = progress_note
    if milestone.status == MilestoneStatus.DONE:
        milestone.progress = 100
    _stamp_completion(milestone, MilestoneStatus.DONE)
    milestone.full_clean()
    milestone.save()
    _finish(plan, actor, item_change(ITEM_UPDATED, "milestones", milestone))
    return milestone


# Actions -----------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    *,
    actor: Any,
    plan: GrowthPlan,
    expected_revision: int,
    title: str,
    owner_kind: str,
    description: str = "",
    owner_organisation: Any = None,
    owner_person: str = "",
    due_on: Any = None,
    offer: Offer | None = None,
    milestone: PlanMilestone | None = None,
    override_reason: str = "",
) -> PlanAction:
    """An action with an owner; with an offer the firm's eligibility is checked first."""
    require_staff(actor, plan.company)
    _same_plan(plan, milestone)
    check_owner(owner_kind=owner_kind, organisation=owner_organisation, person=owner_person)
    kept_reason = (
        check_offer(actor=actor, company=plan.company, offer=offer, override_reason=override_reason)
        if offer is not None
        else ""
    )
    plan = _claim(actor, plan, expected_revision)
    action = PlanAction(
        plan=plan,
        title=title,
        description=description,
        owner_kind=owner_kind,
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        due_on=due_on,
        offer=offer,
        milestone=milestone,
        eligibility_override_reason=kept_reason,
        order=plan.actions.count() + 1,
    )
    action.full_clean()
    action.save()
    _finish(plan, actor, item_change(ITEM_ADDED, "actions", action))
    return action


@transaction.atomic
def update_action(
    *,
    actor: Any,
    action: PlanAction,
    expected_revision: int,
    override_reason: str = "",
    **fields: Any,
) -> PlanAction:
    require_staff(actor, action.plan.company)
    current = PlanAction.objects.get(pk=action.pk)
    previous_offer_id = current.offer_id
    _apply(current, fields, ACTION_EDITABLE)
    _same_plan(action.plan, current.milestone)
    if {"owner_kind", "owner_organisation", "owner_person"} & set(fields):
        check_owner(
            owner_kind=current.owner_kind,
            organisation=current.owner_organisation,
            person=current.owner_person,
        )
    offer = current.offer
    # Only a newly chosen offer is checked; a kept one was checked (or overridden) before.
    if offer is not None and offer.pk != previous_offer_id:
        current.eligibility_override_reason = check_offer(
            actor=actor, company=action.plan.company, offer=offer, override_reason=override_reason
        )
    elif offer is None:
        current.eligibility_override_reason = ""
    plan = _claim(actor, action.plan, expected_revision)
    _stamp_completion(current, ActionStatus.DONE)
    current.full_clean()
    current.save()
    _finish(plan, actor, item_change(ITEM_CHANGED, "actions", current))
    return current


@transaction.atomic
def remove_action(*, actor: Any, action: PlanAction, expected_revision: int) -> None:
    plan = _begin(actor, action.plan, expected_revision)
    change = item_change(ITEM_REMOVED, "actions", action)
    PlanAction.objects.filter(pk=action.pk).delete()
    _finish(plan, actor, change)


@transaction.atomic
def set_action_status(
    *, actor: Any, action: PlanAction, expected_revision: int, status: str
) -> PlanAction:
    """Caseworkers set any action's status; the firm's users only the firm's own actions."""
    company = action.plan.company
    if not is_staff_for(actor, company):
        if not is_member_of(actor, company):
            raise PermissionDenied("Not allowed to change this plan")
        if action.owner_kind != ActionOwnerKind.FIRM:
            raise PermissionDenied("The firm may only update its own actions")
    plan = _claim(actor, action.plan, expected_revision)
    action = PlanAction.objects.get(pk=action.pk)
    action.status = status
    _stamp_completion(action, ActionStatus.DONE)
    action.full_clean()
    action.save(update_fields=["status", "completed_on"])
    _finish(plan, actor, item_change(ITEM_UPDATED, "actions", action))
    return action
