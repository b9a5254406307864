"""Networks: made from a finished run's cohort or blank, members and meetings, the contact
list with the firm's consent (withdrawn contacts disappear), and who is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.interactions.models import Person
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import (
    Cohort,
    Enrolment,
    Network,
    NetworkContact,
    NetworkMeeting,
    NetworkMember,
    ProgrammeRun,
)
from vaekst.programmes.services.cohorts import build_run_cohorts
from vaekst.programmes.services.networks import (
    add_meeting,
    add_member,
    consent_contact,
    create_network,
    create_network_from_cohort,
    listed_contacts,
    remove_member,
    withdraw_contact,
)
from vaekst.programmes.tests.conftest import Training, firm
from vaekst.programmes.tests.test_cohort_services import enrol_firms

pytestmark = pytest.mark.django_db


def finished_run(training: Training, personas: Personas) -> ProgrammeRun:
    """A finished run of house A: firm A and three more firms in one cohort of 4."""
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity = 2, 4, 40
    run.save()
    Enrolment.objects.create(
        run=run,
        company=personas.a.company,
        status=EnrolmentStatus.ENROLLED,
        channel=EnrolmentChannel.PORTAL,
        enrolled_by=personas.a.company_user,
    )
    enrol_firms(run, personas.a.consultant, 3)
    build_run_cohorts(actor=personas.a.consultant, run=run)
    ProgrammeRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED)
    run.refresh_from_db()
    return run


def scaling_network(run: ProgrammeRun, personas: Personas) -> Network:
    """The run's cohort made a network by house A's consultant."""
    return create_network_from_cohort(
        actor=personas.a.consultant,
        cohort=Cohort.objects.get(run=run),
        name="Skaleringsnetværket",
    )


@pytest.fixture
def run(training: Training, personas: Personas) -> ProgrammeRun:
    return finished_run(training, personas)


@pytest.fixture
def network(run: ProgrammeRun, personas: Personas) -> Network:
    return scaling_network(run, personas)


def test_a_finished_cohort_becomes_a_network_of_its_firms(
    run: ProgrammeRun, personas: Personas, network: Network
) -> None:
    # then
    assert network.organisation == personas.a.house
    members = set(network.members.values_list("company_id", flat=True))
    assert members == set(run.enrolments.values_list("company_id", flat=True))
    assert len(members) == 4
    assert Cohort.objects.get(run=run).is_locked
    assert AuditEntry.objects.filter(object_id=str(network.public_id), action="create").count() == 1


def test_a_cohort_of_an_unfinished_run_does_not_become_a_network(
    run: ProgrammeRun, personas: Personas
) -> None:
    ProgrammeRun.objects.filter(pk=run.pk).update(status=RunStatus.CLOSED)
    run.refresh_from_db()
    # when
    with pytest.raises(ValidationError) as refusal:
        create_network_from_cohort(
            actor=personas.a.consultant, cohort=Cohort.objects.get(run=run), name="N"
        )
    # then
    assert refusal.value.messages == ["Et netværk kan først dannes, når forløbet er afsluttet."]
    assert not Network.objects.exists()


def test_blank_network_members_and_meetings(personas: Personas) -> None:
    # given
    network = create_network(actor=personas.a.consultant, name="Eksportnetværk")
    other = firm()
    # when
    add_member(actor=personas.a.consultant, network=network, company=other)
    add_meeting(
        actor=personas.a.consultant,
        network=network,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Erhvervshuset",
        topic="Eksport til Tyskland",
    )
    # then
    assert network.organisation == personas.a.house
    assert list(network.members.values_list("company", flat=True)) == [other.pk]
    assert list(network.meetings.values_list("topic", flat=True)) == ["Eksport til Tyskland"]


def test_a_firm_of_another_region_is_not_added(personas: Personas) -> None:
    network = create_network(actor=personas.a.consultant, name="Eksportnetværk")
    # when
    with pytest.raises(ValidationError) as refusal:
        add_member(actor=personas.a.consultant, network=network, company=personas.b.company)
    # then
    assert refusal.value.messages == ["Virksomheden findes ikke i netværkets region."]
    assert not network.members.exists()


def test_firm_user_consents_and_withdraws_and_the_contact_disappears(
    personas: Personas, network: Network
) -> None:
    # given
    person = Person.objects.create(company=personas.a.company, name="Lise Holm", email="l@a.dk")
    # when
    contact = consent_contact(actor=personas.a.company_user, network=network, person=person)
    # then
    assert list(listed_contacts(network)) == [contact]
    assert contact.consented_by == personas.a.company_user
    # when
    withdraw_contact(actor=personas.a.company_user, contact=contact)
    # then
    assert list(listed_contacts(network)) == []
    assert NetworkContact.objects.get().withdrawn_at is not None


def test_firm_user_puts_themselves_on_the_list(personas: Personas, network: Network) -> None:
    user = personas.a.company_user
    user.first_name, user.last_name, user.email = "Anne", "Berg", "anne@firma-a.dk"
    user.save()
    # when
    contact = consent_contact(actor=user, network=network)
    # then
    assert (contact.person.name, contact.person.email, contact.person.company) == (
        "Anne Berg",
        "anne@firma-a.dk",
        personas.a.company,
    )


def test_contacts_of_a_firm_that_left_leave_the_list(personas: Personas, network: Network) -> None:
    person = Person.objects.create(company=personas.a.company, name="Lise Holm")
    consent_contact(actor=personas.a.company_user, network=network, person=person)
    member = network.members.get(company=personas.a.company)
    # when
    remove_member(actor=personas.a.consultant, member=member)
    # then
    assert list(listed_contacts(network)) == []


def test_another_firms_person_or_a_non_member_cannot_be_put_on_the_list(
    personas: Personas, network: Network
) -> None:
    stranger = Person.objects.create(company=personas.b.company, name="Bo Berg")
    # when / then
    with pytest.raises(PermissionDenied):
        consent_contact(actor=personas.a.company_user, network=network, person=stranger)
    with pytest.raises(PermissionDenied):
        consent_contact(actor=personas.b.company_user, network=network, person=stranger)
    assert not NetworkContact.objects.exists()


def test_other_house_cannot_change_the_network(personas: Personas, network: Network) -> None:
    before = (NetworkMember.objects.count(), NetworkMeeting.objects.count())
    with pytest.raises(PermissionDenied):
        add_member(actor=personas.b.consultant, network=network, company=firm())
    with pytest.raises(PermissionDenied):
        add_meeting(
            actor=personas.b.consultant, network=network, starts_at=timezone.now(), topic="X"
        )
    assert (NetworkMember.objects.count(), NetworkMeeting.objects.count()) == before
