"""Entries that apps higher up add to the company timeline (a firm's enrolments on
programmes, its networks), so the timeline shows them beside the interactions without this
app importing those apps. Like the company sections: each app registers a provider in its
AppConfig.ready()."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaekst.lib.extensions import ExtensionPoint
from vaekst.register.models import Company


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the timeline that is not an interaction: when, what kind (a label such
    as "Forløb"), a title, a detail line and optionally a link. `at` orders events of the
    same day (an event known only by its date sorts after the day's timed ones)."""

    occurred_on: datetime.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    at: datetime.datetime | None = None

    is_interaction = False


# Where an entry known only by its date sorts among the day's timed events.
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def moment(entry: TimelineEntry) -> tuple[datetime.date, datetime.datetime]:
    return entry.occurred_on, entry.at or EARLIEST


# provider(user, company, limit=...) returns at most `limit` entries the user may see.
TimelineProvider = Callable[..., list[TimelineEntry]]

# `provider(user, company, *, limit)` returns the firm's entries that `user` may see, newest
# first, at most `limit`, in a fixed number of queries.
extension: ExtensionPoint[TimelineProvider] = ExtensionPoint()
register_timeline_provider = extension.register


def timeline_entries(user: Any, company: Company, *, limit: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for provider in extension.providers:
        entries.extend(provider(user, company, limit=limit))
    return entries
