"""Enrolment on a run: by a caseworker, by the firm in the portal, or from the growth plan.

The rules, in order: the run is open and its deadline not passed; the firm is in the
organiser's region; it is not already on the run; the offer's one eligibility check
(`offers.eligibility`) lets it in, or a caseworker records an override with a reason, as
everywhere else. Then it takes a place if one is free (counted as use of the offer), else
joins the waitlist. A cancelled place goes to the first on the waitlist still eligible,
who is told by e-mail. The run's row is locked for every change of its places, so two
firms can never both take the last one and two places freed at once go to two firms.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.growthplans.models import PlanAction
from vaekst.offers.choices import AllowanceUnit
from vaekst.offers.eligibility import Eligibility, check_eligibility
from vaekst.offers.services import grant_override, may_serve, release_place, take_place
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import visible_to
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import Attendance, Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.services.runs import may_manage, organiser_region
from vaekst.register.models import Company, CompanyMembership


def enrolled_count(run: ProgrammeRun) -> int:
    return Enrolment.objects.filter(run=run, status=EnrolmentStatus.ENROLLED).count()


def is_member(user: Any, company: Company) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.COMPANY_USER
        and CompanyMembership.objects.filter(user=user, company=company).exists()
    )


def may_enrol(user: Any, run: ProgrammeRun, company: Company) -> bool:
    """The firm's own user, a caseworker serving the firm, or one who manages the run —
    and only for a run the user may see."""
    if not visible_to(user, ProgrammeRun.objects.filter(pk=run.pk)).exists():
        return False
    return is_member(user, company) or may_serve(user, company) or may_manage(user, run)


def may_cancel(user: Any, enrolment: Enrolment) -> bool:
    return (
        is_member(user, enrolment.company)
        or may_serve(user, enrolment.company)
        or may_manage(user, enrolment.run)
    )


def place_quantity(run: ProgrammeRun, unit: str) -> Decimal:
    """What a place on the run counts as against the offer's allowance: one place, the
    number of sessions, or the sessions' hours (at least one unit)."""
    sessions = list(run.sessions.all())
    if unit == AllowanceUnit.SESSIONS:
        return Decimal(max(len(sessions), 1))
    if unit == AllowanceUnit.HOURS:
        seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in sessions)
        half_hours = round(seconds / 1800)
        return max(Decimal(half_hours) / 2, Decimal(1))
    return Decimal(1)


def _refusal(run: ProgrammeRun, company: Company, day: datetime.date) -> str | None:
    """Why the run cannot take the firm today, before eligibility, or None."""
    if run.status != RunStatus.OPEN:
        return _("Holdet er ikke åbent for tilmelding (%(status)s).") % {
            "status": run.get_status_display()
        }
    if run.deadline_passed(day):
        return _("Tilmeldingsfristen er overskredet.")
    if company.region_id is None or company.region_id != organiser_region(run.organiser):
        return _("Holdet er for virksomheder i arrangørens region.")
    return None


@transaction.atomic
def enrol(
    *,
    actor: Any,
    run: ProgrammeRun,
    company: Company,
    channel: str = EnrolmentChannel.CONSULTANT,
    participant_name: str = "",
    participant_email: str = "",
    plan_action: PlanAction | None = None,
    override_reason: str = "",
    today: datetime.date | None = None,
) -> Enrolment:
    """Put the firm on the run, or on its waitlist when it is full."""
    if not may_enrol(actor, run, company):
        raise PermissionDenied("Not allowed to enrol this company on this run")
    day = today or timezone.localdate()
    run = ProgrammeRun.objects.select_for_update().select_related("programme__offer").get(pk=run.pk)
    refusal = _refusal(run, company, day)
    if refusal:
        raise ValidationError(refusal)
    existing = Enrolment.objects.active().filter(run=run, company=company).first()
    if existing is not None:
        raise ValidationError(_already(existing))
    if plan_action is not None and plan_action.plan.company_id != company.pk:
        raise ValidationError(_("Aktiviteten hører til en anden virksomheds vækstplan."))
    offer = run.programme.offer
    eligibility = check_eligibility(company=company, offer=offer, on=day)
    if not eligibility.allowed:
        eligibility = _override(actor, company, eligibility, override_reason, day)
    full = enrolled_count(run) >= run.capacity
    now = timezone.now()
    enrolment = Enrolment(
        run=run,
        company=company,
        status=EnrolmentStatus.WAITLISTED if full else EnrolmentStatus.ENROLLED,
        channel=channel,
        enrolled_by=actor,
        participant_name=participant_name.strip(),
        participant_email=participant_email.strip(),
        plan_action=plan_action,
        eligibility_reason=eligibility.reason[:500],
        waitlisted_at=now if full else None,
    )
    enrolment.full_clean(exclude=["usage", "cohort", "plan_action"])
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        # Someone enrolled the same firm a moment ago (another caseworker, the firm itself).
        raise ValidationError(_("Virksomheden er allerede tilmeldt holdet.")) from None
    if not full:
        _take(actor, enrolment, eligibility, day)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        company=company,
        changes=diff(
            {},
            {
                "run": str(run.public_id),
                "status": enrolment.status,
                "channel": channel,
                "eligibility": enrolment.eligibility_reason,
            },
        ),
    )
    return enrolment


def _already(existing: Enrolment) -> str:
    if existing.status == EnrolmentStatus.WAITLISTED:
        return _("Virksomheden står allerede på holdets venteliste.")
    return _("Virksomheden er allerede tilmeldt holdet.")


def _override(
    actor: Any, company: Company, refused: Eligibility, reason: str, day: datetime.date
) -> Eligibility:
    """A caseworker's override with a written reason, as for any offer; else the refusal."""
    if not reason.strip() or not (actor.is_caseworker or actor.is_national_admin):
        raise ValidationError(refused.reason)
    grant_override(actor=actor, company=company, offer=refused.offer, reason=reason)
    answer = check_eligibility(company=company, offer=refused.offer, on=day)
    if not answer.allowed:
        raise ValidationError(answer.reason)
    return answer


def _take(actor: Any, enrolment: Enrolment, eligibility: Eligibility, day: datetime.date) -> None:
    run = enrolment.run
    usage = take_place(
        actor=actor,
        company=enrolment.company,
        offer=run.programme.offer,
        quantity=place_quantity(run, eligibility.unit),
        used_on=day,
        note=_("Plads på holdet %(run)s") % {"run": run.title},
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(usage=usage)
    enrolment.usage = usage


@transaction.atomic
def cancel_enrolment(
    *, actor: Any, enrolment: Enrolment, reason: str = "", today: datetime.date | None = None
) -> Enrolment:
    """Take the firm off the run (or its waitlist). A freed place goes to the waitlist."""
    if not may_cancel(actor, enrolment):
        raise PermissionDenied("Not allowed to cancel this enrolment")
    run = ProgrammeRun.objects.select_for_update().get(pk=enrolment.run_id)
    enrolment = Enrolment.objects.select_related("usage__offer", "company").get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise ValidationError(_("Tilmeldingen er allerede afmeldt."))
    if run.status in (RunStatus.FINISHED, RunStatus.CANCELLED):
        raise ValidationError(_("Holdet er afsluttet; tilmeldingen kan ikke ændres."))
    was_enrolled = enrolment.status == EnrolmentStatus.ENROLLED
    _cancel(actor, enrolment, reason.strip()[:300])
    if was_enrolled:
        promote_waitlist(actor=actor, run=run, today=today)
    return enrolment


def _cancel(actor: Any, enrolment: Enrolment, reason: str) -> None:
    before = enrolment.status
    usage = enrolment.usage
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.cancelled_by = actor if getattr(actor, "pk", None) else None
    enrolment.cancel_reason = reason
    enrolment.usage = None
    enrolment.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "usage"]
    )
    if usage is not None:
        release_place(actor=actor, usage=usage)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        company=enrolment.company,
        changes={"status": [before, enrolment.status], "reason": [None, reason or None]},
    )


def promote_waitlist(
    *, actor: Any, run: ProgrammeRun, today: datetime.date | None = None
) -> list[Enrolment]:
    """Fill the run's free places from its waitlist, first come first served. A waiting
    firm no longer eligible (closed, allowance used elsewhere) is taken off the list with
    the reason. Each firm promoted is told by e-mail. The caller holds the run's lock."""
    if run.status != RunStatus.OPEN:
        return []
    day = today or timezone.localdate()
    free = run.capacity - enrolled_count(run)
    promoted: list[Enrolment] = []
    waiting = Enrolment.objects.waitlisted().filter(run=run).select_related("company")
    for enrolment in waiting.iterator():
        if free <= 0:
            break
        eligibility = check_eligibility(company=enrolment.company, offer=run.offer, on=day)
        if not eligibility.allowed:
            _cancel(
                actor,
                enrolment,
                _("Ikke længere berettiget: %(reason)s") % {"reason": eligibility.reason},
            )
            continue
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.promoted_at = timezone.now()
        enrolment.save(update_fields=["status", "promoted_at"])
        _take(actor, enrolment, eligibility, day)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=enrolment,
            company=enrolment.company,
            changes={"status": [EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED]},
        )
        _tell_promoted(enrolment, run)
        promoted.append(enrolment)
        free -= 1
    return promoted


def recipients(enrolment: Enrolment) -> list[str]:
    """Who hears about the firm's place: the participant named, else the firm's users."""
    if enrolment.participant_email:
        return [enrolment.participant_email]
    emails = CompanyMembership.objects.filter(
        company_id=enrolment.company_id, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def _tell_promoted(enrolment: Enrolment, run: ProgrammeRun) -> None:
    to = recipients(enrolment)
    if not to:
        return
    first = run.sessions.order_by("starts_at").first()
    subject = _("Du har fået plads på %(run)s") % {"run": run.title}
    message = _(
        "Der er blevet en plads ledig, og %(company)s har fået den.\n\n"
        "Hold: %(run)s\nFørste mødegang: %(first)s\n\n"
        "Kan I alligevel ikke deltage, så afmeld i portalen, så pladsen går videre.\n"
    ) % {
        "company": enrolment.company.name,
        "run": run.title,
        "first": timezone.localtime(first.starts_at).strftime("%d-%m-%Y %H:%M") if first else "-",
    }
    # Sent only if the promotion commits; a rolled-back promotion tells nobody.
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=to,
        )
    )


@transaction.atomic
def record_attendance(
    *, actor: Any, session: RunSession, present: dict[int, bool]
) -> list[Attendance]:
    """Register who took part in a session: {enrolment id: present}. Only firms enrolled
    on the session's run; a second registration replaces the first."""
    run = session.run
    if not may_manage(actor, run):
        raise PermissionDenied("Not allowed to register attendance on this run")
    enrolled = set(
        Enrolment.objects.filter(
            run=run, status=EnrolmentStatus.ENROLLED, pk__in=list(present)
        ).values_list("pk", flat=True)
    )
    strangers = set(present) - enrolled
    if strangers:
        raise ValidationError(_("Fremmøde kan kun registreres for tilmeldte virksomheder."))
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    changed: list[Attendance] = []
    for enrolment_id, here in present.items():
        attendance = existing.get(enrolment_id)
        if attendance is None:
            attendance = Attendance(session=session, enrolment_id=enrolment_id, present=here)
        elif attendance.present == here:
            continue
        attendance.present = here
        attendance.recorded_by = actor
        attendance.save()
        changed.append(attendance)
    if changed:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=run,
            changes={
                "attendance": [
                    None,
                    {
                        "session": str(session.public_id),
                        "present": sum(1 for a in changed if a.present),
                        "absent": sum(1 for a in changed if not a.present),
                    },
                ]
            },
        )
    return changed


def attended_sessions(enrolment: Enrolment) -> int:
    return Attendance.objects.filter(enrolment=enrolment, present=True).count()


def used_quantity(run: ProgrammeRun) -> Decimal:
    """Everything the run's places count for against the offer (for the run's page)."""
    total = Enrolment.objects.filter(run=run, usage__isnull=False).aggregate(
        total=Sum("usage__quantity")
    )["total"]
    return total or Decimal(0)


@transaction.atomic
def cancel_run(*, actor: Any, run: ProgrammeRun, reason: str = "") -> ProgrammeRun:
    """Cancel the run: every firm on it or its waitlist is taken off (its place no longer
    counts against the offer) with the reason, and the run is marked cancelled."""
    from vaekst.programmes.services.runs import update_run

    if not may_manage(actor, run):
        raise PermissionDenied("Not allowed to manage this run")
    run = ProgrammeRun.objects.select_for_update().get(pk=run.pk)
    if run.status in (RunStatus.FINISHED, RunStatus.CANCELLED):
        raise ValidationError(_("Holdet er afsluttet; det kan ikke aflyses."))
    why = reason.strip()[:300] or _("Holdet er aflyst.")
    active = (
        Enrolment.objects.active()
        .filter(run=run)
        .select_related("usage__offer", "company")
        .order_by("status", "id")
    )
    # Waiting firms first, so that no place freed below goes to one of them.
    for enrolment in sorted(active, key=lambda e: e.status != EnrolmentStatus.WAITLISTED):
        _cancel(actor, enrolment, why)
    return update_run(actor=actor, run=run, status=RunStatus.CANCELLED)
