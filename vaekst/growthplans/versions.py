"""Plan snapshots and the readable difference between two versions.

A snapshot is the whole plan as plain JSON (goals, milestones, actions keyed by public id),
so a version stays readable even after the rows it describes are changed or removed.
"""

from dataclasses import dataclass, field
from typing import Any

from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanGoal, PlanMilestone, PlanVersion

PLAN_FIELDS = ("title", "status", "responsible")
GOAL_FIELDS = (
    "metric",
    "description",
    "baseline_value",
    "baseline_year",
    "baseline_source",
    "target_value",
    "target_date",
    "order",
)
MILESTONE_FIELDS = (
    "title",
    "criterion",
    "due_on",
    "status",
    "progress",
    "progress_note",
    "completed_on",
    "order",
    "goal",
)
ACTION_FIELDS = (
    "title",
    "description",
    "owner_kind",
    "owner_organisation",
    "owner_person",
    "due_on",
    "status",
    "completed_on",
    "offer",
    "eligibility_override_reason",
    "order",
    "milestone",
)
SECTIONS = {"goals": GOAL_FIELDS, "milestones": MILESTONE_FIELDS, "actions": ACTION_FIELDS}
SECTION_LABELS = {"goals": "Mål", "milestones": "Milepæl", "actions": "Aktivitet"}


def _plain(value: Any) -> Any:
    """JSON-safe: dates as ISO text, decimals as text, related rows as public id or label."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "public_id"):
        return str(value.public_id)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def snapshot(plan: GrowthPlan) -> dict[str, Any]:
    """The whole plan as plain JSON."""
    goals = PlanGoal.objects.filter(plan=plan)
    milestones = PlanMilestone.objects.filter(plan=plan).select_related("goal")
    actions = PlanAction.objects.filter(plan=plan).select_related(
        "milestone", "offer", "owner_organisation"
    )
    return {
        "plan": {
            "title": plan.title,
            "status": plan.status,
            "responsible": str(plan.responsible) if plan.responsible_id else None,
        },
        "goals": {str(g.public_id): _row(g, GOAL_FIELDS) for g in goals},
        "milestones": {str(m.public_id): _row(m, MILESTONE_FIELDS) for m in milestones},
        "actions": {str(a.public_id): _row(a, ACTION_FIELDS) for a in actions},
    }


@dataclass
class ItemChange:
    """One goal, milestone or action added, removed or changed between two versions."""

    section: str
    public_id: str
    label: str
    kind: str  # "added", "removed" or "changed"
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def describe(self) -> str:
        noun = SECTION_LABELS.get(self.section, self.section)
        if self.kind == "added":
            return f"{noun} tilføjet: {self.label}"
        if self.kind == "removed":
            return f"{noun} fjernet: {self.label}"
        changes = ", ".join(f"{name}: {old} → {new}" for name, (old, new) in self.fields.items())
        return f"{noun} ændret: {self.label} ({changes})"


@dataclass
class PlanDiff:
    """What changed from version `old` to version `new`."""

    old: int
    new: int
    plan_fields: dict[str, tuple[Any, Any]]
    items: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not self.plan_fields and not self.items

    def lines(self) -> list[str]:
        """The changes as Danish sentences, plan fields first."""
        plan = [f"Plan: {name}: {old} → {new}" for name, (old, new) in self.plan_fields.items()]
        return plan + [item.describe() for item in self.items]


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        key: (before.get(key), after.get(key))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _label(row: dict[str, Any]) -> str:
    return str(row.get("title") or row.get("description") or row.get("metric") or "")


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    items: list[ItemChange] = []
    for section in SECTIONS:
        before: dict[str, Any] = old.get(section, {})
        after: dict[str, Any] = new.get(section, {})
        for key in after.keys() - before.keys():
            items.append(ItemChange(section, key, _label(after[key]), "added"))
        for key in before.keys() - after.keys():
            items.append(ItemChange(section, key, _label(before[key]), "removed"))
        for key in before.keys() & after.keys():
            fields = _changed(before[key], after[key])
            if fields:
                items.append(ItemChange(section, key, _label(after[key]), "changed", fields))
    order = {"goals": 0, "milestones": 1, "actions": 2}
    kinds = {"added": 0, "changed": 1, "removed": 2}
    items.sort(key=lambda item: (order[item.section], kinds[item.kind], item.label))
    return _changed(old.get("plan", {}), new.get("plan", {})), items


def diff_versions(old: PlanVersion, new: PlanVersion) -> PlanDiff:
    """The readable difference between two versions of the same plan."""
    if old.plan_id != new.plan_id:
        raise ValueError("Versions of different plans")
    plan_fields, items = diff_snapshots(old.snapshot, new.snapshot)
    return PlanDiff(old=old.number, new=new.number, plan_fields=plan_fields, items=items)
