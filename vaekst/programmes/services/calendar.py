"""A user's secret calendar address: made on their first visit to the calendar, renewed on
request (the old address stops working at once). The token itself never goes into the
audit trail; only that an address was made or renewed."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.programmes.models import CalendarFeed
from vaekst.programmes.models.calendar import new_feed_token


def _check(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("Only an active user has a calendar address")


@transaction.atomic
def ensure_calendar_feed(*, actor: Any) -> CalendarFeed:
    """The actor's calendar address, made the first time it is asked for."""
    _check(actor)
    feed, created = CalendarFeed.objects.get_or_create(user=actor)
    if created:
        record(
            actor=actor, action=AuditAction.CREATE, obj=feed, changes={"address": [None, "made"]}
        )
    return feed


@transaction.atomic
def renew_calendar_feed(*, actor: Any) -> CalendarFeed:
    """Give the actor a new calendar address; the old one answers 404 from now on."""
    _check(actor)
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed is None:
        return ensure_calendar_feed(actor=actor)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    record(
        actor=actor, action=AuditAction.UPDATE, obj=feed, changes={"address": ["revoked", "made"]}
    )
    return feed
