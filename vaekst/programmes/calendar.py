"""Which sessions a user's calendar holds, and the month grid that shows them.

- "Mine": for staff and partner advisors, the sessions of the runs they facilitate or
  created; for a firm's user, the sessions of the runs their firms hold a place on. The
  iCalendar feed carries exactly these.
- "Organisation": the sessions of the runs the user's house or municipality organises.
- "Region": for a growth house's staff, the runs of the house and of the region's
  municipalities.

Every choice is further narrowed by the scoping rule for sessions, and cancelled runs are
left out (their sessions do not take place).
"""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaekst.organisations.choices import CASEWORKER_ROLES, Role
from vaekst.organisations.scoping import Area, visible_to
from vaekst.programmes.choices import EnrolmentStatus, RunStatus
from vaekst.programmes.models import Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.scoping import facilitated_by, organised_in, staff_region

MINE = "mine"
ORGANISATION = "organisation"
REGION = "region"


def available_views(user: Any) -> list[tuple[str, str]]:
    """(key, label) of the calendars `user` may choose between, "mine" first."""
    views: list[tuple[str, str]] = [(MINE, str(_("Mine mødegange")))]
    if not getattr(user, "is_authenticated", False) or user.role not in CASEWORKER_ROLES:
        return views
    views.append((ORGANISATION, str(user.organisation)))
    area = Area.of(user)
    if area.is_regional:
        views.append((REGION, str(_("Hele regionen"))))
    return views


def _mine(user: Any) -> Q:
    if user.role == Role.COMPANY_USER:
        held = Enrolment.objects.filter(
            company__memberships__user=user, status=EnrolmentStatus.ENROLLED
        ).values("run_id")
        return Q(pk__in=held)
    return facilitated_by(user) | Q(created_by=user)


def runs_for(user: Any, view: str = MINE) -> QuerySet[ProgrammeRun]:
    """The runs whose sessions the chosen calendar shows (none for a view not offered)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ProgrammeRun.objects.none()
    if view not in dict(available_views(user)):
        return ProgrammeRun.objects.none()
    if view == ORGANISATION:
        q = Q(organiser_id=user.organisation_id)
    elif view == REGION:
        region = staff_region(user, Area.of(user))
        if region is None:
            return ProgrammeRun.objects.none()
        q = organised_in(region)
    else:
        q = _mine(user)
    runs = ProgrammeRun.objects.filter(q).exclude(status=RunStatus.CANCELLED)
    return visible_to(user, runs)


def sessions_for(user: Any, view: str = MINE) -> QuerySet[RunSession]:
    """The sessions of the chosen calendar, with their runs, in time order."""
    sessions = RunSession.objects.filter(run__in=runs_for(user, view).values("pk"))
    return visible_to(user, sessions).select_related("run__organiser").order_by("starts_at", "id")


def run_page(run: ProgrammeRun, user: Any = None) -> str:
    """Where a session links to: the run's page for staff, the portal's runs for a firm's
    user (each falling back to the list it belongs to, while the page is being built)."""
    pages: list[tuple[str, dict[str, Any]]]
    if user is not None and user.role == Role.COMPANY_USER:
        pages = [("portal:programmes", {}), ("portal:home", {})]
    else:
        pages = [
            ("programmes:run_detail", {"public_id": run.public_id}),
            ("programmes:run_list", {}),
        ]
    for name, kwargs in pages:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("web:home")


# -- the month grid ----------------------------------------------------------------------


def parse_month(raw: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month in `?maaned=YYYY-MM`; this month for anything else."""
    try:
        year_text, month_text = (raw or "").split("-")
        first = datetime.date(int(year_text), int(month_text), 1)
    except ValueError:
        return today.replace(day=1)
    if not 2000 <= first.year <= 2100:
        return today.replace(day=1)
    return first


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    sessions: list[RunSession] = field(default_factory=list)


@dataclass
class Week:
    number: int
    days: list[Day]


@dataclass
class Month:
    first: datetime.date
    weeks: list[Week]
    count: int

    @property
    def busy_days(self) -> list[Day]:
        """The month's days that have sessions, in order (the list shown on a phone)."""
        return [day for week in self.weeks for day in week.days if day.sessions]

    @property
    def previous(self) -> datetime.date:
        return shift_month(self.first, -1)

    @property
    def next(self) -> datetime.date:
        return shift_month(self.first, 1)


def month_bounds(first: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as aware datetimes in the local time zone, start inclusive, end exclusive."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(shift_month(first, 1), datetime.time.min, tzinfo=zone)
    return start, end


def month_grid(
    first: datetime.date, sessions: QuerySet[RunSession], today: datetime.date, user: Any = None
) -> Month:
    """The month's weeks, Monday first (the Danish week), each day with the sessions that
    start on it (in local time)."""
    start, end = month_bounds(first)
    by_day: dict[datetime.date, list[RunSession]] = {}
    count = 0
    for session in sessions.filter(starts_at__gte=start, starts_at__lt=end):
        session.run_url = run_page(session.run, user)  # type: ignore[attr-defined]
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
        count += 1
    weeks = []
    for dates in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    ):
        days = [
            Day(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                sessions=by_day.get(day, []) if day.month == first.month else [],
            )
            for day in dates
        ]
        weeks.append(Week(number=dates[0].isocalendar().week, days=days))
    return Month(first=first, weeks=weeks, count=count)
