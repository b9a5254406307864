"""Programmes (a catalogue offer's format and content) and their local runs and sessions.

Who: whoever edits the offer sets up its programme (a house manager their house's offers,
the national administrator the national templates). A growth house's staff or a municipal
consultant organise runs for their own organisation, of a national programme or one of
their region's house's. A run is managed (edited, its sessions, attendance and cohorts) by
its organiser's staff, its facilitators and the national administrator.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.offers.choices import OfferKind
from vaekst.offers.models import Offer
from vaekst.offers.services import can_edit_offer
from vaekst.organisations.choices import CASEWORKER_ROLES, OrganisationKind, Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import visible_to
from vaekst.programmes.choices import ProgrammeFormat, RunStatus
from vaekst.programmes.models import Programme, ProgrammeRun, RunSession
from vaekst.programmes.scoping import managed_runs

PROGRAMME_KINDS = (OfferKind.COLLECTIVE_PROGRAMME, OfferKind.COFINANCED_PROGRAMME)
RUN_FIELDS = (
    "title",
    "description",
    "capacity",
    "enrolment_deadline",
    "status",
    "cohort_min",
    "cohort_max",
    "cohort_by",
)
SESSION_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "capacity")


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _active(user: Any) -> bool:
    organisation = getattr(user, "organisation", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organisation is not None
        and organisation.is_active
    )


# -- programmes -------------------------------------------------------------------------


@transaction.atomic
def set_up_programme(
    *,
    actor: Any,
    offer: Offer,
    format: str,
    content: str = "",
    content_en: str = "",
    target_industries: Iterable[str] = (),
    default_capacity: int = 20,
) -> Programme:
    """Make a collective offer a programme, or change its programme details."""
    if not can_edit_offer(actor, offer):
        raise PermissionDenied("Not allowed to edit this offer")
    if offer.kind not in PROGRAMME_KINDS:
        raise ValidationError(_("Kun kollektive forløb og programmer kan have hold."))
    if format not in ProgrammeFormat.values:
        raise ValidationError(_("Ukendt form."))
    industries = sorted({code.strip() for code in target_industries if code.strip()})
    if any(not code.isdigit() or len(code) > 6 for code in industries):
        raise ValidationError(_("En branche angives med sin branchekode (op til seks cifre)."))
    programme = Programme.objects.filter(offer=offer).first()
    before = _programme_values(programme) if programme else {}
    programme = programme or Programme(offer=offer)
    programme.format = format
    programme.content = content
    programme.content_en = content_en
    programme.target_industries = industries
    programme.default_capacity = default_capacity
    programme.full_clean()
    programme.save()
    record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=offer,
        changes=diff(before, _programme_values(programme)),
    )
    return programme


def _programme_values(programme: Programme) -> dict[str, Any]:
    return {
        "format": programme.format,
        "content": programme.content,
        "content_en": programme.content_en,
        "target_industries": list(programme.target_industries),
        "default_capacity": programme.default_capacity,
    }


# -- runs ------------------------------------------------------------------------------


def organiser_for(user: Any) -> Organisation | None:
    """The organisation whose runs `user` may create: their own house or municipality."""
    if not _active(user) or user.role not in CASEWORKER_ROLES:
        return None
    organisation: Organisation = user.organisation
    if organisation.kind in (OrganisationKind.GROWTH_HOUSE, OrganisationKind.MUNICIPALITY):
        return organisation
    return None


def organiser_region(organisation: Organisation) -> int | None:
    if organisation.region_id is not None:
        return organisation.region_id
    municipality = organisation.municipality
    return municipality.region_id if municipality is not None else None


def may_run(user: Any, programme: Programme) -> bool:
    """May `user` organise a run of `programme`: a published national programme, or one of
    their own region's house."""
    organiser = organiser_for(user)
    if organiser is None:
        return False
    offer = programme.offer
    if not offer.is_published:
        return False
    return offer.is_core or offer.owner.region_id == organiser_region(organiser)


def may_manage(user: Any, run: ProgrammeRun) -> bool:
    q = managed_runs(user)
    return q is not None and ProgrammeRun.objects.filter(q, pk=run.pk).exists()


def _require_manager(user: Any, run: ProgrammeRun) -> None:
    if not may_manage(user, run):
        raise PermissionDenied("Not allowed to manage this run")


def _check_facilitators(facilitators: list[Any], organiser: Organisation) -> None:
    for person in facilitators:
        if not person.is_active or person.role not in (
            Role.GROWTH_CONSULTANT,
            Role.HOUSE_MANAGER,
            Role.MUNICIPAL_CONSULTANT,
            Role.PARTNER_ADVISOR,
        ):
            raise ValidationError(
                _("%(person)s kan ikke være facilitator: kun konsulenter og partnerrådgivere.")
                % {"person": person}
            )


@transaction.atomic
def create_run(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    capacity: int | None = None,
    enrolment_deadline: datetime.date | None = None,
    description: str = "",
    status: str = RunStatus.PLANNED,
    facilitators: Iterable[Any] = (),
    cohort_min: int = 12,
    cohort_max: int = 20,
    cohort_by: str = "",
) -> ProgrammeRun:
    """Organise a run of `programme` for the actor's own house or municipality."""
    organiser = organiser_for(actor)
    if organiser is None or not visible_to(actor, Programme.objects.filter(pk=programme.pk)):
        raise PermissionDenied("Not allowed to organise runs")
    if not may_run(actor, programme):
        raise ValidationError(
            _("Programmet er ikke offentliggjort, eller det hører til et andet erhvervshus.")
        )
    people = list(facilitators)
    _check_facilitators(people, organiser)
    run = ProgrammeRun(
        programme=programme,
        organiser=organiser,
        title=title.strip(),
        description=description,
        capacity=capacity or programme.default_capacity,
        enrolment_deadline=enrolment_deadline,
        status=status,
        cohort_min=cohort_min,
        cohort_max=cohort_max,
        cohort_by=cohort_by,
        created_by=actor,
    )
    _clean_run(run)
    run.save()
    run.facilitators.set(people)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes=diff({}, {**_run_values(run), "programme": str(programme.offer.public_id)}),
    )
    return run


def _clean_run(run: ProgrammeRun) -> None:
    if not run.title:
        raise ValidationError(_("Giv holdet et navn."))
    if run.cohort_min > run.cohort_max:
        raise ValidationError(_("Den mindste gruppe kan ikke være større end den største."))
    if run.cohort_by not in ("", "industry"):
        raise ValidationError(_("Grupper kan kun holdes inden for en branche."))
    run.full_clean()


def _run_values(run: ProgrammeRun) -> dict[str, Any]:
    values = {field: _json(getattr(run, field)) for field in RUN_FIELDS}
    values["facilitators"] = sorted(str(p.public_id) for p in run.facilitators.all())
    return values


@transaction.atomic
def update_run(
    *, actor: Any, run: ProgrammeRun, facilitators: Iterable[Any] | None = None, **fields: Any
) -> ProgrammeRun:
    """Change a run's details or status. Raising the capacity promotes from the waitlist;
    lowering it below the firms already enrolled is refused."""
    from vaekst.programmes.services.enrolment import enrolled_count, promote_waitlist

    _require_manager(actor, run)
    run = ProgrammeRun.objects.select_for_update().get(pk=run.pk)
    unknown = set(fields) - set(RUN_FIELDS)
    if unknown:
        raise ValueError(f"Unknown run fields: {sorted(unknown)}")
    before = _run_values(run)
    for field, value in fields.items():
        setattr(run, field, value.strip() if isinstance(value, str) else value)
    if run.capacity is not None and run.capacity < enrolled_count(run):
        raise ValidationError(
            _("Der er allerede %(count)s tilmeldte; pladserne kan ikke være færre.")
            % {"count": enrolled_count(run)}
        )
    _clean_run(run)
    run.save()
    if facilitators is not None:
        people = list(facilitators)
        _check_facilitators(people, run.organiser)
        run.facilitators.set(people)
    changes = diff(before, _run_values(run))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, obj=run, changes=changes)
    if run.status == RunStatus.OPEN:
        promote_waitlist(actor=actor, run=run)
    return run


# -- sessions --------------------------------------------------------------------------


def _require_changeable(run: ProgrammeRun) -> None:
    """A finished or cancelled run's sessions are history (attendance may still be put
    right, by `record_attendance`)."""
    if run.is_over:
        raise ValidationError(
            _("Holdet er %(status)s; dets mødegange kan ikke ændres.")
            % {"status": run.get_status_display().lower()}
        )


def _clean_session(session: RunSession) -> None:
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError(_("En mødegang skal slutte efter den starter."))
    if session.capacity is not None and session.capacity > session.run.capacity:
        raise ValidationError(_("Lokalet kan ikke have flere pladser end holdet."))
    session.full_clean()


@transaction.atomic
def add_session(*, actor: Any, run: ProgrammeRun, **fields: Any) -> RunSession:
    _require_manager(actor, run)
    _require_changeable(run)
    session = RunSession(run=run, **fields)
    _clean_session(session)
    session.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes=diff({}, {f"session.{k}": _json(getattr(session, k)) for k in SESSION_FIELDS}),
    )
    return session


@transaction.atomic
def update_session(*, actor: Any, session: RunSession, **fields: Any) -> RunSession:
    _require_manager(actor, session.run)
    _require_changeable(session.run)
    before = {f"session.{k}": _json(getattr(session, k)) for k in SESSION_FIELDS}
    for field, value in fields.items():
        if field not in SESSION_FIELDS:
            raise ValueError(f"Unknown session field: {field}")
        setattr(session, field, value)
    _clean_session(session)
    session.save()
    after = {f"session.{k}": _json(getattr(session, k)) for k in SESSION_FIELDS}
    record(actor=actor, action=AuditAction.UPDATE, obj=session.run, changes=diff(before, after))
    return session


@transaction.atomic
def remove_session(*, actor: Any, session: RunSession) -> None:
    """Take a session off the run; refused once attendance has been registered for it."""
    _require_manager(actor, session.run)
    _require_changeable(session.run)
    if session.attendance.exists():
        raise ValidationError(_("Der er registreret fremmøde til mødegangen."))
    record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=session.run,
        changes={"session.starts_at": [_json(session.starts_at), None]},
    )
    session.delete()
