"""Reads for the firm's programme pages: the runs announced to it with the one eligibility
answer for each, and its own enrolments with their sessions and attendance. Every read
goes through the scoping mechanism, and each list costs a fixed number of queries."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.lib.paging import Page, paginate
from vaekst.offers.eligibility import Eligibility, eligibility_for_company
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.programmes.choices import EnrolmentStatus, RunStatus
from vaekst.programmes.models import Attendance, Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.services.runs import organiser_region
from vaekst.register.models import Company

RUNS_PER_PAGE = 20


def _enrolled_on_run() -> Subquery:
    return Subquery(
        Enrolment.objects.filter(run=OuterRef("pk"), status=EnrolmentStatus.ENROLLED)
        .values("run")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _ahead_on_waitlist() -> Subquery:
    """How many wait before this enrolment on its run's waitlist (first come first served,
    as promote_waitlist takes them)."""
    return Subquery(
        Enrolment.objects.filter(run=OuterRef("run"), status=EnrolmentStatus.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .values("run")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def waitlist_position(user: Any, enrolment: Enrolment) -> int | None:
    """The enrolment's place in the queue (1 is next), or None when it is not waiting."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = (
        visible_to(user, Enrolment.objects.filter(pk=enrolment.pk))
        .annotate(ahead=Coalesce(_ahead_on_waitlist(), 0))
        .values_list("ahead", flat=True)
        .first()
    )
    return None if ahead is None else ahead + 1


@dataclass
class AnnouncedRun:
    """An open run as the firm sees it: what it is, what is left, and whether it may enrol
    (with the reason in plain words when not)."""

    run: ProgrammeRun
    sessions: list[RunSession]
    places_left: int
    eligibility: Eligibility | None
    refusal: str
    enrolment: Enrolment | None

    @property
    def may_enrol(self) -> bool:
        return not self.refusal and self.enrolment is None

    @property
    def full(self) -> bool:
        return self.places_left <= 0


def _refusal(run: ProgrammeRun, company: Company, eligibility: Eligibility, day: Any) -> str:
    if run.deadline_passed(day):
        return _("Tilmeldingsfristen er overskredet.")
    if company.region_id is None or company.region_id != organiser_region(run.organiser):
        return _("Holdet er for virksomheder i arrangørens region.")
    if not eligibility.allowed:
        return eligibility.reason
    return ""


def announced_runs(user: Any, company: Company) -> QuerySet[ProgrammeRun]:
    """The open runs the firm's user sees, the soonest deadline first."""
    return (
        visible_to(user, ProgrammeRun.objects.filter(status=RunStatus.OPEN))
        .select_related("programme__offer__owner__region", "organiser__municipality")
        # The eligibility check reads the offers' allowances from here, not once per offer.
        .prefetch_related("programme__offer__allowances")
        .annotate(enrolled=Coalesce(_enrolled_on_run(), 0))
        .order_by("enrolment_deadline", "title", "pk")
    )


def announced_page(
    user: Any, company: Company, *, number: int = 1, size: int = RUNS_PER_PAGE
) -> Page[AnnouncedRun]:
    """One page of open runs, each with its sessions and the firm's eligibility answer."""
    page = paginate(announced_runs(user, company), number=number, size=size)
    return Page(
        items=describe_runs(user, company, list(page.items)),
        number=page.number,
        size=page.size,
        has_next=page.has_next,
    )


def describe_runs(user: Any, company: Company, runs: list[ProgrammeRun]) -> list[AnnouncedRun]:
    if not runs:
        return []
    day = timezone.localdate()
    ids = [run.pk for run in runs]
    sessions: dict[int, list[RunSession]] = {}
    for session in visible_to(user, RunSession.objects.filter(run_id__in=ids)).order_by(
        "starts_at", "id"
    ):
        sessions.setdefault(session.run_id, []).append(session)
    mine = {
        enrolment.run_id: enrolment
        for enrolment in visible_to(user, Enrolment.objects.active())
        .filter(company=company, run_id__in=ids)
        .annotate(ahead=Coalesce(_ahead_on_waitlist(), 0))
    }
    offers = {run.programme.offer.pk: run.programme.offer for run in runs}
    answers = {
        answer.offer.pk: answer
        for answer in eligibility_for_company(company=company, offers=list(offers.values()))
    }
    described = []
    for run in runs:
        eligibility = answers[run.programme.offer.pk]
        enrolment = mine.get(run.pk)
        described.append(
            AnnouncedRun(
                run=run,
                sessions=sessions.get(run.pk, []),
                places_left=max(run.capacity - run.enrolled, 0),  # type: ignore[attr-defined]
                eligibility=eligibility,
                refusal="" if enrolment else _refusal(run, company, eligibility, day),
                enrolment=enrolment,
            )
        )
    return described


@dataclass
class SessionAttendance:
    session: RunSession
    present: bool | None  # None: not registered (yet)


@dataclass
class FirmEnrolment:
    """One of the firm's enrolments with its run's sessions and whether it took part."""

    enrolment: Enrolment
    sessions: list[SessionAttendance]
    waitlist_position: int | None

    @property
    def attended(self) -> int:
        return sum(1 for row in self.sessions if row.present)

    @property
    def may_cancel(self) -> bool:
        return self.enrolment.status != EnrolmentStatus.CANCELLED and self.enrolment.run.status in (
            RunStatus.PLANNED,
            RunStatus.OPEN,
            RunStatus.CLOSED,
        )

    @property
    def has_certificate(self) -> bool:
        return self.attended > 0

    @property
    def next_session(self) -> RunSession | None:
        now = timezone.now()
        return next((row.session for row in self.sessions if row.session.starts_at >= now), None)


def firm_enrolments(
    user: Any, company: Company, *, active_only: bool = False
) -> list[FirmEnrolment]:
    """The firm's enrolments, the newest first, in a fixed number of queries."""
    enrolments = visible_to(user, Enrolment.objects.filter(company=company))
    if active_only:
        enrolments = enrolments.exclude(status=EnrolmentStatus.CANCELLED)
    rows = list(
        enrolments.select_related("run__programme__offer", "run__organiser")
        .annotate(ahead=Coalesce(_ahead_on_waitlist(), 0))
        .prefetch_related(
            Prefetch("run__sessions", queryset=RunSession.objects.order_by("starts_at", "id")),
            Prefetch(
                "attendance", queryset=Attendance.objects.only("enrolment", "session", "present")
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return [_with_sessions(enrolment) for enrolment in rows]


def _with_sessions(enrolment: Enrolment) -> FirmEnrolment:
    present = {row.session_id: row.present for row in enrolment.attendance.all()}
    waiting = enrolment.status == EnrolmentStatus.WAITLISTED
    return FirmEnrolment(
        enrolment=enrolment,
        sessions=[
            SessionAttendance(session=session, present=present.get(session.pk))
            for session in enrolment.run.sessions.all()
        ],
        waitlist_position=enrolment.ahead + 1 if waiting else None,  # type: ignore[attr-defined]
    )


def firm_enrolment(user: Any, company: Company, public_id: uuid.UUID | str) -> Enrolment:
    """One of the firm's own enrolments; another firm's (or a missing one) is a 404."""
    return get_visible_or_404(
        user,
        Enrolment.objects.filter(company=company).select_related(
            "run__programme__offer", "run__organiser", "company"
        ),
        public_id=public_id,
    )


def announced_run(user: Any, public_id: uuid.UUID | str) -> ProgrammeRun:
    return get_visible_or_404(
        user,
        ProgrammeRun.objects.select_related("programme__offer", "organiser"),
        public_id=public_id,
    )


def open_run_count(user: Any, day: datetime.date | None = None) -> int:
    """How many announced runs still take enrolments (for the home page's panel)."""
    day = day or timezone.localdate()
    return visible_to(user, ProgrammeRun.objects.open_for_enrolment(day)).count()
