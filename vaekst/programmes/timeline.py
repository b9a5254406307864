"""The firm's participation on its company timeline: enrolled, waitlisted, given a place
from the waitlist, cancelled, the sessions it attended (one entry per run), and the
networks it joined or left."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.interactions.timeline import TimelineEntry, moment, register_timeline_provider
from vaekst.programmes.choices import EnrolmentChannel
from vaekst.programmes.models import Enrolment, NetworkMember
from vaekst.programmes.participation import (
    company_enrolments,
    company_memberships,
)
from vaekst.register.models import Company


def _entry(at: datetime.datetime, title: str, detail: str, url: str) -> TimelineEntry:
    return TimelineEntry(
        occurred_on=timezone.localdate(at),
        kind=_("Forløb"),
        title=title,
        detail=detail,
        url=url,
        at=at,
    )


def enrolment_entries(enrolment: Enrolment, channels: dict[str, str]) -> list[TimelineEntry]:
    run = enrolment.run
    names = {"run": run.title}
    url = reverse("programmes:run_detail", args=[run.public_id])
    detail = f"{run.organiser} · {channels.get(enrolment.channel, enrolment.channel)}"
    entries = []
    if enrolment.waitlisted_at is not None:
        title = _("Skrevet på venteliste til %(run)s") % names
        entries.append(_entry(enrolment.waitlisted_at, title, detail, url))
    else:
        entries.append(_entry(enrolment.created_at, _("Tilmeldt %(run)s") % names, detail, url))
    if enrolment.promoted_at is not None:
        title = _("Fik plads på %(run)s fra ventelisten") % names
        entries.append(_entry(enrolment.promoted_at, title, str(run.organiser), url))
    attended = getattr(enrolment, "attended", 0)
    last = getattr(enrolment, "last_attended", None)
    if attended and last is not None:
        title = _("Deltog i %(attended)s af %(total)s mødegange på %(run)s") % {
            "attended": attended,
            "total": getattr(enrolment, "sessions", attended),
            "run": run.title,
        }
        entries.append(_entry(last, title, str(run.organiser), url))
    if enrolment.cancelled_at is not None:
        title = _("Afmeldt %(run)s") % names
        entries.append(_entry(enrolment.cancelled_at, title, enrolment.cancel_reason, url))
    return entries


def membership_entries(member: NetworkMember) -> list[TimelineEntry]:
    network = member.network
    names = {"network": network.name}
    url = reverse("programmes:network_detail", args=[network.public_id])
    kind = _("Netværk")
    entries = [
        TimelineEntry(
            occurred_on=member.joined_on,
            kind=kind,
            title=_("Med i netværket %(network)s") % names,
            url=url,
        )
    ]
    if member.left_on is not None:
        entries.append(
            TimelineEntry(
                occurred_on=member.left_on,
                kind=kind,
                title=_("Forlod netværket %(network)s") % names,
                url=url,
            )
        )
    return entries


@register_timeline_provider
def participation(user: Any, company: Company, *, limit: int) -> list[TimelineEntry]:
    """Two queries, whatever the number of enrolments, sessions and networks."""
    channels = {value: str(label) for value, label in EnrolmentChannel.choices}
    entries: list[TimelineEntry] = []
    for enrolment in company_enrolments(user, company, limit=limit):
        entries.extend(enrolment_entries(enrolment, channels))
    for member in company_memberships(user, company, current=False, limit=limit):
        entries.extend(membership_entries(member))
    entries.sort(key=moment, reverse=True)
    return entries[:limit]
