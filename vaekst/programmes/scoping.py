"""Who sees programmes, runs, enrolments, cohorts, networks and survey answers.

- A programme is a catalogue offer, and is seen where its offer is.
- A run is delivered in the organiser's region. Its organiser's staff, the staff of that
  region (the house and the municipalities, who enrol their firms), its facilitators and
  the national administrator see it; so do the users of firms in the region once it is
  announced (open, closed or finished), and of firms enrolled on it. Another region's staff
  do not.
- Managing a run (sessions, attendance, cohorts) is for its organiser's staff, its
  facilitators and the national administrator: `managed_runs`.
- An enrolment, its attendance and a survey answer belong to the firm, so they are seen
  where the firm is (the company rule), and also by those who manage the run.
- A network is seen by its organisation's region's staff, the national administrator and
  its member firms' users; its contact list only as consented.
- The survey questions are national and seen by every user; a calendar feed only by its
  own user.
"""

from typing import Any

from django.db.models import Q

from vaekst.offers.models import Offer
from vaekst.organisations.choices import CASEWORKER_ROLES, Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import Area, register_rule, through, union, visibility_filter
from vaekst.programmes.choices import RunStatus
from vaekst.programmes.models import (
    Attendance,
    CalendarFeed,
    Cohort,
    CohortPair,
    Enrolment,
    Network,
    NetworkContact,
    NetworkMeeting,
    NetworkMember,
    Programme,
    ProgrammeRun,
    RunSession,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyVersion,
)
from vaekst.register.models import Company
from vaekst.register.scoping import via_company

ANNOUNCED = (RunStatus.OPEN, RunStatus.CLOSED, RunStatus.FINISHED)


def staff_region(user: Any, area: Area) -> int | None:
    """The region a caseworker works in (a municipal consultant's is their municipality's)."""
    if user.role not in CASEWORKER_ROLES:
        return None
    if area.is_regional:
        return area.region_code
    if area.is_municipal:
        organisation: Organisation = user.organisation
        return organisation.municipality.region_id if organisation.municipality else None
    return None


def organised_in(region_code: int) -> Q:
    """Runs whose organiser (a house, or a municipality) is in the region."""
    return Q(organiser__region_id=region_code) | Q(organiser__municipality__region_id=region_code)


def facilitated_by(user: Any) -> Q:
    through = ProgrammeRun.facilitators.through.objects.filter(user_id=user.pk)
    return Q(pk__in=through.values("programmerun_id"))


def managed_runs(user: Any) -> Q | None:
    """The runs `user` may manage, as a ProgrammeRun filter, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    area = Area.of(user)
    if area.everything:
        return Q()
    q = facilitated_by(user)
    if user.role in CASEWORKER_ROLES and (area.is_regional or area.is_municipal):
        q |= Q(organiser_id=user.organisation_id)
    return q


@register_rule(Programme)
def programme_rule(user: Any, area: Area) -> Q | None:
    return through("offer", Offer, visibility_filter(user, Offer))


@register_rule(ProgrammeRun)
def run_rule(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    q = facilitated_by(user)
    region = staff_region(user, area)
    if region is not None:
        q |= organised_in(region) | Q(organiser_id=user.organisation_id)
    if user.role == Role.COMPANY_USER:
        firms = Company.objects.filter(memberships__user=user)
        regions = list(firms.values_list("region_id", flat=True))
        announced = Q(status__in=ANNOUNCED) & (
            Q(organiser__region_id__in=regions) | Q(organiser__municipality__region_id__in=regions)
        )
        enrolled = Enrolment.objects.filter(company__in=firms.values("pk")).values("run_id")
        q |= announced | Q(pk__in=enrolled)
    return q


@register_rule(RunSession)
def session_rule(user: Any, area: Area) -> Q | None:
    return through("run", ProgrammeRun, visibility_filter(user, ProgrammeRun))


@register_rule(Cohort)
@register_rule(CohortPair)
def cohort_rule(user: Any, area: Area) -> Q | None:
    # Cohorts are the organiser's working material, not shown to firms.
    if user.role == Role.COMPANY_USER:
        return None
    return through("run", ProgrammeRun, visibility_filter(user, ProgrammeRun))


@register_rule(Enrolment)
@register_rule(SurveyResponse)
def firm_or_manager(user: Any, area: Area) -> Q | None:
    return union(via_company(user, area), through("run", ProgrammeRun, managed_runs(user)))


@register_rule(Attendance)
def attendance_rule(user: Any, area: Area) -> Q | None:
    return through("enrolment", Enrolment, visibility_filter(user, Enrolment))


@register_rule(SurveyAnswer)
def answer_rule(user: Any, area: Area) -> Q | None:
    return through("response", SurveyResponse, visibility_filter(user, SurveyResponse))


@register_rule(SurveyVersion)
@register_rule(SurveyQuestion)
def national_questions(user: Any, area: Area) -> Q | None:
    return Q()


@register_rule(Network)
def network_rule(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    region = staff_region(user, area)
    q: Q | None = None
    if region is not None:
        q = Q(organisation__region_id=region) | Q(organisation__municipality__region_id=region)
    if user.role == Role.COMPANY_USER:
        member = Q(
            pk__in=NetworkMember.objects.filter(
                company__memberships__user=user, left_on__isnull=True
            ).values("network_id")
        )
        q = member if q is None else q | member
    return q


@register_rule(NetworkMember)
@register_rule(NetworkMeeting)
@register_rule(NetworkContact)
def via_network(user: Any, area: Area) -> Q | None:
    return through("network", Network, visibility_filter(user, Network))


@register_rule(CalendarFeed)
def own_feed(user: Any, area: Area) -> Q | None:
    return Q(user=user)
