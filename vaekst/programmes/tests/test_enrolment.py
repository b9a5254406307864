"""Enrolment on a run: capacity, waitlist and promotion, double enrolment, the deadline,
the one eligibility check with overrides, cancellation and attendance; who may do each."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.offers.models import EligibilityOverride, OfferUsage
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import Attendance, Enrolment
from vaekst.programmes.services.enrolment import (
    cancel_enrolment,
    enrol,
    record_attendance,
)
from vaekst.programmes.services.runs import update_run
from vaekst.programmes.tests.conftest import Training, firm
from vaekst.register.models import CompanyMembership

pytestmark = pytest.mark.django_db


def fill(training: Training, personas: Personas, count: int) -> list[Enrolment]:
    return [
        enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in range(count)
    ]


def test_firm_enrols_itself_in_portal_and_takes_a_place_counted_against_its_allowance(
    personas: Personas, training: Training
) -> None:
    # when
    enrolment = enrol(
        actor=personas.a.company_user,
        run=training.run,
        company=personas.a.company,
        channel=EnrolmentChannel.PORTAL,
    )
    # then
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.usage is not None
    assert enrolment.usage.quantity == Decimal(1)
    assert enrolment.usage.offer == training.programme.offer
    assert AuditEntry.objects.filter(object_id=str(enrolment.public_id)).count() == 1


def test_a_full_run_puts_the_next_firm_on_the_waitlist_in_order(
    personas: Personas, training: Training
) -> None:
    fill(training, personas, 3)
    # when
    first = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    second = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    # then
    assert (first.status, second.status) == (EnrolmentStatus.WAITLISTED,) * 2
    assert first.usage is None
    assert Enrolment.objects.filter(run=training.run).enrolled().count() == 3
    assert list(Enrolment.objects.filter(run=training.run).waitlisted()) == [first, second]


def test_a_cancelled_place_goes_to_the_first_on_the_waitlist_who_is_mailed(
    personas: Personas, training: Training, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    places = fill(training, personas, 3)
    waiting = enrol(
        actor=personas.a.consultant,
        run=training.run,
        company=firm(),
        participant_email="ceo@deltager.dk",
    )
    later = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    # when
    with django_capture_on_commit_callbacks(execute=True):
        cancel_enrolment(actor=personas.a.consultant, enrolment=places[1], reason="Syg")
    # then
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED
    assert waiting.promoted_at is not None
    assert waiting.usage is not None
    assert later.status == EnrolmentStatus.WAITLISTED
    assert Enrolment.objects.filter(run=training.run).enrolled().count() == 3
    assert places[1].usage_id is not None
    assert not OfferUsage.objects.filter(pk=places[1].usage_id).exists()
    assert [m.to for m in mail.outbox] == [["ceo@deltager.dk"]]
    assert training.run.title in mail.outbox[0].subject


def test_promotion_mails_the_firms_users_when_no_participant_is_named(
    personas: Personas, training: Training, django_capture_on_commit_callbacks: Any
) -> None:
    places = fill(training, personas, 3)
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    personas.a.company_user.email = "ejer@firma-a.dk"
    personas.a.company_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_enrolment(actor=personas.a.consultant, enrolment=places[0])
    assert [m.to for m in mail.outbox] == [["ejer@firma-a.dk"]]


def test_two_places_freed_at_once_go_to_the_first_two_waiting(
    personas: Personas, training: Training
) -> None:
    places = fill(training, personas, 3)
    waiting = [enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in "abc"]
    # when
    cancel_enrolment(actor=personas.a.consultant, enrolment=places[0])
    cancel_enrolment(actor=personas.a.consultant, enrolment=places[2])
    # then
    for enrolment in waiting:
        enrolment.refresh_from_db()
    assert [e.status for e in waiting] == [
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITLISTED,
    ]


def test_raising_the_capacity_promotes_from_the_waitlist(
    personas: Personas, training: Training
) -> None:
    fill(training, personas, 3)
    waiting = [enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in "ab"]
    update_run(actor=personas.a.consultant, run=training.run, capacity=5)
    assert Enrolment.objects.filter(run=training.run).enrolled().count() == 5
    assert all(Enrolment.objects.get(pk=e.pk).status == EnrolmentStatus.ENROLLED for e in waiting)


def test_capacity_cannot_fall_below_the_firms_enrolled(
    personas: Personas, training: Training
) -> None:
    fill(training, personas, 3)
    with pytest.raises(ValidationError, match="3 tilmeldte"):
        update_run(actor=personas.a.consultant, run=training.run, capacity=2)
    training.run.refresh_from_db()
    assert training.run.capacity == 3


def test_a_waiting_firm_no_longer_eligible_is_passed_over_with_the_reason(
    personas: Personas, training: Training
) -> None:
    places = fill(training, personas, 3)
    closed = firm()
    gone = enrol(actor=personas.a.consultant, run=training.run, company=closed)
    next_in_line = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    closed.closed_on = datetime.date(2020, 1, 1)
    closed.save()
    cancel_enrolment(actor=personas.a.consultant, enrolment=places[0])
    gone.refresh_from_db()
    next_in_line.refresh_from_db()
    assert gone.status == EnrolmentStatus.CANCELLED
    assert "ophørt" in gone.cancel_reason
    assert next_in_line.status == EnrolmentStatus.ENROLLED


def test_a_firm_cannot_be_enrolled_twice_on_one_run(personas: Personas, training: Training) -> None:
    enrol(actor=personas.a.company_user, run=training.run, company=personas.a.company)
    with pytest.raises(ValidationError, match="allerede tilmeldt"):
        enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    assert Enrolment.objects.filter(run=training.run).count() == 1


def test_a_waiting_firm_cannot_enrol_again_but_a_cancelled_one_can(
    personas: Personas, training: Training
) -> None:
    fill(training, personas, 3)
    waiting = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    with pytest.raises(ValidationError, match="venteliste"):
        enrol(actor=personas.a.company_user, run=training.run, company=personas.a.company)
    cancel_enrolment(actor=personas.a.company_user, enrolment=waiting)
    again = enrol(actor=personas.a.company_user, run=training.run, company=personas.a.company)
    assert again.status == EnrolmentStatus.WAITLISTED
    assert Enrolment.objects.filter(run=training.run, company=personas.a.company).count() == 2


def test_the_deadline_closes_enrolment(personas: Personas, training: Training) -> None:
    deadline = training.run.enrolment_deadline
    assert deadline is not None
    enrol(actor=personas.a.consultant, run=training.run, company=firm(), today=deadline)
    with pytest.raises(ValidationError, match="fristen"):
        enrol(
            actor=personas.a.consultant,
            run=training.run,
            company=personas.a.company,
            today=deadline + datetime.timedelta(days=1),
        )
    assert not Enrolment.objects.filter(company=personas.a.company).exists()


@pytest.mark.parametrize("status", [RunStatus.PLANNED, RunStatus.CLOSED, RunStatus.CANCELLED])
def test_only_an_open_run_takes_enrolments(
    personas: Personas, training: Training, status: str
) -> None:
    training.run.status = status
    training.run.save()
    with pytest.raises(ValidationError, match="ikke åbent"):
        enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    assert not Enrolment.objects.exists()


def test_the_level_decides_through_the_one_eligibility_check(
    personas: Personas, training: Training
) -> None:
    base = firm(level="base")
    unplaced = firm(level=None)
    with pytest.raises(ValidationError, match="niveau giver ikke adgang"):
        enrol(actor=personas.a.consultant, run=training.run, company=base)
    with pytest.raises(ValidationError, match="endnu ikke placeret"):
        enrol(actor=personas.a.consultant, run=training.run, company=unplaced)
    assert not Enrolment.objects.exists()


def test_a_caseworker_may_override_with_a_reason_but_a_firm_may_not(
    personas: Personas, training: Training
) -> None:
    base = firm(level="base")
    member = CompanyMembership.objects.get(user=personas.a.company_user)
    member.company = base
    member.save()
    with pytest.raises(ValidationError, match="niveau giver ikke adgang"):
        enrol(
            actor=personas.a.company_user,
            run=training.run,
            company=base,
            override_reason="Vil gerne",
        )
    enrolment = enrol(
        actor=personas.a.consultant,
        run=training.run,
        company=base,
        override_reason="Skjult potentiale: ny ordre fra Tyskland",
    )
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.eligibility_reason.startswith("Undtagelse: Skjult potentiale")
    override = EligibilityOverride.objects.get(company=base)
    assert override.offer == training.programme.offer


def test_an_allowance_of_one_place_is_used_by_one_run(
    personas: Personas, training: Training
) -> None:
    from vaekst.programmes.tests.conftest import make_run

    other = make_run(training.programme, personas.a.house, personas.a.consultant)
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    with pytest.raises(ValidationError, match="brugt hele sin tildeling"):
        enrol(actor=personas.a.consultant, run=other, company=personas.a.company)


def test_a_firm_of_another_region_cannot_join_the_run(
    personas: Personas, training: Training
) -> None:
    outside = firm(municipality_code=751)
    with pytest.raises(ValidationError, match="arrangørens region"):
        enrol(actor=personas.a.manager, run=training.run, company=outside)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    "who",
    ["b.consultant", "b.municipal_consultant", "b.company_user", "partner_advisor"],
)
def test_others_cannot_enrol_firm_a(personas: Personas, training: Training, who: str) -> None:
    side, _, role = who.partition(".")
    actor = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    with pytest.raises(PermissionDenied):
        enrol(actor=actor, run=training.run, company=personas.a.company)
    assert not Enrolment.objects.exists()
    assert not AuditEntry.objects.exists()


def test_another_firms_user_cannot_cancel_and_nothing_changes(
    personas: Personas, training: Training
) -> None:
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    for actor in (personas.b.company_user, personas.b.consultant):
        with pytest.raises(PermissionDenied):
            cancel_enrolment(actor=actor, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.usage is not None


def test_cancelling_twice_is_refused(personas: Personas, training: Training) -> None:
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    cancel_enrolment(actor=personas.a.company_user, enrolment=enrolment)
    with pytest.raises(ValidationError, match="allerede afmeldt"):
        cancel_enrolment(actor=personas.a.company_user, enrolment=enrolment)


def test_attendance_is_registered_per_session_for_enrolled_firms_only(
    personas: Personas, training: Training
) -> None:
    here, away = fill(training, personas, 2)
    waiting_run_firm = firm()
    session = training.run.sessions.first()
    assert session is not None
    record_attendance(
        actor=personas.a.consultant, session=session, present={here.pk: True, away.pk: False}
    )
    assert dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "present")
    ) == {here.pk: True, away.pk: False}
    # a second registration replaces the first
    record_attendance(actor=personas.a.consultant, session=session, present={away.pk: True})
    assert Attendance.objects.get(session=session, enrolment=away).present is True
    stranger = enrol(actor=personas.a.consultant, run=training.run, company=waiting_run_firm)
    cancel_enrolment(actor=personas.a.consultant, enrolment=stranger)
    with pytest.raises(ValidationError, match="tilmeldte"):
        record_attendance(actor=personas.a.consultant, session=session, present={stranger.pk: True})


def test_another_houses_consultant_cannot_register_attendance(
    personas: Personas, training: Training
) -> None:
    (enrolment,) = fill(training, personas, 1)
    session = training.run.sessions.first()
    assert session is not None
    with pytest.raises(PermissionDenied):
        record_attendance(
            actor=personas.b.consultant, session=session, present={enrolment.pk: True}
        )
    assert not Attendance.objects.exists()


def test_a_facilitator_from_a_partner_may_register_attendance(
    personas: Personas, training: Training
) -> None:
    (enrolment,) = fill(training, personas, 1)
    training.run.facilitators.add(personas.partner_advisor)
    session = training.run.sessions.first()
    assert session is not None
    record_attendance(actor=personas.partner_advisor, session=session, present={enrolment.pk: True})
    assert Attendance.objects.get().present is True
