"""The rows of the plan page's goal, milestone and action tables, worked out in Python.

A plan may have hundreds of milestones and actions; resolving model attributes,
`get_FOO_display()`, the date filter and a template include for every row took most of the
page's time (issue #4), so each row arrives as a dict of ready strings (the template still
escapes them) and the choice labels are translated once per page, not once per row.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.db.models import Choices
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vaekst.growthplans.action_extras import ActionExtra
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    MilestoneStatus,
    ReferralStatus,
)
from vaekst.growthplans.models import PlanAction, PlanGoal, PlanMilestone, Referral
from vaekst.offers.eligibility import Eligibility

NO_DATE = "–"


class GoalRow(TypedDict):
    goal: PlanGoal
    name: str
    url: str
    anchor: str


class MilestoneRow(TypedDict):
    name: str
    criterion: str
    due: str
    overdue: bool
    status: str
    url: str
    anchor: str


class ActionRow(TypedDict):
    name: str
    referrals: list[str]
    owner: str
    owner_person: str
    due: str
    overdue: bool
    status: str
    offer: str
    eligibility: Eligibility | None
    override_reason: str
    extras: list[ActionExtra]
    url: str
    anchor: str


ANCHOR_PREFIXES = {PlanGoal: "goal", PlanMilestone: "milestone", PlanAction: "action"}


def row_anchor(item: PlanGoal | PlanMilestone | PlanAction) -> str:
    """The id of an item's row, where the focus goes after it is added or saved."""
    return f"{ANCHOR_PREFIXES[type(item)]}-{item.public_id}"


def labels(choices: type[Choices]) -> dict[Any, str]:
    """The choice labels in the active language."""
    return {value: str(label) for value, label in choices.choices}


def day(date: datetime.date | None) -> str:
    """As the template filter `date:"SHORT_DATE_FORMAT"` writes it, and "–" for none."""
    return date_format(date, "SHORT_DATE_FORMAT") if date is not None else NO_DATE


def goal_rows(goals: Iterable[PlanGoal], *, base: str) -> list[GoalRow]:
    """Few per plan: the template reads the goal itself, only the buttons' parts are here."""
    return [
        {
            "goal": goal,
            "name": str(goal),
            "url": f"{base}maal/{goal.public_id}/",
            "anchor": row_anchor(goal),
        }
        for goal in goals
    ]


def milestone_rows(
    milestones: Iterable[PlanMilestone], *, today: datetime.date, base: str
) -> list[MilestoneRow]:
    status_labels = labels(MilestoneStatus)
    rows: list[MilestoneRow] = []
    for milestone in milestones:
        status = status_labels.get(milestone.status, milestone.status)
        if milestone.progress and milestone.status != MilestoneStatus.DONE:
            status = f"{status} ({milestone.progress} %)"
        rows.append(
            {
                "name": milestone.title,
                "criterion": milestone.criterion,
                "due": day(milestone.due_on),
                "overdue": milestone.is_overdue(today),
                "status": status,
                "url": f"{base}milepaele/{milestone.public_id}/",
                "anchor": row_anchor(milestone),
            }
        )
    return rows


def action_rows(
    actions: Iterable[PlanAction],
    *,
    today: datetime.date,
    base: str,
    eligibility: Mapping[int, Eligibility],
    referrals: Mapping[int, list[Referral]],
    extras: Mapping[int, list[ActionExtra]] | None = None,
) -> list[ActionRow]:
    status_labels = labels(ActionStatus)
    owner_labels = labels(ActionOwnerKind)
    referral_labels = labels(ReferralStatus)
    rows: list[ActionRow] = []
    for action in actions:
        owner = owner_labels.get(action.owner_kind, action.owner_kind)
        if action.owner_organisation_id is not None:
            owner = f"{owner}: {action.owner_organisation}"
        offer = action.offer if action.offer_id is not None else None
        override = action.eligibility_override_reason
        shown = extras.get(action.pk, []) if extras else []
        settled = any(extra.settles_offer for extra in shown)
        rows.append(
            {
                "name": action.title,
                "referrals": [
                    _("Henvist til %(org)s: %(status)s")
                    % {
                        "org": referral.to_organisation,
                        "status": referral_labels.get(referral.status, referral.status),
                    }
                    for referral in referrals.get(action.pk, [])
                ],
                "owner": owner,
                "owner_person": action.owner_person,
                "due": day(action.due_on),
                "overdue": action.is_overdue(today),
                "status": status_labels.get(action.status, action.status),
                "offer": offer.shown_title if offer is not None else "",
                "eligibility": (
                    eligibility.get(offer.pk) if offer is not None and not settled else None
                ),
                "override_reason": (
                    _("Brugt trods afvisning: %(reason)s") % {"reason": override}
                    if offer is not None and override
                    else ""
                ),
                "extras": shown,
                "url": f"{base}aktiviteter/{action.public_id}/",
                "anchor": row_anchor(action),
            }
        )
    return rows
