"""Plan snapshots and the readable difference between two versions.

A snapshot is the whole plan as plain JSON (goals, milestones, actions keyed by public id),
so a version stays readable even after the rows it describes are changed or removed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vaekst.growthplans.changes import ITEM_ADDED, ITEM_CHANGED, ITEM_REMOVED, describe
from vaekst.growthplans.choices import GoalMetric
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanGoal, PlanMilestone, PlanVersion
from vaekst.offers.models import Offer
from vaekst.organisations.models import Organisation

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
    """One goal, milestone or action added, removed or changed between two versions; `fields`
    maps a field's label to its old and new value as shown, in the active language."""

    section: str
    public_id: str
    label: str
    kind: str  # "added", "removed" or "changed"
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)

    def describe(self) -> str:
        kind = {"added": ITEM_ADDED, "removed": ITEM_REMOVED}.get(self.kind, ITEM_CHANGED)
        sentence = describe({"kind": kind, "section": self.section, "label": self.label})
        if self.kind in ("added", "removed"):
            return sentence
        changes = ", ".join(f"{name}: {old} → {new}" for name, (old, new) in self.fields.items())
        return f"{sentence} ({changes})"


@dataclass
class PlanDiff:
    """What changed from version `old` to version `new`, readable: field labels, choice
    labels and names instead of codes and ids, in the active language."""

    old: int
    new: int
    plan_fields: dict[str, tuple[str, str]]
    items: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not self.plan_fields and not self.items

    def lines(self) -> list[str]:
        """The changes as sentences in the active language, plan fields first."""
        plan = [
            _("Plan: %(field)s: %(old)s → %(new)s") % {"field": name, "old": old, "new": new}
            for name, (old, new) in self.plan_fields.items()
        ]
        return plan + [item.describe() for item in self.items]


MODELS: dict[str, type[models.Model]] = {
    "plan": GrowthPlan,
    "goals": PlanGoal,
    "milestones": PlanMilestone,
    "actions": PlanAction,
}
# Links to other rows of the plan, named from the snapshots themselves.
PLAN_LINKS = {"goal": "goals", "milestone": "milestones"}
# Links outside the plan, named from the database (a snapshot keeps only the public id).
OUTSIDE_LINKS: dict[str, type[models.Model]] = {"offer": Offer, "owner_organisation": Organisation}


def field_label(section: str, name: str) -> str:
    """The field's verbose name with a capital letter: "Dato", "Ansvarlig organisation"."""
    try:
        verbose = MODELS[section]._meta.get_field(name).verbose_name  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name
    return capfirst(str(verbose))


def _label(section: str, row: dict[str, Any]) -> str:
    if section == "goals" and not row.get("description"):
        metric = row.get("metric")
        return str(GoalMetric(metric).label) if metric in GoalMetric.values else str(metric or "")
    return str(row.get("title") or row.get("description") or row.get("metric") or "")


class _Names:
    """Names for the public ids a diff mentions: plan rows from either snapshot, offers and
    organisations from the database (one query each, only when the diff needs them)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], changes: list[Any]) -> None:
        self.rows = {
            section: {**old.get(section, {}), **new.get(section, {})} for section in SECTIONS
        }
        wanted: dict[str, set[str]] = {name: set() for name in OUTSIDE_LINKS}
        for name, values in changes:
            if name in OUTSIDE_LINKS:
                wanted[name].update(str(v) for v in values if v)
        self.outside = {
            name: {
                str(public_id): text
                for public_id, text in _names_of(OUTSIDE_LINKS[name], sorted(ids))
            }
            for name, ids in wanted.items()
            if ids
        }

    def name(self, field_name: str, public_id: str) -> str:
        if field_name in PLAN_LINKS:
            section = PLAN_LINKS[field_name]
            row = self.rows[section].get(public_id)
            return _label(section, row) if row is not None else _("(fjernet)")
        return self.outside.get(field_name, {}).get(public_id, _("(fjernet)"))


def _names_of(model: type[models.Model], public_ids: list[str]) -> list[tuple[Any, str]]:
    title = "title" if model is Offer else "name"
    return list(
        model._default_manager.filter(public_id__in=public_ids).values_list("public_id", title)
    )


def _shown(section: str, name: str, value: Any, names: _Names) -> str:
    """A snapshot value as a reader sees it."""
    if value is None or value == "":
        return "–"
    if name in PLAN_LINKS or name in OUTSIDE_LINKS:
        return names.name(name, str(value))
    try:
        model_field = MODELS[section]._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(model_field, models.DateField):
        return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.DecimalField):
        return f"{Decimal(str(value)).normalize():f}"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return str(value)


def _changed(fields: tuple[str, ...], before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    extra = sorted((set(before) | set(after)) - set(fields))
    return [key for key in (*fields, *extra) if before.get(key) != after.get(key)]


def diff_snapshots(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, tuple[str, str]], list[ItemChange]]:
    """The readable changes from one snapshot to another, in the active language."""
    raw: list[tuple[str, str, str, str, list[str]]] = []  # section, id, label, kind, fields
    for section, section_fields in SECTIONS.items():
        before: dict[str, Any] = old.get(section, {})
        after: dict[str, Any] = new.get(section, {})
        for key in after.keys() - before.keys():
            raw.append((section, key, _label(section, after[key]), "added", []))
        for key in before.keys() - after.keys():
            raw.append((section, key, _label(section, before[key]), "removed", []))
        for key in before.keys() & after.keys():
            changed = _changed(section_fields, before[key], after[key])
            if changed:
                raw.append((section, key, _label(section, after[key]), "changed", changed))
    plan_before, plan_after = old.get("plan", {}), new.get("plan", {})
    plan_changed = _changed(PLAN_FIELDS, plan_before, plan_after)
    # The values of the changed fields, to look their names up in one go.
    mentioned = [
        (name, (old[section][key].get(name), new[section][key].get(name)))
        for section, key, _, kind, changed in raw
        if kind == "changed"
        for name in changed
    ]
    names = _Names(old, new, mentioned)

    def pair(section: str, name: str, a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str]:
        return (
            _shown(section, name, a.get(name), names),
            _shown(section, name, b.get(name), names),
        )

    items = [
        ItemChange(
            section,
            key,
            label,
            kind,
            {
                field_label(section, name): pair(
                    section, name, old[section][key], new[section][key]
                )
                for name in changed
            },
        )
        for section, key, label, kind, changed in raw
    ]
    plan_fields = {
        field_label("plan", name): pair("plan", name, plan_before, plan_after)
        for name in plan_changed
    }
    order = {"goals": 0, "milestones": 1, "actions": 2}
    kinds = {"added": 0, "changed": 1, "removed": 2}
    items.sort(key=lambda item: (order[item.section], kinds[item.kind], item.label))
    return plan_fields, items


def diff_versions(old: PlanVersion, new: PlanVersion) -> PlanDiff:
    """The readable difference between two versions of the same plan."""
    if old.plan_id != new.plan_id:
        raise ValueError("Versions of different plans")
    plan_fields, items = diff_snapshots(old.snapshot, new.snapshot)
    return PlanDiff(old=old.number, new=new.number, plan_fields=plan_fields, items=items)
