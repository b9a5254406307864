"""The firm's satisfaction surveys: which it has still to answer (finished runs it took part
in, completed growth mappings) and which it has answered. The same rules as the answering
service (`services.surveys`), as queries: a fixed number of them, however many runs."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q

from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import Mapping
from vaekst.programmes.choices import EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import Attendance, Enrolment, SurveyQuestion, SurveyResponse
from vaekst.programmes.services.surveys import current_version
from vaekst.register.models import Company


@dataclass(frozen=True)
class FirmSurvey:
    """A survey the firm is asked: after which run or mapping, and whether it has answered."""

    kind: str
    public_id: uuid.UUID
    title: str
    organiser: str
    ended_on: datetime.date | None
    answered_at: datetime.datetime | None = None

    @property
    def is_run(self) -> bool:
        return self.kind == SurveyKind.RUN


@dataclass(frozen=True)
class FirmSurveys:
    due: list[FirmSurvey]
    answered: list[FirmSurvey]


def _runs_taken_part_in(company: Company) -> list[FirmSurvey]:
    attendance_taken = Attendance.objects.filter(enrolment__run=OuterRef("run"))
    came = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    enrolments = (
        Enrolment.objects.filter(
            company=company, status=EnrolmentStatus.ENROLLED, run__status=RunStatus.FINISHED
        )
        .filter(~Exists(attendance_taken) | Exists(came))
        .annotate(ended=Max("run__sessions__ends_at"))
        .values("run__public_id", "run__title", "run__organiser__name", "ended")
        .order_by("-ended", "-run_id")
    )
    return [
        FirmSurvey(
            kind=SurveyKind.RUN,
            public_id=row["run__public_id"],
            title=row["run__title"],
            organiser=row["run__organiser__name"],
            ended_on=row["ended"].date() if row["ended"] else None,
        )
        for row in enrolments
    ]


def _completed_mappings(company: Company) -> list[FirmSurvey]:
    mappings = (
        Mapping.objects.filter(company=company, status=MappingStatus.COMPLETED)
        .values("public_id", "held_on", "organisation__name")
        .order_by("-held_on", "-id")
    )
    return [
        FirmSurvey(
            kind=SurveyKind.MAPPING,
            public_id=row["public_id"],
            title="",
            organiser=row["organisation__name"],
            ended_on=row["held_on"],
        )
        for row in mappings
    ]


def firm_surveys(company: Company) -> FirmSurveys:
    """The firm's surveys, to answer and answered, newest first."""
    answered: dict[uuid.UUID, datetime.datetime] = {}
    responses = SurveyResponse.objects.filter(company=company).filter(
        Q(run__isnull=False) | Q(mapping__isnull=False)
    )
    for run_id, mapping_id, answered_at in responses.values_list(
        "run__public_id", "mapping__public_id", "answered_at"
    ):
        answered[run_id or mapping_id] = answered_at
    surveys = _runs_taken_part_in(company) + _completed_mappings(company)
    due = [survey for survey in surveys if survey.public_id not in answered]
    done = [
        FirmSurvey(**{**survey.__dict__, "answered_at": answered[survey.public_id]})
        for survey in surveys
        if survey.public_id in answered
    ]
    return FirmSurveys(due=due, answered=done)


def due_count(company: Company) -> int:
    """How many surveys the firm has still to answer (the portal home's prompt)."""
    return len(firm_surveys(company).due)


def questions_of(kind: str) -> list[SurveyQuestion]:
    """The questions asked now for `kind`, in order (empty when none is published)."""
    version = current_version(kind)
    return list(version.questions.order_by("order", "pk")) if version else []
