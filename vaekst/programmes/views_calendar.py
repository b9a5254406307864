"""The month calendar of sessions (mine, my organisation's, my region's) and the secret
iCalendar feed of "mine", whose address the user can renew."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.programmes.calendar import (
    MINE,
    available_views,
    month_grid,
    parse_month,
    run_page,
    sessions_for,
)
from vaekst.programmes.ical import calendar_document
from vaekst.programmes.models import CalendarFeed, RunSession
from vaekst.programmes.services.calendar import ensure_calendar_feed, renew_calendar_feed

# How far back the feed reaches: a calendar keeps what it has, and an old session is done.
FEED_DAYS_BACK = 180
FEED_MAX_SESSIONS = 2000


@login_required
@require_GET
def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = parse_month(request.GET.get("maaned"), today)
    views = available_views(request.user)
    view = request.GET.get("visning", MINE)
    if view not in dict(views):
        view = MINE
    grid = month_grid(first, sessions_for(request.user, view), today, request.user)
    feed = ensure_calendar_feed(actor=request.user)
    return render(
        request,
        "programmes/calendar.html",
        {
            "month": grid,
            "view": view,
            "views": views,
            "weekdays": [str(WEEKDAYS[number]) for number in range(7)],
            "feed_url": request.build_absolute_uri(
                reverse("programmes:calendar_feed", kwargs={"token": feed.token})
            ),
        },
    )


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    renew_calendar_feed(actor=request.user)
    messages.success(
        request, _("Kalenderen har fået en ny adresse. Den gamle adresse virker ikke længere.")
    )
    return redirect(f"{reverse('programmes:calendar')}#abonnement")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed needs no login: a calendar program fetches it, and the token is the key."""
    subscription = (
        CalendarFeed.objects.select_related("user__organisation")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if subscription is None:
        raise Http404("No such calendar")
    user = subscription.user
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    sessions: list[RunSession] = list(
        sessions_for(user, MINE).filter(ends_at__gte=since)[:FEED_MAX_SESSIONS]
    )
    body = calendar_document(
        sessions,
        name=_("vaekst: mine mødegange"),
        url_of=lambda session: request.build_absolute_uri(run_page(session.run, user)),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vaekst.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
