"""Helpers for the satisfaction-survey tests: a finished run with firms on it, a completed
mapping, a firm's user, scores for every question, and answers placed in a given year."""

import datetime
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from vaekst.accounts.models import User
from vaekst.accounts.services import create_user
from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import Mapping, MappingTemplate
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import Enrolment, ProgrammeRun, SurveyResponse
from vaekst.programmes.selectors_surveys import questions_of
from vaekst.programmes.services.surveys import current_version
from vaekst.register.models import Company, CompanyMembership


def finish(run: ProgrammeRun) -> ProgrammeRun:
    ProgrammeRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED)
    run.refresh_from_db()
    return run


def put_on(
    run: ProgrammeRun, company: Company, by: Any, status: str = EnrolmentStatus.ENROLLED
) -> Enrolment:
    return Enrolment.objects.create(
        run=run, company=company, status=status, channel=EnrolmentChannel.CONSULTANT, enrolled_by=by
    )


def user_of(company: Company, organisation: Organisation, username: str) -> User:
    user = create_user(
        username=username, password=PASSWORD, organisation=organisation, role=Role.COMPANY_USER
    )
    CompanyMembership.objects.create(user=user, company=company)
    return user


def completed_mapping(
    company: Company,
    organisation: Organisation,
    consultant: Any,
    *,
    status: str = MappingStatus.COMPLETED,
    held_on: datetime.date = datetime.date(2026, 3, 2),
) -> Mapping:
    return Mapping.objects.create(
        company=company,
        template=MappingTemplate.objects.get(version=1),
        consultant=consultant,
        organisation=organisation,
        held_on=held_on,
        status=status,
        completed_at=timezone.now() if status == MappingStatus.COMPLETED else None,
    )


def scores(kind: str, overall: int, others: int = 3) -> dict[int, int]:
    """A score for every question asked now: `overall` for the overall one."""
    return {q.pk: overall if q.is_overall else others for q in questions_of(kind)}


def answered(
    *,
    company: Company,
    overall: int,
    year: int,
    by: Any,
    run: ProgrammeRun | None = None,
    mapping: Mapping | None = None,
) -> SurveyResponse:
    """An answer stored directly (for the share tests), given in `year`."""
    kind = SurveyKind.RUN if run else SurveyKind.MAPPING
    version = current_version(kind)
    assert version is not None
    return SurveyResponse.objects.create(
        version=version,
        company=company,
        run=run,
        mapping=mapping,
        overall=overall,
        answered_by=by,
        answered_at=timezone.make_aware(datetime.datetime(year, 6, 15, 12, 0)),
    )
