"""Creating a growth plan from a mapping, commenting on it, archiving it."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.growthplans.changes import (
    PLAN_ARCHIVED,
    PLAN_CREATED,
    PLAN_CREATED_FROM_MAPPING,
    PLAN_DETAILS_CHANGED,
    plan_change,
)
from vaekst.growthplans.choices import (
    BaselineSource,
    GoalMetric,
    MilestoneStatus,
    PlanStatus,
    Priority,
)
from vaekst.growthplans.models import (
    GrowthPlan,
    Mapping,
    MappingAnswer,
    PlanComment,
    PlanGoal,
    PlanMilestone,
)
from vaekst.growthplans.services.common import (
    claim_revision,
    is_member_of,
    is_staff_for,
    require_staff,
    write_version,
)
from vaekst.register.models import Company, YearlyFigures

# The register column that gives each metric its baseline.
REGISTER_COLUMNS = {
    GoalMetric.EMPLOYEES: "employees",
    GoalMetric.GROSS_PROFIT: "gross_profit",
    GoalMetric.REVENUE: "revenue",
    GoalMetric.EXPORT: "export",
}


def register_baseline(company: Company, metric: str) -> tuple[Decimal | None, int | None]:
    """The latest value the register holds for `metric`, and its year (None, None if none)."""
    column = REGISTER_COLUMNS.get(GoalMetric(metric)) if metric in GoalMetric.values else None
    if column is None:
        return None, None
    row = (
        YearlyFigures.objects.filter(company=company, **{f"{column}__isnull": False})
        .order_by("-year")
        .values_list(column, "year")
        .first()
    )
    if row is None:
        return None, None
    value, year = row
    return Decimal(str(round(value, 1))), year


def _target_date(mapping: Mapping) -> datetime.date:
    year = mapping.target_year or mapping.held_on.year + 3
    return datetime.date(year, 12, 31)


def _goals_from_ambition(plan: GrowthPlan, mapping: Mapping) -> list[PlanGoal]:
    """One goal per ambition the firm stated; baselines from the register."""
    company = mapping.company
    target_date = _target_date(mapping)
    goals: list[PlanGoal] = []
    wanted: list[tuple[str, int | None, str]] = [
        (GoalMetric.EMPLOYEES, mapping.ambition_jobs, _("Flere ansatte")),
        (GoalMetric.GROSS_PROFIT, mapping.ambition_gross_profit, _("Bruttofortjeneste")),
        (GoalMetric.REVENUE, mapping.ambition_revenue, _("Omsætning")),
        (GoalMetric.EXPORT, mapping.ambition_export, _("Eksport")),
    ]
    for order, (metric, ambition, description) in enumerate(wanted, start=1):
        if ambition is None:
            continue
        baseline, year = register_baseline(company, metric)
        target = Decimal(ambition)
        if metric == GoalMetric.EMPLOYEES:
            # The ambition counts new jobs; the goal is the headcount it leads to.
            target = (baseline or Decimal(0)) + Decimal(ambition)
        goals.append(
            PlanGoal(
                plan=plan,
                metric=metric,
                description=description,
                baseline_value=baseline,
                baseline_year=year,
                baseline_source=BaselineSource.REGISTER if year else BaselineSource.NONE,
                target_value=target,
                target_date=target_date,
                order=order,
            )
        )
    return PlanGoal.objects.bulk_create(goals)


def _milestones_from_priorities(plan: GrowthPlan, mapping: Mapping) -> list[PlanMilestone]:
    """A milestone for each focus area the mapping gave high priority."""
    answers = (
        MappingAnswer.objects.filter(mapping=mapping, priority=Priority.HIGH)
        .select_related("focus_area")
        .order_by("focus_area__area__order", "focus_area__order")
    )
    due_on = mapping.held_on + datetime.timedelta(days=182)
    milestones = [
        PlanMilestone(
            plan=plan,
            title=_("Styrk: %(focus_area)s") % {"focus_area": answer.focus_area.shown_title},
            criterion=_(
                "Status på fokusområdet løftet fra %(now)s til mindst %(next)s ved næste "
                "kortlægning."
            )
            % {"now": answer.status, "next": min((answer.status or 1) + 1, 5)},
            due_on=due_on,
            status=MilestoneStatus.PLANNED,
            order=order,
        )
        for order, answer in enumerate(answers, start=1)
    ]
    return PlanMilestone.objects.bulk_create(milestones)


@transaction.atomic
def create_plan_from_mapping(
    *,
    actor: Any,
    mapping: Mapping,
    title: str = "",
    milestones_from_priorities: bool = True,
) -> GrowthPlan:
    """Turn a completed mapping into the firm's growth plan (version 1): goals from the
    ambition with baselines from the register's latest yearly figures, and optionally a
    milestone per high-priority focus area."""
    require_staff(actor, mapping.company)
    if not mapping.is_completed:
        raise ValidationError(_("Afslut kortlægningen, før der laves en vækstplan."))
    plan = GrowthPlan(
        company=mapping.company,
        source_mapping=mapping,
        title=title,
        responsible=actor,
        organisation=actor.organisation,
        updated_by=actor,
    )
    plan.full_clean()
    plan.save()
    _goals_from_ambition(plan, mapping)
    if milestones_from_priorities:
        _milestones_from_priorities(plan, mapping)
    write_version(plan=plan, actor=actor, change=plan_change(PLAN_CREATED_FROM_MAPPING))
    return plan


@transaction.atomic
def create_plan(*, actor: Any, company: Company, title: str) -> GrowthPlan:
    """An empty plan without a mapping (e.g. a plan carried over from elsewhere)."""
    require_staff(actor, company)
    plan = GrowthPlan(
        company=company,
        title=title,
        responsible=actor,
        organisation=actor.organisation,
        updated_by=actor,
    )
    plan.full_clean()
    plan.save()
    write_version(plan=plan, actor=actor, change=plan_change(PLAN_CREATED))
    return plan


@transaction.atomic
def update_plan(
    *,
    actor: Any,
    plan: GrowthPlan,
    expected_revision: int,
    title: str | None = None,
    responsible: Any = None,
) -> GrowthPlan:
    """Rename the plan or hand it to another consultant of the firm's area."""
    require_staff(actor, plan.company)
    if responsible is not None and not is_staff_for(responsible, plan.company):
        raise ValidationError({"responsible": _("Konsulenten arbejder ikke med virksomheden.")})
    plan = claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    if title is not None:
        plan.title = title
    if responsible is not None:
        plan.responsible = responsible
    plan.full_clean()
    plan.save(update_fields=["title", "responsible"])
    write_version(plan=plan, actor=actor, change=plan_change(PLAN_DETAILS_CHANGED))
    return plan


@transaction.atomic
def archive_plan(*, actor: Any, plan: GrowthPlan, expected_revision: int) -> GrowthPlan:
    require_staff(actor, plan.company)
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Planen er allerede arkiveret."))
    plan = claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    plan.status = PlanStatus.ARCHIVED
    plan.save(update_fields=["status"])
    write_version(plan=plan, actor=actor, change=plan_change(PLAN_ARCHIVED))
    return plan


@transaction.atomic
def comment_on_plan(*, actor: Any, plan: GrowthPlan, body: str) -> PlanComment:
    """A comment by the firm or its caseworkers. Comments are a conversation about the plan,
    not part of it, so they neither need nor move the revision."""
    if not (is_staff_for(actor, plan.company) or is_member_of(actor, plan.company)):
        raise PermissionDenied("Not allowed to comment on this plan")
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Skriv en kommentar.")})
    comment = PlanComment.objects.create(plan=plan, author=actor, body=body)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=comment,
        company=plan.company,
        changes={"body": [None, body]},
    )
    return comment
