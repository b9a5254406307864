"""'Hvad er ændret': what changed overnight for the firms in a user's area, read from the
`CompanyEvent` rows the register import and the scoring wrote (never recomputed here).

The page lives in `web` because it sorts by growth plans and partnerships, which sit above
the register and the segmentation; the rows themselves are scoped through the company.
"""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import PartnershipStatus, PlanStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.organisations.models import Municipality
from vaekst.organisations.scoping import visible_to
from vaekst.register.choices import CompanyEventKind
from vaekst.register.imports import last_finished_import
from vaekst.register.models import CompanyEvent
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.models import LevelDefinition

# Without a finished import run to count from, "since the last run" is the last week.
FALLBACK_DAYS = 7
SINCE_LAST_RUN, LAST_30_DAYS, ALL = "seneste", "30", "alle"
PERIODS = (
    (SINCE_LAST_RUN, _("Siden seneste kørsel")),
    (LAST_30_DAYS, _("De seneste 30 dage")),
    (ALL, _("Alle")),
)


def since_last_run() -> datetime.datetime:
    """Where "since the last run" starts: the start of the latest finished register import."""
    last = last_finished_import()
    if last is not None and last.started_at is not None:
        return last.started_at
    return timezone.now() - datetime.timedelta(days=FALLBACK_DAYS)


def start_of(period: str) -> datetime.datetime | None:
    if period == ALL:
        return None
    if period == LAST_30_DAYS:
        return timezone.now() - datetime.timedelta(days=30)
    return since_last_run()


def company_changes(
    user: Any, *, kind: str = "", since: datetime.datetime | None = None
) -> QuerySet[CompanyEvent]:
    """The changes of the firms `user` may see, newest first, those of a firm with an active
    growth plan or partnership before all others (marked `has_plan`, `has_partnership`).

    The plans are not scoped again: the firm is in the user's area already, and a mark says
    only that a plan exists."""
    events = visible_to(user, CompanyEvent.objects.all())
    if kind:
        events = events.filter(kind=kind)
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    plans = GrowthPlan.objects.filter(company=OuterRef("company_id"), status=PlanStatus.ACTIVE)
    partnerships = GrowthPartnership.objects.filter(
        plan__company=OuterRef("company_id"), status=PartnershipStatus.ACTIVE
    )
    return (
        events.select_related("company")
        .annotate(has_plan=Exists(plans), has_partnership=Exists(partnerships))
        .order_by("-has_partnership", "-has_plan", "-occurred_at", "-pk")
    )


# The register's statuses (virksomhedsstatus, upper case as it sends them) in words; one it
# does not have here is shown as the register has it, in sentence case.
REGISTER_STATUSES = {
    "NORMAL": _("Aktiv"),
    "AKTIV": _("Aktiv"),
    "OPHØRT": _("Ophørt"),
    "UNDER KONKURS": _("Under konkurs"),
    "OPLØST EFTER KONKURS": _("Opløst efter konkurs"),
    "UNDER TVANGSOPLØSNING": _("Under tvangsopløsning"),
    "TVANGSOPLØST": _("Tvangsopløst"),
    "UNDER FRIVILLIG LIKVIDATION": _("Under frivillig likvidation"),
    "OPLØST EFTER FRIVILLIG LIKVIDATION": _("Opløst efter frivillig likvidation"),
    "UNDER REKONSTRUKTION": _("Under rekonstruktion"),
    "UNDER REASSUMERING": _("Under reassumering"),
    "OPLØST EFTER FUSION": _("Opløst efter fusion"),
    "OPLØST EFTER SPALTNING": _("Opløst efter spaltning"),
    "SLETTET": _("Slettet"),
}
STATUS_KINDS = (
    CompanyEventKind.CLOSED,
    CompanyEventKind.BANKRUPTCY,
    CompanyEventKind.COMPULSORY_DISSOLUTION,
)


def status_words(status: str) -> str:
    """A register status in words: 'UNDER KONKURS' -> 'Under konkurs'."""
    known = REGISTER_STATUSES.get(status.strip().upper())
    if known is not None:
        return str(known)
    return status[:1].upper() + status[1:].lower()


def level_words(keys: set[str]) -> dict[str, str]:
    """Levels' names by key in the reader's language, from the newest national rule set that
    defines each key (a level since dropped keeps the name it last had)."""
    if not keys:
        return {}
    names: dict[str, str] = {}
    levels = LevelDefinition.objects.filter(
        rule_set__scope=RuleSetScope.NATIONAL, key__in=keys
    ).order_by("rule_set__version")
    for level in levels.only("key", "internal_name", "internal_name_en"):
        names[level.key] = level.shown_internal_name
    return names


def worded(events: list[CompanyEvent]) -> list[CompanyEvent]:
    """Give each event `from_label`/`to_label`: a moved firm's municipalities by name, a
    ceasing firm's register statuses in words, a level move's levels by name (a value that
    is no level's key, as written before levels were stored by key, is shown as stored)."""
    codes = {
        int(value)
        for event in events
        if event.kind == CompanyEventKind.MOVED
        for value in (event.from_value, event.to_value)
        if value.isdigit()
    }
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    levels = level_words(
        {
            value
            for event in events
            if event.kind == CompanyEventKind.LEVEL_MOVED
            for value in (event.from_value, event.to_value)
            if value
        }
    )
    for event in events:
        labels = [event.from_value, event.to_value]
        if event.kind == CompanyEventKind.MOVED:
            labels = [
                names.get(int(value), value) if value.isdigit() else value for value in labels
            ]
        elif event.kind in STATUS_KINDS:
            labels = [status_words(value) for value in labels]
        elif event.kind == CompanyEventKind.LEVEL_MOVED:
            labels = [levels.get(value, value) for value in labels]
        event.from_label, event.to_label = labels  # type: ignore[attr-defined]
    return events
