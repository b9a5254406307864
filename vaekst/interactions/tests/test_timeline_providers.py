"""The company timeline's extension point: entries that higher apps provide are merged with
the interactions by date, newest first, within the timeline's limit; each provider is asked
for the user and firm, and for no more than the limit."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from vaekst.interactions import timeline
from vaekst.interactions.models import Interaction
from vaekst.interactions.selectors import company_timeline
from vaekst.interactions.timeline import TimelineEntry, register_timeline_provider

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 10)


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """An empty registry for the test (the apps' own providers are put back after)."""
    registry: list[Any] = []
    monkeypatch.setattr(timeline.extension, "providers", registry)
    return registry


def _interaction(personas: Any, days_ago: int) -> Interaction:
    return Interaction.objects.create(
        company=personas.a.company,
        kind="meeting",
        consultant=personas.a.consultant,
        organisation=personas.a.house,
        occurred_on=DAY - datetime.timedelta(days=days_ago),
        subject=f"Møde {days_ago}",
    )


def _label(item: Any) -> str:
    return item.subject if item.is_interaction else item.title


def test_entries_are_merged_with_interactions_newest_first(
    personas: Any, providers: list[Any]
) -> None:
    # given two interactions and a provider with an entry between them and one after both
    asked: list[tuple[Any, Any, int]] = []

    @register_timeline_provider
    def events(user: Any, company: Any, *, limit: int) -> list[TimelineEntry]:
        asked.append((user, company, limit))
        return [
            TimelineEntry(occurred_on=DAY, kind="Forløb", title="Tilmeldt"),
            TimelineEntry(
                occurred_on=DAY - datetime.timedelta(days=5), kind="Netværk", title="Med"
            ),
        ]

    _interaction(personas, 2)
    _interaction(personas, 9)
    # when
    items = company_timeline(personas.a.consultant, personas.a.company)
    # then
    assert [_label(item) for item in items] == ["Tilmeldt", "Møde 2", "Med", "Møde 9"]
    assert asked == [(personas.a.consultant, personas.a.company, 100)]


def test_the_limit_holds_for_the_merged_timeline(personas: Any, providers: list[Any]) -> None:
    @register_timeline_provider
    def events(user: Any, company: Any, *, limit: int) -> list[TimelineEntry]:
        return [
            TimelineEntry(
                occurred_on=DAY - datetime.timedelta(days=n), kind="Forløb", title=f"E{n}"
            )
            for n in (1, 3)
        ]

    for days_ago in (0, 2, 4):
        _interaction(personas, days_ago)
    items = company_timeline(personas.a.consultant, personas.a.company, limit=3)
    assert [_label(item) for item in items] == ["Møde 0", "E1", "Møde 2"]


def test_on_the_same_day_a_timed_entry_comes_before_a_dated_one(providers: list[Any]) -> None:
    noon = datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)
    dated = TimelineEntry(occurred_on=DAY, kind="Netværk", title="Med")
    timed = TimelineEntry(occurred_on=DAY, kind="Forløb", title="Tilmeldt", at=noon)
    assert sorted([dated, timed], key=timeline.moment, reverse=True) == [timed, dated]


def test_registering_a_provider_twice_keeps_one(providers: list[Any]) -> None:
    def events(user: Any, company: Any, *, limit: int) -> list[TimelineEntry]:
        return []

    register_timeline_provider(events)
    register_timeline_provider(events)
    assert providers == [events]


def test_the_page_shows_an_entry_with_its_kind_detail_and_link(
    client: Any, personas: Any, providers: list[Any]
) -> None:
    @register_timeline_provider
    def events(user: Any, company: Any, *, limit: int) -> list[TimelineEntry]:
        return [
            TimelineEntry(
                occurred_on=DAY, kind="Forløb", title="Tilmeldt", detail="Via planen", url="/x/"
            )
        ]

    client.force_login(personas.a.consultant)
    response = client.get(reverse("register:company_detail", args=[personas.a.company.cvr]))
    assert response.status_code == 200
    assert 'Forløb: <a href="/x/">Tilmeldt</a></h3>' in response.text
    assert '<p class="small-text">Via planen</p>' in response.text
