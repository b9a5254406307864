"""Typed shapes of the programmes API. Outgoing schemas are built explicitly from model
instances (`from_model`), so a field reads only what the endpoint loaded and a new model
field never leaks into the API by accident."""

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from vaekst.growthplans.schemas import CompanyRef
from vaekst.lib.paging import PageQuery
from vaekst.programmes.choices import (
    SATISFIED_FROM,
    EnrolmentChannel,
    EnrolmentStatus,
    ProgrammeFormat,
    RunStatus,
    SurveyKind,
)
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRun,
    RunSession,
    SurveyResponse,
)

CVR_PATTERN = r"^[1-9][0-9]{7}$"
OPTIONAL_CVR = r"^([1-9][0-9]{7})?$"


# -- programmes --------------------------------------------------------------------------


class ProgrammeOut(Schema):
    id: UUID = Field(description="The programme's catalogue offer's public id")
    title: str
    summary: str
    format: ProgrammeFormat
    content: str
    target_industries: list[str] = Field(description="DB07 codes or prefixes; empty is all")
    default_capacity: int
    owner: str = Field(description="The offer's owner: the national level or a growth house")
    is_core: bool
    is_published: bool

    @classmethod
    def from_model(cls, programme: Programme) -> "ProgrammeOut":
        offer = programme.offer
        return cls(
            id=offer.public_id,
            title=offer.title,
            summary=offer.summary,
            format=ProgrammeFormat(programme.format),
            content=programme.content,
            target_industries=list(programme.target_industries),
            default_capacity=programme.default_capacity,
            owner=offer.owner.name,
            is_core=offer.is_core,
            is_published=offer.is_published,
        )


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    limit: int
    offset: int
    next: str | None


# -- runs and sessions -------------------------------------------------------------------


class RunQuery(PageQuery):
    status: RunStatus | None = Field(None, description="Only runs with this status")
    programme: UUID | None = Field(None, description="Only runs of this programme")


class SessionOut(Schema):
    id: UUID
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online_url: str
    capacity: int | None = Field(description="Places in the room; null is the run's capacity")

    @classmethod
    def from_model(cls, session: RunSession) -> "SessionOut":
        return cls(
            id=session.public_id,
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            place=session.place,
            online_url=session.online_url,
            capacity=session.capacity,
        )


class RunOut(Schema):
    id: UUID
    programme_id: UUID = Field(description="The programme's (catalogue offer's) public id")
    programme_title: str
    title: str
    description: str
    organiser: str
    organiser_id: UUID
    status: RunStatus
    capacity: int
    enrolment_deadline: datetime.date | None
    enrolled: int = Field(description="Firms holding a place")
    waitlisted: int = Field(description="Firms on the waitlist")
    first_session: datetime.datetime | None

    @classmethod
    def fields_of(cls, run: Any) -> dict[str, Any]:
        """From a run annotated by the endpoint with enrolled, waitlisted, first_session."""
        return {
            "id": run.public_id,
            "programme_id": run.programme.offer.public_id,
            "programme_title": run.programme.offer.title,
            "title": run.title,
            "description": run.description,
            "organiser": run.organiser.name,
            "organiser_id": run.organiser.public_id,
            "status": RunStatus(run.status),
            "capacity": run.capacity,
            "enrolment_deadline": run.enrolment_deadline,
            "enrolled": run.enrolled,
            "waitlisted": run.waitlisted,
            "first_session": run.first_session,
        }

    @classmethod
    def from_model(cls, run: ProgrammeRun) -> "RunOut":
        return cls(**cls.fields_of(run))


class RunDetailOut(RunOut):
    sessions: list[SessionOut]


class RunPage(Schema):
    items: list[RunOut]
    limit: int
    offset: int
    next: str | None


# -- enrolments --------------------------------------------------------------------------


class EnrolmentQuery(PageQuery):
    status: EnrolmentStatus | None = Field(None, description="Only enrolments with this status")


class EnrolmentOut(Schema):
    id: UUID
    run_id: UUID
    run_title: str
    company: CompanyRef
    status: EnrolmentStatus
    channel: EnrolmentChannel
    participant_name: str
    participant_email: str
    eligibility_reason: str = Field(description="The eligibility answer when enrolled")
    created_at: datetime.datetime
    waitlisted_at: datetime.datetime | None
    promoted_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    cancel_reason: str

    @classmethod
    def from_model(cls, enrolment: Enrolment) -> "EnrolmentOut":
        return cls(
            id=enrolment.public_id,
            run_id=enrolment.run.public_id,
            run_title=enrolment.run.title,
            company=CompanyRef.from_model(enrolment.company),
            status=EnrolmentStatus(enrolment.status),
            channel=EnrolmentChannel(enrolment.channel),
            participant_name=enrolment.participant_name,
            participant_email=enrolment.participant_email,
            eligibility_reason=enrolment.eligibility_reason,
            created_at=enrolment.created_at,
            waitlisted_at=enrolment.waitlisted_at,
            promoted_at=enrolment.promoted_at,
            cancelled_at=enrolment.cancelled_at,
            cancel_reason=enrolment.cancel_reason,
        )


class EnrolmentPage(Schema):
    items: list[EnrolmentOut]
    limit: int
    offset: int
    next: str | None


class EnrolIn(Schema):
    company: str = Field(pattern=CVR_PATTERN, description="The firm's CVR number")
    participant_name: str = Field("", max_length=200)
    participant_email: str = Field("", max_length=254)
    override_reason: str = Field(
        "",
        max_length=500,
        description="A caseworker's reason for enrolling a firm the eligibility check refuses",
    )


class CancelIn(Schema):
    reason: str = Field("", max_length=300)


# -- attendance --------------------------------------------------------------------------


class AttendanceOut(Schema):
    enrolment_id: UUID
    company: CompanyRef
    present: bool
    recorded_at: datetime.datetime

    @classmethod
    def from_model(cls, attendance: Attendance) -> "AttendanceOut":
        return cls(
            enrolment_id=attendance.enrolment.public_id,
            company=CompanyRef.from_model(attendance.enrolment.company),
            present=attendance.present,
            recorded_at=attendance.recorded_at,
        )


class AttendanceMark(Schema):
    enrolment_id: UUID
    present: bool


class AttendanceIn(Schema):
    attendance: list[AttendanceMark] = Field(max_length=1000)


# -- survey answers ----------------------------------------------------------------------


class SurveyQuery(PageQuery):
    run: UUID | None = Field(None, description="Only answers after this run")
    company: str = Field("", pattern=OPTIONAL_CVR, description="Only this firm's answers")


class ScoreOut(Schema):
    question: str
    is_overall: bool
    score: int = Field(ge=1, le=5)


class SurveyResponseOut(Schema):
    kind: SurveyKind
    version: int
    company: CompanyRef
    run_id: UUID | None
    mapping_id: UUID | None
    overall: int = Field(ge=1, le=5, description="The overall answer; 4 or 5 is satisfied")
    satisfied: bool
    comment: str
    answered_at: datetime.datetime
    scores: list[ScoreOut]

    @classmethod
    def from_model(cls, response: SurveyResponse) -> "SurveyResponseOut":
        return cls(
            kind=SurveyKind(response.version.kind),
            version=response.version.number,
            company=CompanyRef.from_model(response.company),
            run_id=response.run.public_id if response.run else None,
            mapping_id=response.mapping.public_id if response.mapping else None,
            overall=response.overall,
            satisfied=response.overall >= SATISFIED_FROM,
            comment=response.comment,
            answered_at=response.answered_at,
            scores=[
                ScoreOut(
                    question=answer.question.shown_text,
                    is_overall=answer.question.is_overall,
                    score=answer.score,
                )
                for answer in response.answers.all()
            ],
        )


class SurveyResponsePage(Schema):
    items: list[SurveyResponseOut]
    limit: int
    offset: int
    next: str | None


class SurveyQuestionsQuery(Schema):
    kind: SurveyKind = Field(SurveyKind.RUN, description="After a run, or after a mapping")


class SurveyQuestionOut(Schema):
    id: int = Field(description="Give the question's score under this id")
    order: int
    text: str
    is_overall: bool


class SurveyQuestionsOut(Schema):
    kind: SurveyKind
    version: int
    questions: list[SurveyQuestionOut]


class SurveyAnswerIn(Schema):
    run: UUID | None = Field(None, description="The run answered about (or give `mapping`)")
    mapping: UUID | None = Field(None, description="The growth mapping answered about")
    scores: dict[int, int] = Field(
        description="Every current question's id with its score, 1 (poor) to 5 (very good)"
    )
    comment: str = Field("", max_length=2000)
