"""Reads of contacts and interactions, always through the scoping mechanism."""

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from vaekst.interactions.models import Interaction, Person
from vaekst.interactions.timeline import TimelineEntry, moment, timeline_entries
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.models import Company


def company_persons(user: Any, company: Company) -> QuerySet[Person]:
    return visible_to(user, Person.objects.filter(company=company)).order_by("name")


def _when(item: Interaction | TimelineEntry) -> tuple[datetime.date, datetime.datetime]:
    if isinstance(item, Interaction):
        return item.occurred_on, item.created_at
    return moment(item)


def company_timeline(
    user: Any, company: Company, *, limit: int = 100
) -> list[Interaction | TimelineEntry]:
    """The latest interactions with the firm and the entries higher apps add (enrolments,
    networks), newest first, at most `limit`, with consultant and persons."""
    queryset = (
        visible_to(user, Interaction.objects.filter(company=company))
        .select_related("consultant", "organisation")
        .prefetch_related(Prefetch("persons", queryset=Person.objects.order_by("name")))
        .order_by("-occurred_on", "-created_at")
    )
    items: list[Interaction | TimelineEntry] = list(queryset[:limit])
    items.extend(timeline_entries(user, company, limit=limit))
    items.sort(key=_when, reverse=True)
    return items[:limit]


def get_person(user: Any, public_id: Any) -> Person:
    """One contact the user may see, or 404."""
    queryset = Person.objects.select_related("company__municipality__region")
    return get_visible_or_404(user, queryset, public_id=public_id)


def person_interactions(user: Any, person: Person) -> QuerySet[Interaction]:
    return (
        visible_to(user, person.interactions.all())
        .select_related("consultant")
        .order_by("-occurred_on", "-created_at")
    )
