"""What a growth partnership commits the two sides to, and what changed in the plan since.

At the first acceptance the terms are frozen as plain JSON on the partnership
(`accepted_terms`, with the plan's revision in `accepted_revision`); the second side accepts
the same terms, and the pages and the PDF show them from then on. Later plan edits show as
changes since acceptance instead of silently rewriting what was signed. Before anyone has
accepted, the terms are read from the plan as it stands.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vaekst.growthplans.choices import GoalMetric, MilestoneStatus
from vaekst.growthplans.models import GrowthPartnership, PlanGoal, PlanMilestone
from vaekst.growthplans.versions import field_label

# The accepted fields compared with the plan today: a milestone's and a goal's commitments,
# not their progress.
MILESTONE_TERMS = ("title", "criterion", "due_on")
GOAL_TERMS = ("metric", "description", "target_value", "target_date")


@dataclass(frozen=True)
class TermMilestone:
    """A milestone the firm committed to, with its status in the plan today."""

    public_id: str
    title: str
    criterion: str
    due_on: datetime.date | None
    status: str  # the current MilestoneStatus, or "" once removed from the plan
    removed: bool = False

    @property
    def status_label(self) -> str:
        return (
            str(MilestoneStatus(self.status).label)
            if self.status
            else translation.gettext("Fjernet fra planen")
        )


@dataclass(frozen=True)
class TermGoal:
    """A goal of the plan as it was when the partnership was accepted."""

    public_id: str
    metric: str
    description: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_date: datetime.date | None

    @property
    def metric_label(self) -> str:
        return str(GoalMetric(self.metric).label) if self.metric in GoalMetric.values else ""


@dataclass(frozen=True)
class PartnershipTerms:
    """The terms to show: frozen ones once accepted, else the plan as it stands."""

    frozen: bool
    plan_revision: int | None
    firm_commitment: str
    house_commitment: str
    house_hours: Decimal | None
    goals: list[TermGoal]
    milestones: list[TermMilestone]
    offers: list[str]
    changes: list[str] = field(default_factory=list)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _milestone_row(milestone: PlanMilestone) -> dict[str, Any]:
    return {
        "public_id": str(milestone.public_id),
        "title": milestone.title,
        "criterion": milestone.criterion,
        "due_on": _iso(milestone.due_on),
    }


def _goal_row(goal: PlanGoal) -> dict[str, Any]:
    return {
        "public_id": str(goal.public_id),
        "metric": goal.metric,
        "description": goal.description,
        "baseline_value": _decimal(goal.baseline_value),
        "baseline_year": goal.baseline_year,
        "target_value": _decimal(goal.target_value),
        "target_date": _iso(goal.target_date),
    }


def freeze_terms(partnership: GrowthPartnership, plan_revision: int) -> dict[str, Any]:
    """The partnership's terms as plain JSON, to store at the first acceptance."""
    return {
        "plan_revision": plan_revision,
        "firm_commitment": partnership.firm_commitment,
        "house_commitment": partnership.house_commitment,
        "house_hours": _decimal(partnership.house_hours),
        "goals": [_goal_row(g) for g in PlanGoal.objects.filter(plan_id=partnership.plan_id)],
        "milestones": [_milestone_row(m) for m in partnership.firm_milestones.all()],
        "offers": [
            {"public_id": str(o.public_id), "title": o.title}
            for o in partnership.house_offers.order_by("title")
        ],
    }


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _goal(row: dict[str, Any]) -> TermGoal:
    return TermGoal(
        public_id=row["public_id"],
        metric=row["metric"],
        description=row["description"],
        baseline_value=None if row["baseline_value"] is None else Decimal(row["baseline_value"]),
        baseline_year=row["baseline_year"],
        target_value=None if row["target_value"] is None else Decimal(row["target_value"]),
        target_date=_date(row["target_date"]),
    )


def _goal_values(goal: TermGoal) -> dict[str, Any]:
    return {
        "metric": goal.metric_label,
        "description": goal.description,
        "target_value": goal.target_value,
        "target_date": goal.target_date,
    }


def _field_changes(
    section: str, names: tuple[str, ...], before: dict[str, Any], after: dict[str, Any]
) -> str:
    return ", ".join(
        f"{field_label(section, name)}: {_shown(before[name])} → {_shown(after[name])}"
        for name in names
        if before[name] != after[name]
    )


def _changes_since(
    frozen_goals: list[TermGoal],
    frozen_milestones: list[dict[str, Any]],
    goals_now: list[PlanGoal],
    milestones_now: dict[str, PlanMilestone],
) -> list[str]:
    """The accepted goals and milestones the plan has changed or removed since, and goals
    added after acceptance, as sentences in the active language."""
    changes: list[str] = []
    goals_by_id = {str(g.public_id): g for g in goals_now}
    for goal in frozen_goals:
        current = goals_by_id.pop(goal.public_id, None)
        label = goal.description or goal.metric_label
        if current is None:
            changes.append(_("Mål fjernet fra planen: %(label)s") % {"label": label})
            continue
        changed = _field_changes(
            "goals", GOAL_TERMS, _goal_values(goal), _goal_values(_goal(_goal_row(current)))
        )
        if changed:
            changes.append(
                _("Mål ændret: %(label)s (%(changes)s)") % {"label": label, "changes": changed}
            )
    for current in goals_by_id.values():
        changes.append(_("Mål tilføjet efter accept: %(label)s") % {"label": current})
    for row in frozen_milestones:
        now = milestones_now.get(row["public_id"])
        if now is None:
            changes.append(_("Milepæl fjernet fra planen: %(label)s") % {"label": row["title"]})
            continue
        before = {"title": row["title"], "criterion": row["criterion"], "due_on": row["due_on"]}
        changed = _field_changes(
            "milestones",
            MILESTONE_TERMS,
            {**before, "due_on": _date(row["due_on"])},
            {"title": now.title, "criterion": now.criterion, "due_on": now.due_on},
        )
        if changed:
            changes.append(
                _("Milepæl ændret: %(label)s (%(changes)s)")
                % {"label": row["title"], "changes": changed}
            )
    return changes


def partnership_terms(partnership: GrowthPartnership) -> PartnershipTerms:
    """The terms to show on the pages and in the PDF (three or four queries)."""
    goals_now = list(PlanGoal.objects.filter(plan_id=partnership.plan_id))
    milestones_now = {
        str(m.public_id): m for m in PlanMilestone.objects.filter(plan_id=partnership.plan_id)
    }
    terms = partnership.accepted_terms
    if not terms:
        return PartnershipTerms(
            frozen=False,
            plan_revision=None,
            firm_commitment=partnership.firm_commitment,
            house_commitment=partnership.house_commitment,
            house_hours=partnership.house_hours,
            goals=[_goal(_goal_row(g)) for g in goals_now],
            milestones=[
                TermMilestone(str(m.public_id), m.title, m.criterion, m.due_on, m.status)
                for m in partnership.firm_milestones.all()
            ],
            offers=sorted(o.title for o in partnership.house_offers.all()),
        )
    goals = [_goal(row) for row in terms["goals"]]
    changes = _changes_since(goals, terms["milestones"], goals_now, milestones_now)
    milestones = []
    for row in terms["milestones"]:
        now = milestones_now.get(row["public_id"])
        milestones.append(
            TermMilestone(
                public_id=row["public_id"],
                title=row["title"],
                criterion=row["criterion"],
                due_on=_date(row["due_on"]),
                status=now.status if now is not None else "",
                removed=now is None,
            )
        )
    return PartnershipTerms(
        frozen=True,
        plan_revision=terms["plan_revision"],
        firm_commitment=terms["firm_commitment"],
        house_commitment=terms["house_commitment"],
        house_hours=None if terms["house_hours"] is None else Decimal(terms["house_hours"]),
        goals=goals,
        milestones=milestones,
        offers=[offer["title"] for offer in terms["offers"]],
        changes=changes,
    )
