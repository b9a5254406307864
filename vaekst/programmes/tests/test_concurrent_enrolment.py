"""Places taken and freed at the same moment (PostgreSQL, real connections in threads;
SQLite serialises writers anyway): the run's lock decides, and nobody gets two places or
none."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import Personas
from vaekst.programmes.choices import EnrolmentStatus
from vaekst.programmes.models import Enrolment
from vaekst.programmes.services.enrolment import cancel_enrolment, enrol
from vaekst.programmes.tests.conftest import Training, firm

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections"
)


def at_once(*calls: Callable[[], Any]) -> list[str]:
    """Run the calls in threads released together; what each ended in."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = call()
            outcomes.append(getattr(result, "status", "done"))
        except ValidationError as error:
            outcomes.append(f"refused: {error.messages[0]}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_firms_enrolling_for_the_last_place_at_once_get_one_place_and_one_wait(
    transactional_db: None, personas: Personas, training: Training
) -> None:
    for _ in range(training.run.capacity - 1):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    first, second = firm(), firm()
    # when
    outcomes = at_once(
        lambda: enrol(actor=personas.a.consultant, run=training.run, company=first),
        lambda: enrol(actor=personas.a.manager, run=training.run, company=second),
    )
    # then
    assert outcomes == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
    assert Enrolment.objects.filter(run=training.run).enrolled().count() == training.run.capacity


def test_the_same_firm_enrolled_twice_at_once_is_enrolled_once(
    transactional_db: None, personas: Personas, training: Training
) -> None:
    outcomes = at_once(
        lambda: enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company),
        lambda: enrol(actor=personas.a.company_user, run=training.run, company=personas.a.company),
    )
    assert outcomes == [
        EnrolmentStatus.ENROLLED,
        "refused: Virksomheden er allerede tilmeldt holdet.",
    ]
    assert Enrolment.objects.filter(company=personas.a.company).count() == 1


def test_two_places_freed_at_once_go_to_two_different_waiting_firms(
    transactional_db: None, personas: Personas, training: Training
) -> None:
    places = [
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
        for _ in range(training.run.capacity)
    ]
    waiting = [
        enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in range(3)
    ]
    # when
    outcomes = at_once(
        lambda: cancel_enrolment(actor=personas.a.consultant, enrolment=places[0]),
        lambda: cancel_enrolment(actor=personas.a.manager, enrolment=places[1]),
    )
    # then
    assert outcomes == [EnrolmentStatus.CANCELLED] * 2
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITLISTED,
    ]
    assert Enrolment.objects.filter(run=training.run).enrolled().count() == training.run.capacity
