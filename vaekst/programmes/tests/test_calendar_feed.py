"""The secret iCalendar feed of a user's own sessions: made on the first visit to the
calendar, readable without login by its token, renewable (the old address then 404s)."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from conftest import Personas
from vaekst.accounts.models import User
from vaekst.audit.models import AuditEntry
from vaekst.programmes.calendar import run_page
from vaekst.programmes.models import CalendarFeed, RunSession
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training, make_run

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def feed_url(feed: CalendarFeed) -> str:
    return reverse("programmes:calendar_feed", kwargs={"token": feed.token})


def visit(client: Client, user: User) -> CalendarFeed:
    client.force_login(user)
    client.get(reverse("programmes:calendar"))
    client.logout()
    return CalendarFeed.objects.get(user=user)


def test_first_visit_makes_one_address_shown_on_the_page_and_audited(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.a.consultant)
    # when
    first = client.get(reverse("programmes:calendar"))
    second = client.get(reverse("programmes:calendar"))
    # then
    feed = CalendarFeed.objects.get(user=personas.a.consultant)
    assert CalendarFeed.objects.count() == 1
    assert f"http://testserver/kalender/{feed.token}.ics" in first.content.decode()
    assert f"http://testserver/kalender/{feed.token}.ics" in second.content.decode()
    entries = AuditEntry.objects.filter(object_type="programmes.calendarfeed")
    assert [(e.action, e.changes) for e in entries] == [("create", {"address": [None, "made"]})]
    assert feed.token not in str(entries[0].changes)


def test_feed_holds_my_sessions_as_events_in_utc_with_escaped_text(
    client: Client, personas: Personas, training: Training
) -> None:
    # given a session with a comma, a semicolon and a long online link (a folded line)
    starts_at = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    session = RunSession.objects.create(
        run=training.run,
        title="Kapital; lån, egenkapital",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="Erhvervshuset, lokale 2",
        online_url="https://møde.example.dk/" + "x" * 90,
    )
    feed = visit(client, personas.a.consultant)
    # when
    response = client.get(feed_url(feed))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"Erhvervshuset\\, lokale 2" in raw
    document = Calendar.from_ical(raw)
    assert document["version"] == "2.0"
    events = {str(event["uid"]): event for event in document.walk("VEVENT")}
    assert len(events) == 3  # the fixture's two sessions and this one
    event = events[f"{session.public_id}@vaekst"]
    assert event.decoded("dtstart") == datetime.datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime.datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert b"DTSTART:20260701T070000Z" in raw
    assert str(event["summary"]) == f"{training.run.title}: Kapital; lån, egenkapital"
    assert str(event["location"]) == f"Erhvervshuset, lokale 2 / {session.online_url}"
    assert str(event["url"]) == f"http://testserver{run_page(training.run)}"
    description = str(event["description"])
    assert description.splitlines()[0] == f"Arrangør: {personas.a.house.name}"
    assert f"Onlinelink: {session.online_url}" in description


def test_feed_holds_only_my_sessions(
    client: Client, personas: Personas, training: Training
) -> None:
    # given a run of house A the consultant neither created nor facilitates
    other = make_run(training.programme, personas.a.house, personas.a.manager, sessions=1)
    feed = visit(client, personas.a.consultant)
    manager_feed = visit(client, personas.a.manager)
    # when
    mine = Calendar.from_ical(client.get(feed_url(feed)).content)
    managers = Calendar.from_ical(client.get(feed_url(manager_feed)).content)
    # then
    assert {str(e["uid"]) for e in mine.walk("VEVENT")} == {
        f"{s.public_id}@vaekst" for s in training.run.sessions.all()
    }
    assert {str(e["uid"]) for e in managers.walk("VEVENT")} == {
        f"{other.sessions.get().public_id}@vaekst"
    }


def test_firm_users_feed_holds_the_sessions_of_its_enrolled_runs(
    client: Client, personas: Personas, training: Training
) -> None:
    # given
    feed = visit(client, personas.a.company_user)
    empty = Calendar.from_ical(client.get(feed_url(feed)).content)
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    # when
    enrolled = Calendar.from_ical(client.get(feed_url(feed)).content)
    # then
    assert empty.walk("VEVENT") == []
    assert len(enrolled.walk("VEVENT")) == 2


def test_renewing_the_address_stops_the_old_one_and_is_audited(
    client: Client, personas: Personas
) -> None:
    # given
    old = visit(client, personas.a.consultant)
    old_url = feed_url(old)
    client.force_login(personas.a.consultant)
    # when
    response = client.post(reverse("programmes:calendar_renew"))
    # then
    assert response.status_code == 302
    assert response["Location"] == "/kalender/#abonnement"
    new = CalendarFeed.objects.get(user=personas.a.consultant)
    assert new.token != old.token
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert (
        AuditEntry.objects.filter(object_type="programmes.calendarfeed", action="update").count()
        == 1
    )


def test_renewing_needs_a_post(client: Client, personas: Personas) -> None:
    old = visit(client, personas.a.consultant)
    client.force_login(personas.a.consultant)
    # when
    response = client.get(reverse("programmes:calendar_renew"))
    # then
    assert response.status_code == 405
    assert CalendarFeed.objects.get(user=personas.a.consultant).token == old.token


@pytest.mark.parametrize("token", ["x", "not-a-token-of-anyone", "a" * 43])
def test_unknown_token_is_404(client: Client, personas: Personas, token: str) -> None:
    visit(client, personas.a.consultant)
    # when
    response = client.get(reverse("programmes:calendar_feed", kwargs={"token": token}))
    # then
    assert response.status_code == 404


def test_a_deactivated_users_feed_is_404(
    client: Client, personas: Personas, training: Training
) -> None:
    # given
    feed = visit(client, personas.a.consultant)
    User.objects.filter(pk=personas.a.consultant.pk).update(is_active=False)
    # when
    response = client.get(feed_url(feed))
    # then
    assert response.status_code == 404


def test_feed_reads_a_bounded_number_of_queries(
    client: Client,
    personas: Personas,
    training: Training,
    django_assert_max_num_queries: Any,
) -> None:
    # given ten runs of three sessions the consultant created
    for _ in range(10):
        make_run(training.programme, personas.a.house, personas.a.consultant, sessions=3)
    feed = visit(client, personas.a.consultant)
    # when
    with django_assert_max_num_queries(3):
        response = client.get(feed_url(feed))
    # then
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 32
