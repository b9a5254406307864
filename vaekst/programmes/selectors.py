"""Reads of programmes and runs for the staff pages, always through the scoping mechanism.
Each page reads in a fixed number of queries, however many runs, enrolments or sessions."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vaekst.accounts.models import User
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.programmes.choices import EnrolmentStatus
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRun,
    RunSession,
)
from vaekst.programmes.scoping import facilitated_by, managed_runs
from vaekst.programmes.services.runs import organiser_for, organiser_region
from vaekst.register.models import Company

FACILITATOR_ROLES = (Role.GROWTH_CONSULTANT, Role.HOUSE_MANAGER, Role.MUNICIPAL_CONSULTANT)


def require_staff(user: Any) -> None:
    """The run pages are the staff's; a firm's user has the portal, and gets a 404 here."""
    if getattr(user, "role", "") == Role.COMPANY_USER:
        raise Http404


def with_counts(runs: QuerySet[ProgrammeRun]) -> QuerySet[ProgrammeRun]:
    """Places taken and firms waiting, counted in the same query as the runs."""
    return runs.annotate(
        enrolled_total=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waitlist_total=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
    )


def visible_runs(user: Any) -> QuerySet[ProgrammeRun]:
    return with_counts(
        visible_to(user, ProgrammeRun.objects.all()).select_related("programme__offer", "organiser")
    )


@dataclass(frozen=True)
class RunFilter:
    """The run list's filters; empty values mean "any"."""

    status: str = ""
    organiser: UUID | None = None
    programme: int | None = None
    mine: bool = False


def search_runs(user: Any, filters: RunFilter) -> QuerySet[ProgrammeRun]:
    runs = visible_runs(user)
    if filters.status:
        runs = runs.filter(status=filters.status)
    if filters.organiser:
        runs = runs.filter(organiser__public_id=filters.organiser)
    if filters.programme:
        runs = runs.filter(programme_id=filters.programme)
    if filters.mine:
        runs = runs.filter(Q(created_by_id=user.pk) | facilitated_by(user))
    return runs.order_by("-created_at", "-id")


def run_organisers(user: Any) -> list[Organisation]:
    """The organisers of the runs the user may see (the list's organiser filter)."""
    runs = visible_to(user, ProgrammeRun.objects.all()).values("organiser_id")
    return list(Organisation.objects.filter(pk__in=runs).order_by("name"))


def visible_programmes(user: Any) -> QuerySet[Programme]:
    return (
        visible_to(user, Programme.objects.all())
        .select_related("offer__owner")
        .order_by("offer__title", "id")
    )


def runnable_programmes(user: Any) -> QuerySet[Programme]:
    """The programmes `user` may organise a run of (services.runs.may_run, as a query)."""
    organiser = organiser_for(user)
    if organiser is None:
        return Programme.objects.none()
    region = organiser_region(organiser)
    return visible_programmes(user).filter(
        Q(offer__is_core=True) | Q(offer__owner__region_id=region), offer__is_published=True
    )


def facilitator_candidates(organiser: Organisation) -> QuerySet[User]:
    """Who may facilitate the organiser's runs: its consultants and the partners' advisors."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organisation=organiser, role__in=FACILITATOR_ROLES) | Q(role=Role.PARTNER_ADVISOR)
        )
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name", "username")
    )


def get_staff_run(user: Any, public_id: UUID) -> ProgrammeRun:
    """One run the user may see, for the staff pages, or 404 (a firm's user included)."""
    require_staff(user)
    runs = visible_runs(user).select_related("programme__offer__owner", "organiser__region")
    return get_visible_or_404(user, runs, public_id=public_id)


def is_manager(user: Any, run: ProgrammeRun) -> bool:
    q = managed_runs(user)
    return q is not None and ProgrammeRun.objects.filter(q, pk=run.pk).exists()


# What the run's page reads of an enrolment, its firm and who cancelled it.
ENROLMENT_COLUMNS = (
    "public_id",
    "run_id",
    "status",
    "participant_name",
    "participant_email",
    "eligibility_reason",
    "created_at",
    "waitlisted_at",
    "cancelled_at",
    "cancel_reason",
    "company__name",
    "company__cvr",
    "cancelled_by__username",
    "cancelled_by__first_name",
    "cancelled_by__last_name",
)


@dataclass
class EnrolmentRow:
    """An enrolment on the run's page: whether its firm's page may be linked, its place on
    the waitlist, and (enrolled) its attendance per session in the sessions' order."""

    enrolment: Enrolment
    company_visible: bool
    position: int | None = None
    attendance: list[tuple[RunSession, bool | None]] = field(default_factory=list)
    # Links, filled in by the page (reversed once per page, not once per row).
    company_url: str = ""
    certificate_url: str = ""
    cancel_url: str = ""

    @property
    def attended(self) -> int:
        return sum(1 for _session, present in self.attendance if present)


@dataclass
class RunPage:
    run: ProgrammeRun
    sessions: list[RunSession]
    enrolled: list[EnrolmentRow]
    waitlisted: list[EnrolmentRow]
    cancelled: list[EnrolmentRow]
    facilitators: list[User]

    @property
    def places_left(self) -> int:
        return max(self.run.capacity - len(self.enrolled), 0)


def run_page(user: Any, run: ProgrammeRun) -> RunPage:
    """Everything the run's page shows, in six queries whatever the run's size: sessions,
    enrolments with their firms, attendance, which firms the user may see, facilitators."""
    sessions = list(RunSession.objects.filter(run=run).order_by("starts_at", "id"))
    enrolments = list(
        Enrolment.objects.filter(run=run)
        .select_related("company", "cancelled_by")
        .only(*ENROLMENT_COLUMNS)
        .order_by("created_at", "id")
    )
    marks: dict[int, dict[int, bool]] = defaultdict(dict)
    rows = Attendance.objects.filter(session__run=run).values_list(
        "enrolment_id", "session_id", "present"
    )
    for enrolment_id, session_id, present in rows:
        marks[enrolment_id][session_id] = present
    company_ids = {enrolment.company_id for enrolment in enrolments}
    seen = set(
        visible_to(user, Company.objects.filter(pk__in=company_ids)).values_list("pk", flat=True)
    )
    page = RunPage(
        run=run,
        sessions=sessions,
        enrolled=[],
        waitlisted=[],
        cancelled=[],
        facilitators=list(run.facilitators.select_related("organisation").order_by("username")),
    )
    waiting = sorted(
        (e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED),
        key=lambda e: (e.waitlisted_at or e.created_at, e.pk),
    )
    for position, enrolment in enumerate(waiting, start=1):
        page.waitlisted.append(EnrolmentRow(enrolment, enrolment.company_id in seen, position))
    for enrolment in enrolments:
        visible = enrolment.company_id in seen
        if enrolment.status == EnrolmentStatus.ENROLLED:
            row = EnrolmentRow(enrolment, visible)
            own = marks.get(enrolment.pk, {})
            row.attendance = [(session, own.get(session.pk)) for session in sessions]
            page.enrolled.append(row)
        elif enrolment.status == EnrolmentStatus.CANCELLED:
            page.cancelled.append(EnrolmentRow(enrolment, visible))
    return page


def places_left(run: ProgrammeRun) -> int:
    """The free places of a run read through `with_counts`."""
    taken: int = run.enrolled_total  # type: ignore[attr-defined]
    return max(run.capacity - taken, 0)
