"""The iCalendar document (RFC 5545) of a user's sessions, through the `icalendar` package,
which escapes text (commas, semicolons, backslashes, new lines) and folds long lines.

Each session is one VEVENT whose UID is stable (the session's public id), so a calendar
that subscribes updates a moved session instead of adding a second one. Times are in UTC
and need no time-zone definitions."""

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from vaekst.programmes.models import RunSession

PRODUCT = "-//vaekst//Forloeb og moedegange//DA"


def uid(session: RunSession) -> str:
    return f"{session.public_id}@vaekst"


def summary(session: RunSession) -> str:
    if session.title:
        return f"{session.run.title}: {session.title}"
    return session.run.title


def location(session: RunSession) -> str:
    if session.place and session.online_url:
        return f"{session.place} / {session.online_url}"
    return session.place or session.online_url or ""


def description(session: RunSession, url: str) -> str:
    lines = [_("Arrangør: %(organiser)s") % {"organiser": session.run.organiser}]
    if session.online_url:
        lines.append(_("Onlinelink: %(url)s") % {"url": session.online_url})
    lines.append(_("Holdets side: %(url)s") % {"url": url})
    return "\n".join(lines)


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def calendar_document(
    sessions: Iterable[RunSession], *, name: str, url_of: Callable[[RunSession], str]
) -> bytes:
    """The VCALENDAR of `sessions` (with their runs and organisers loaded); `url_of` gives
    each session's absolute link."""
    document = Calendar()
    document.add("prodid", PRODUCT)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", name)
    stamp = utc(timezone.now()).replace(microsecond=0)
    for session in sessions:
        url = url_of(session)
        event = Event()
        event.add("uid", uid(session))
        event.add("dtstamp", stamp)
        event.add("dtstart", utc(session.starts_at))
        event.add("dtend", utc(session.ends_at))
        event.add("summary", summary(session))
        where = location(session)
        if where:
            event.add("location", where)
        event.add("url", url)
        event.add("description", description(session, url))
        document.add_component(event)
    return document.to_ical()
