"""What one change to a plan did, kept as data and worded only when shown.

A plan version (and its audit entry) stores the change as a kind code with parameters,
e.g. {"kind": "item_added", "section": "actions", "label": "Messe i Hamborg"}, so that a
Danish and an English reader each read it in their own language. Texts typed by people
(titles, descriptions) stay as typed; codes (a goal's metric, a status) are worded here.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from vaekst.growthplans.choices import ActionStatus, GoalMetric, MilestoneStatus

PLAN_CREATED = "plan_created"
PLAN_CREATED_FROM_MAPPING = "plan_created_from_mapping"
PLAN_DETAILS_CHANGED = "plan_details_changed"
PLAN_ARCHIVED = "plan_archived"
ITEM_ADDED = "item_added"
ITEM_CHANGED = "item_changed"
ITEM_REMOVED = "item_removed"
ITEM_UPDATED = "item_updated"  # progress or status reported on a milestone or an action

SECTIONS = ("goals", "milestones", "actions")


def plan_change(kind: str) -> dict[str, Any]:
    """A change to the plan as a whole."""
    return {"kind": kind}


def item_change(kind: str, section: str, item: Any) -> dict[str, Any]:
    """A goal, milestone or action added, changed, removed or updated. A goal without a
    description is named by its metric (a code, worded when shown)."""
    data: dict[str, Any] = {"kind": kind, "section": section}
    if section == "goals" and not getattr(item, "description", ""):
        data["metric"] = item.metric
    else:
        data["label"] = str(getattr(item, "title", "") or item)
    if kind == ITEM_UPDATED:
        data["status"] = item.status
    return data


def _label(data: dict[str, Any]) -> str:
    metric = data.get("metric")
    if metric:
        return str(GoalMetric(metric).label) if metric in GoalMetric.values else str(metric)
    return str(data.get("label", ""))


def _status(section: str, code: str) -> str:
    choices = MilestoneStatus if section == "milestones" else ActionStatus
    return str(choices(code).label) if code in choices.values else code


def _item_sentence(kind: str, section: str) -> str | None:
    """The sentence for one kind and section, each written out so translators see it whole."""
    sentences = {
        (ITEM_ADDED, "goals"): _("Mål tilføjet: %(label)s"),
        (ITEM_CHANGED, "goals"): _("Mål ændret: %(label)s"),
        (ITEM_REMOVED, "goals"): _("Mål fjernet: %(label)s"),
        (ITEM_ADDED, "milestones"): _("Milepæl tilføjet: %(label)s"),
        (ITEM_CHANGED, "milestones"): _("Milepæl ændret: %(label)s"),
        (ITEM_REMOVED, "milestones"): _("Milepæl fjernet: %(label)s"),
        (ITEM_UPDATED, "milestones"): _("Milepæl opdateret: %(label)s (%(status)s)"),
        (ITEM_ADDED, "actions"): _("Aktivitet tilføjet: %(label)s"),
        (ITEM_CHANGED, "actions"): _("Aktivitet ændret: %(label)s"),
        (ITEM_REMOVED, "actions"): _("Aktivitet fjernet: %(label)s"),
        (ITEM_UPDATED, "actions"): _("Aktivitet opdateret: %(label)s (%(status)s)"),
    }
    return sentences.get((kind, section))


def describe(data: dict[str, Any], fallback: str = "") -> str:
    """The change in the active language; `fallback` (text kept from before changes were
    stored as data) when the data says nothing this version knows."""
    kind = data.get("kind") if isinstance(data, dict) else None
    plan_sentences = {
        PLAN_CREATED: _("Vækstplan oprettet"),
        PLAN_CREATED_FROM_MAPPING: _("Vækstplan oprettet fra kortlægning"),
        PLAN_DETAILS_CHANGED: _("Planens oplysninger ændret"),
        PLAN_ARCHIVED: _("Planen arkiveret"),
    }
    if kind in plan_sentences:
        return plan_sentences[kind]
    sentence = _item_sentence(str(kind), str(data.get("section"))) if kind else None
    if sentence is None:
        return fallback
    section = str(data["section"])
    return sentence % {
        "label": _label(data),
        "status": _status(section, str(data.get("status", ""))),
    }


# Old summaries, written in Danish before changes were kept as data (migration 0006).
_OLD_PLAN = {
    "Vækstplan oprettet": PLAN_CREATED,
    "Vækstplan oprettet fra kortlægning": PLAN_CREATED_FROM_MAPPING,
    "Planens oplysninger ændret": PLAN_DETAILS_CHANGED,
    "Planen arkiveret": PLAN_ARCHIVED,
}
_OLD_NOUNS = {"Mål": "goals", "Milepæl": "milestones", "Aktivitet": "actions"}
_OLD_VERBS = {
    "tilføjet": ITEM_ADDED,
    "ændret": ITEM_CHANGED,
    "fjernet": ITEM_REMOVED,
    "opdateret": ITEM_UPDATED,
}
_OLD_ITEM = re.compile(r"^(Mål|Milepæl|Aktivitet) (tilføjet|ændret|fjernet|opdateret): (.*)$", re.S)


def parse_old_summary(text: str) -> dict[str, Any] | None:
    """The data behind a Danish summary written before, or None when it cannot be read
    back with certainty (the text is then kept and shown as it is)."""
    text = text.strip()
    if text in _OLD_PLAN:
        return plan_change(_OLD_PLAN[text])
    match = _OLD_ITEM.match(text)
    if match is None:
        return None
    section, kind, label = _OLD_NOUNS[match[1]], _OLD_VERBS[match[2]], match[3]
    data: dict[str, Any] = {"kind": kind, "section": section}
    if kind == ITEM_UPDATED:
        choices = MilestoneStatus if section == "milestones" else ActionStatus
        by_label = {str(choice.label): choice.value for choice in choices}
        status = re.match(r"^(.*) \(([^()]*)\)$", label, re.S)
        if status is None or status[2] not in by_label:
            return None
        label, data["status"] = status[1], by_label[status[2]]
    if section == "goals":
        by_metric = {str(choice.label): choice.value for choice in GoalMetric}
        if label in by_metric:
            data["metric"] = by_metric[label]
            return data
    data["label"] = label
    return data
