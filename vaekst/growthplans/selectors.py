"""Reads for pages, the portal and the API. Everything goes through the scoping rules, so a
caller gets only what the user may see (404 for missing and not-yours alike)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vaekst.growthplans.choices import (
    ActionStatus,
    MappingStatus,
    MilestoneStatus,
    PlanStatus,
    ReferralStatus,
)
from vaekst.growthplans.models import (
    OPEN_PARTNERSHIP_STATUSES,
    GrowthPartnership,
    GrowthPlan,
    Mapping,
    MappingAnswer,
    MappingFocusArea,
    PlanAction,
    PlanGoal,
    PlanMilestone,
    PlanVersion,
    Referral,
)
from vaekst.growthplans.services.plans import register_baseline
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.models import Company

OPEN_MILESTONE = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
OPEN_ACTION = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def visible_plans(user: Any) -> QuerySet[GrowthPlan]:
    return visible_to(user, GrowthPlan.objects.select_related("company", "responsible"))


def get_plan(user: Any, public_id: uuid.UUID | str) -> GrowthPlan:
    return get_visible_or_404(
        user,
        GrowthPlan.objects.select_related("company__municipality", "responsible", "updated_by"),
        public_id=public_id,
    )


def plans_for_company(user: Any, company: Company) -> QuerySet[GrowthPlan]:
    return visible_plans(user).filter(company=company)


def visible_mappings(user: Any) -> QuerySet[Mapping]:
    return visible_to(user, Mapping.objects.select_related("company", "consultant", "template"))


def get_mapping(user: Any, public_id: uuid.UUID | str) -> Mapping:
    return get_visible_or_404(
        user, Mapping.objects.select_related("company", "template"), public_id=public_id
    )


def mappings_for_company(user: Any, company: Company) -> QuerySet[Mapping]:
    return visible_mappings(user).filter(company=company)


def visible_partnerships(user: Any) -> QuerySet[GrowthPartnership]:
    return visible_to(user, GrowthPartnership.objects.select_related("plan__company"))


def partnerships_for_listing(user: Any) -> QuerySet[GrowthPartnership]:
    """Visible partnerships with what PartnershipOut reads, newest first."""
    return (
        visible_to(
            user,
            GrowthPartnership.objects.select_related(
                "plan__company", "firm_accepted_by", "house_accepted_by"
            ),
        )
        .prefetch_related("firm_milestones", "house_offers")
        .order_by("-created_at", "-id")
    )


def current_partnerships(user: Any, plan_ids: list[int]) -> dict[int, GrowthPartnership]:
    """Per plan, the visible draft or active partnership, else the latest closed one (one
    query for any number of plans)."""
    current: dict[int, GrowthPartnership] = {}
    rows = visible_to(user, GrowthPartnership.objects.filter(plan_id__in=plan_ids)).order_by(
        "created_at", "id"
    )
    for partnership in rows.only("public_id", "status", "plan_id", "created_at"):
        kept = current.get(partnership.plan_id)
        if kept is None or kept.status not in OPEN_PARTNERSHIP_STATUSES:
            current[partnership.plan_id] = partnership
    return current


def get_partnership(user: Any, public_id: uuid.UUID | str) -> GrowthPartnership:
    return get_visible_or_404(
        user, GrowthPartnership.objects.select_related("plan__company"), public_id=public_id
    )


def visible_referrals(user: Any) -> QuerySet[Referral]:
    return visible_to(
        user, Referral.objects.select_related("company", "from_organisation", "to_organisation")
    )


def incoming_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals addressed to the user's organisation, open ones first."""
    return (
        visible_referrals(user)
        .filter(to_organisation_id=user.organisation_id)
        .order_by("status", "-created_at")
    )


def get_referral(user: Any, public_id: uuid.UUID | str) -> Referral:
    return get_visible_or_404(user, Referral.objects.all(), public_id=public_id)


@dataclass
class PlanContent:
    """What of a plan the user may see: a partner only the shared parts."""

    plan: GrowthPlan
    goals: list[PlanGoal]
    milestones: list[PlanMilestone]
    actions: list[PlanAction]


def plan_content(user: Any, plan: GrowthPlan) -> PlanContent:
    """Goals, milestones and actions of `plan` the user may see, in a fixed number of
    queries."""
    return PlanContent(
        plan=plan,
        goals=list(visible_to(user, PlanGoal.objects.filter(plan=plan))),
        milestones=list(
            visible_to(user, PlanMilestone.objects.filter(plan=plan).select_related("goal"))
        ),
        actions=list(
            visible_to(
                user,
                PlanAction.objects.filter(plan=plan).select_related(
                    "offer", "owner_organisation", "milestone"
                ),
            )
        ),
    )


def plan_versions(user: Any, plan: GrowthPlan) -> QuerySet[PlanVersion]:
    return visible_to(
        user, PlanVersion.objects.filter(plan=plan).select_related("created_by")
    ).defer("snapshot")


@dataclass
class GoalProgress:
    goal: PlanGoal
    current_value: Decimal | None
    current_year: int | None


@dataclass
class PlanProgress:
    """How far the plan has come: counts of milestones and actions, overdue ones, and each
    goal's latest register value against its baseline and target."""

    milestones_total: int
    milestones_done: int
    milestones_overdue: int
    actions_total: int
    actions_done: int
    actions_overdue: int
    goals: list[GoalProgress]

    @property
    def percent_done(self) -> int:
        total = self.milestones_total + self.actions_total
        done = self.milestones_done + self.actions_done
        return round(100 * done / total) if total else 0


def plan_progress(plan: GrowthPlan, today: datetime.date | None = None) -> PlanProgress:
    today = today or timezone.localdate()
    milestones = list(PlanMilestone.objects.filter(plan=plan).only("status", "due_on"))
    actions = list(PlanAction.objects.filter(plan=plan).only("status", "due_on"))
    goals = []
    for goal in PlanGoal.objects.filter(plan=plan):
        value, year = register_baseline(plan.company, goal.metric)
        goals.append(GoalProgress(goal=goal, current_value=value, current_year=year))
    return PlanProgress(
        milestones_total=len(milestones),
        milestones_done=sum(m.status == MilestoneStatus.DONE for m in milestones),
        milestones_overdue=sum(m.is_overdue(today) for m in milestones),
        actions_total=len(actions),
        actions_done=sum(a.status == ActionStatus.DONE for a in actions),
        actions_overdue=sum(a.is_overdue(today) for a in actions),
        goals=goals,
    )


@dataclass
class FocusComparison:
    """A focus area's status now and at the firm's previous completed mapping (radar chart)."""

    area: str
    focus_area: str
    key: str
    current: int | None
    previous: int | None


def previous_mapping(mapping: Mapping) -> Mapping | None:
    return (
        Mapping.objects.filter(company_id=mapping.company_id, status=MappingStatus.COMPLETED)
        .exclude(pk=mapping.pk)
        .filter(held_on__lte=mapping.held_on)
        .order_by("-held_on", "-id")
        .first()
    )


def mapping_comparison(mapping: Mapping) -> list[FocusComparison]:
    """Each focus area's status in `mapping` and in the previous one, matched by area and
    focus-area key so that mappings on different template versions still compare."""
    previous = previous_mapping(mapping)
    before: dict[tuple[str, str], int | None] = {}
    if previous is not None:
        before = {
            (a.focus_area.area.key, a.focus_area.key): a.status
            for a in MappingAnswer.objects.filter(mapping=previous).select_related(
                "focus_area__area"
            )
        }
    now = {(a.focus_area_id): a.status for a in MappingAnswer.objects.filter(mapping=mapping)}
    return [
        FocusComparison(
            area=focus.area.shown_title,
            focus_area=focus.shown_title,
            key=f"{focus.area.key}.{focus.key}",
            current=now.get(focus.pk),
            previous=before.get((focus.area.key, focus.key)),
        )
        for focus in MappingFocusArea.objects.filter(
            area__template_id=mapping.template_id
        ).select_related("area")
    ]


@dataclass
class OverdueItem:
    """A milestone or action past its date and not finished."""

    kind: str  # "milestone" or "action"
    item: PlanMilestone | PlanAction
    plan: GrowthPlan
    due_on: datetime.date


def overdue_items(
    user: Any, today: datetime.date | None = None, *, mine_only: bool = False
) -> list[OverdueItem]:
    """Overdue milestones and actions of active plans the user may see (or, with
    `mine_only`, of the plans the user is responsible for), oldest first."""
    today = today or timezone.localdate()
    plans = visible_to(user, GrowthPlan.objects.filter(status=PlanStatus.ACTIVE))
    if mine_only:
        plans = plans.filter(responsible=user)
    plan_ids = plans.values("pk")
    milestones = visible_to(
        user,
        PlanMilestone.objects.filter(
            plan_id__in=plan_ids, due_on__lt=today, status__in=OPEN_MILESTONE
        ).select_related("plan__company"),
    )
    actions = visible_to(
        user,
        PlanAction.objects.filter(
            plan_id__in=plan_ids, due_on__lt=today, status__in=OPEN_ACTION
        ).select_related("plan__company"),
    )
    items = [OverdueItem("milestone", m, m.plan, m.due_on) for m in milestones if m.due_on]
    items += [OverdueItem("action", a, a.plan, a.due_on) for a in actions if a.due_on]
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.item.pk))


def open_referral_count(user: Any) -> int:
    return incoming_referrals(user).filter(status=ReferralStatus.SENT).count()
