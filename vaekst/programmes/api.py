"""The programmes API: programmes, runs and their sessions, enrolments, attendance and the
firms' survey answers, scoped exactly like the pages (a run, session or enrolment the caller
may not see is a 404, like a missing one).

Changes go through the same services as the pages: `enrol` (channel "api"),
`cancel_enrolment`, `record_attendance` and `answer_survey`. A service's refusal of the
caller is a 403; its refusal of the request (the run is not open, the deadline has passed,
the firm is not eligible or already on it) is a 400 with the reason as its `detail`, as in
the growth plans' API."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from vaekst.accounts.api_auth import api_user
from vaekst.growthplans.models import Mapping
from vaekst.lib.paging import PageQuery, api_page
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRun,
    RunSession,
    SurveyAnswer,
    SurveyResponse,
)
from vaekst.programmes.schemas import (
    AttendanceIn,
    AttendanceOut,
    CancelIn,
    EnrolIn,
    EnrolmentOut,
    EnrolmentPage,
    EnrolmentQuery,
    ProgrammeOut,
    ProgrammePage,
    RunDetailOut,
    RunOut,
    RunPage,
    RunQuery,
    SessionOut,
    SurveyAnswerIn,
    SurveyQuery,
    SurveyQuestionOut,
    SurveyQuestionsOut,
    SurveyQuestionsQuery,
    SurveyResponseOut,
    SurveyResponsePage,
)
from vaekst.programmes.services.enrolment import cancel_enrolment, enrol, record_attendance
from vaekst.programmes.services.runs import may_manage
from vaekst.programmes.services.surveys import answer_survey, current_version
from vaekst.register.selectors import find_company

router = Router(tags=["programmes"])

NOT_JSON = {
    "description": "The request body is not JSON, or the service refuses the change (the"
    " reason in `detail`)"
}
FORBIDDEN_WRITE = {
    403: {"description": "The caller may see the run but not do this (e.g. another firm)"},
    400: NOT_JSON,
}


def _refused(error: ValidationError) -> HttpError:
    """A service's refusal, as every router answers one: 400 with the reason."""
    return HttpError(400, " ".join(error.messages))


def _cvr(text: str) -> int:
    if not (len(text) == 8 and text.isascii() and text.isdigit()):
        raise Http404("Not found")
    return int(text)


# -- programmes --------------------------------------------------------------------------


def _programmes(user: Any) -> QuerySet[Programme]:
    return visible_to(user, Programme.objects.select_related("offer__owner"))


@router.get("/programmes", response=ProgrammePage, summary="List programmes")
def list_programmes(request: HttpRequest, query: Query[PageQuery]) -> ProgrammePage:
    """The programmes (collective catalogue offers) the caller may see, by title."""
    programmes = _programmes(api_user(request)).order_by("offer__title", "pk")
    rows, next_url = api_page(request, programmes, query)
    return ProgrammePage(
        items=[ProgrammeOut.from_model(programme) for programme in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get("/programmes/{programme_id}", response=ProgrammeOut, summary="One programme")
def get_programme(request: HttpRequest, programme_id: UUID) -> ProgrammeOut:
    """A programme by its catalogue offer's id."""
    user = api_user(request)
    programme = get_visible_or_404(user, _programmes(user), offer__public_id=programme_id)
    return ProgrammeOut.from_model(programme)


# -- runs and sessions -------------------------------------------------------------------


def _count(status: str) -> Coalesce:
    enrolments = (
        Enrolment.objects.filter(run=OuterRef("pk"), status=status)
        .order_by()
        .values("run")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(enrolments, output_field=IntegerField()), 0)


def _runs(user: Any) -> QuerySet[ProgrammeRun]:
    """Visible runs with their programme, organiser, places taken and first session."""
    first = RunSession.objects.filter(run=OuterRef("pk")).order_by("starts_at")
    runs = ProgrammeRun.objects.select_related("programme__offer", "organiser").annotate(
        enrolled=_count(EnrolmentStatus.ENROLLED),
        waitlisted=_count(EnrolmentStatus.WAITLISTED),
        first_session=Subquery(first.values("starts_at")[:1]),
    )
    return visible_to(user, runs)


def _run(user: Any, run_id: UUID) -> ProgrammeRun:
    return get_visible_or_404(user, _runs(user), public_id=run_id)


@router.get("/runs", response=RunPage, summary="List runs")
def list_runs(request: HttpRequest, query: Query[RunQuery]) -> RunPage:
    """Runs the caller may see (staff: their region's; a firm: announced runs in its region
    and those it is on), newest first; `status` and `programme` narrow the list."""
    runs = _runs(api_user(request)).order_by("-created_at", "-pk")
    if query.status:
        runs = runs.filter(status=query.status)
    if query.programme:
        runs = runs.filter(programme__offer__public_id=query.programme)
    rows, next_url = api_page(request, runs, query)
    return RunPage(
        items=[RunOut.from_model(run) for run in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get("/runs/{run_id}", response=RunDetailOut, summary="One run with its sessions")
def get_run(request: HttpRequest, run_id: UUID) -> RunDetailOut:
    run = _run(api_user(request), run_id)
    return RunDetailOut(
        **RunOut.fields_of(run),
        sessions=[SessionOut.from_model(session) for session in run.sessions.all()],
    )


@router.get("/runs/{run_id}/sessions", response=list[SessionOut], summary="A run's sessions")
def list_sessions(request: HttpRequest, run_id: UUID) -> list[SessionOut]:
    user = api_user(request)
    run = get_visible_or_404(user, ProgrammeRun.objects.all(), public_id=run_id)
    return [SessionOut.from_model(session) for session in run.sessions.all()]


# -- enrolments --------------------------------------------------------------------------


def _enrolments(user: Any) -> QuerySet[Enrolment]:
    return visible_to(user, Enrolment.objects.select_related("run", "company"))


def _enrolment_page(
    request: HttpRequest, enrolments: QuerySet[Enrolment], query: EnrolmentQuery
) -> EnrolmentPage:
    if query.status:
        enrolments = enrolments.filter(status=query.status)
    rows, next_url = api_page(request, enrolments.order_by("created_at", "pk"), query)
    return EnrolmentPage(
        items=[EnrolmentOut.from_model(enrolment) for enrolment in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get("/runs/{run_id}/enrolments", response=EnrolmentPage, summary="A run's enrolments")
def list_run_enrolments(
    request: HttpRequest, run_id: UUID, query: Query[EnrolmentQuery]
) -> EnrolmentPage:
    """The run's enrolments the caller may see, in the order they came (those who manage
    the run: all; staff serving firms: their firms'; a firm's user: its own)."""
    user = api_user(request)
    run = get_visible_or_404(user, ProgrammeRun.objects.all(), public_id=run_id)
    return _enrolment_page(request, _enrolments(user).filter(run=run), query)


@router.get("/companies/{cvr}/enrolments", response=EnrolmentPage, summary="A company's enrolments")
def list_company_enrolments(
    request: HttpRequest, cvr: str, query: Query[EnrolmentQuery]
) -> EnrolmentPage:
    user = api_user(request)
    company = find_company(user, _cvr(cvr))
    return _enrolment_page(request, _enrolments(user).filter(company=company), query)


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut, summary="One enrolment")
def get_enrolment(request: HttpRequest, enrolment_id: UUID) -> EnrolmentOut:
    user = api_user(request)
    enrolment = get_visible_or_404(user, _enrolments(user), public_id=enrolment_id)
    return EnrolmentOut.from_model(enrolment)


@router.post(
    "/runs/{run_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol a company on a run",
    openapi_extra={"responses": FORBIDDEN_WRITE},
)
def create_enrolment(request: HttpRequest, run_id: UUID, data: EnrolIn) -> Any:
    """Put the firm on the run, or on its waitlist when the run is full (`status` says which),
    through the one eligibility check; a caseworker may give `override_reason` for a firm the
    check refuses. A refusal (not open, deadline passed, another region, on it already, not
    eligible) is a 400 with the reason."""
    user = api_user(request)
    run = get_visible_or_404(user, ProgrammeRun.objects.all(), public_id=run_id)
    company = find_company(user, int(data.company))
    try:
        enrolment = enrol(
            actor=user,
            run=run,
            company=company,
            channel=EnrolmentChannel.API,
            participant_name=data.participant_name,
            participant_email=data.participant_email,
            override_reason=data.override_reason,
        )
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise _refused(error) from None
    return Status(201, EnrolmentOut.from_model(_enrolments(user).get(pk=enrolment.pk)))


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response=EnrolmentOut,
    summary="Cancel an enrolment",
    openapi_extra={"responses": FORBIDDEN_WRITE},
)
def cancel(request: HttpRequest, enrolment_id: UUID, data: CancelIn) -> EnrolmentOut:
    """Take the firm off the run or its waitlist; a freed place goes to the first on the
    waitlist still eligible. Refused (400) once cancelled or when the run is over."""
    user = api_user(request)
    enrolment = get_visible_or_404(user, _enrolments(user), public_id=enrolment_id)
    try:
        cancel_enrolment(actor=user, enrolment=enrolment, reason=data.reason)
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise _refused(error) from None
    return EnrolmentOut.from_model(_enrolments(user).get(pk=enrolment.pk))


# -- attendance --------------------------------------------------------------------------


def _session(user: Any, session_id: UUID) -> RunSession:
    return get_visible_or_404(user, RunSession.objects.select_related("run"), public_id=session_id)


def _attendance(user: Any, session: RunSession) -> list[AttendanceOut]:
    rows = visible_to(
        user, Attendance.objects.filter(session=session).select_related("enrolment__company")
    ).order_by("enrolment__created_at", "pk")
    return [AttendanceOut.from_model(attendance) for attendance in rows]


@router.get(
    "/sessions/{session_id}/attendance",
    response=list[AttendanceOut],
    summary="Attendance at a session",
)
def get_attendance(request: HttpRequest, session_id: UUID) -> list[AttendanceOut]:
    """Who was registered present or absent (a firm's user: its own firm only)."""
    user = api_user(request)
    return _attendance(user, _session(user, session_id))


@router.put(
    "/sessions/{session_id}/attendance",
    response=list[AttendanceOut],
    summary="Register attendance at a session",
    openapi_extra={
        "responses": {
            403: {"description": "Only those who manage the run register attendance"},
            400: NOT_JSON,
        }
    },
)
def put_attendance(
    request: HttpRequest, session_id: UUID, data: AttendanceIn
) -> list[AttendanceOut]:
    """Mark enrolled firms present or absent (by enrolment id); a firm not marked keeps what
    it had. Only firms holding a place on the run (else 400, nothing saved)."""
    user = api_user(request)
    session = _session(user, session_id)
    if not may_manage(user, session.run):
        raise HttpError(403, "Forbidden")
    wanted = {mark.enrolment_id: mark.present for mark in data.attendance}
    pks = dict(
        Enrolment.objects.filter(run=session.run, public_id__in=list(wanted)).values_list(
            "public_id", "pk"
        )
    )
    if set(wanted) - set(pks):
        raise _refused(
            ValidationError(_("Fremmøde kan kun registreres for tilmeldte virksomheder."))
        )
    try:
        record_attendance(
            actor=user,
            session=session,
            present={pks[public_id]: here for public_id, here in wanted.items()},
        )
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise _refused(error) from None
    return _attendance(user, session)


# -- survey answers ----------------------------------------------------------------------


@router.get("/survey-responses", response=SurveyResponsePage, summary="List survey answers")
def list_survey_responses(request: HttpRequest, query: Query[SurveyQuery]) -> SurveyResponsePage:
    """Firms' satisfaction answers the caller may see (the firm's own; staff: their firms'
    and the runs they manage), newest first; `run` and `company` narrow the list."""
    user = api_user(request)
    answers = SurveyAnswer.objects.select_related("question").order_by(
        "question__order", "question_id"
    )
    responses = visible_to(
        user,
        SurveyResponse.objects.select_related("version", "company", "run", "mapping"),
    ).prefetch_related(Prefetch("answers", queryset=answers))
    if query.run:
        responses = responses.filter(run__public_id=query.run)
    if query.company:
        responses = responses.filter(company__cvr=int(query.company))
    rows, next_url = api_page(request, responses.order_by("-answered_at", "-pk"), query)
    return SurveyResponsePage(
        items=[SurveyResponseOut.from_model(response) for response in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get("/survey-questions", response=SurveyQuestionsOut, summary="The questions asked now")
def get_survey_questions(
    request: HttpRequest, query: Query[SurveyQuestionsQuery]
) -> SurveyQuestionsOut:
    """The nationally set questions of the survey after a run (`kind=run`) or a growth
    mapping (`kind=mapping`) in the version asked now; an answer gives a score for each id."""
    api_user(request)
    kind = query.kind
    version = current_version(kind)
    if version is None:
        raise Http404("No survey published")
    return SurveyQuestionsOut(
        kind=kind,
        version=version.number,
        questions=[
            SurveyQuestionOut(
                id=question.pk,
                order=question.order,
                text=question.shown_text,
                is_overall=question.is_overall,
            )
            for question in version.questions.order_by("order", "pk")
        ],
    )


@router.post(
    "/survey-responses",
    response={201: SurveyResponseOut},
    summary="Answer a survey",
    openapi_extra={
        "responses": {
            **FORBIDDEN_WRITE,
            404: {"description": "The run or mapping named is not one the caller may see"},
        }
    },
)
def create_survey_response(request: HttpRequest, data: SurveyAnswerIn) -> Any:
    """The firm's answer after a finished run it took part in, or after its completed growth
    mapping, by one of the firm's own users; once per run (or mapping) and firm. A second
    answer, an unfinished run or a missing score is a 400 with the reason."""
    user = api_user(request)
    if (data.run is None) == (data.mapping is None):
        raise _refused(ValidationError(_("Angiv enten et forløb eller en vækstkortlægning.")))
    run = _run(user, data.run) if data.run is not None else None
    mapping = (
        get_visible_or_404(user, Mapping.objects.all(), public_id=data.mapping)
        if data.mapping is not None
        else None
    )
    try:
        response = answer_survey(
            actor=user, run=run, mapping=mapping, scores=data.scores, comment=data.comment
        )
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise _refused(error) from None
    answers = SurveyAnswer.objects.select_related("question").order_by(
        "question__order", "question_id"
    )
    fresh = (
        SurveyResponse.objects.select_related("version", "company", "run", "mapping")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .get(pk=response.pk)
    )
    return Status(201, SurveyResponseOut.from_model(fresh))
