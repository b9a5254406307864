"""Collective growth training (seed 2.3): programmes (catalogue offers of a collective kind),
their local runs, sessions, enrolment, eye-level cohorts, networks and satisfaction."""

from vaekst.programmes.models.calendar import CalendarFeed
from vaekst.programmes.models.cohorts import Cohort, CohortPair
from vaekst.programmes.models.networks import (
    Network,
    NetworkContact,
    NetworkMeeting,
    NetworkMember,
)
from vaekst.programmes.models.runs import (
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRun,
    RunSession,
)
from vaekst.programmes.models.surveys import (
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyVersion,
)

__all__ = [
    "Attendance",
    "CalendarFeed",
    "Cohort",
    "CohortPair",
    "Enrolment",
    "Network",
    "NetworkContact",
    "NetworkMeeting",
    "NetworkMember",
    "Programme",
    "ProgrammeRun",
    "RunSession",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyVersion",
]
