"""The network pages and the portal's networks page: members, meetings, the consented
contact list, making a network from a cohort, the company page's section, and who is
refused (404 for lookups, 403 for changes they may see but not make; nothing changes)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.interactions.models import Person
from vaekst.programmes.models import (
    Cohort,
    Network,
    NetworkContact,
    NetworkMeeting,
    NetworkMember,
    ProgrammeRun,
)
from vaekst.programmes.services.networks import (
    add_meeting,
    add_member,
    consent_contact,
    create_network,
    listed_contacts,
    withdraw_contact,
)
from vaekst.programmes.tests.conftest import Training, firm
from vaekst.programmes.tests.test_networks import finished_run, scaling_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(training: Training, personas: Personas) -> ProgrammeRun:
    return finished_run(training, personas)


@pytest.fixture
def network(run: ProgrammeRun, personas: Personas) -> Network:
    return scaling_network(run, personas)


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_network_page_shows_members_meetings_and_consented_contacts(
    client: Client, personas: Personas, network: Network
) -> None:
    # given
    listed = Person.objects.create(company=personas.a.company, name="Lise Holm")
    withdrawn = Person.objects.create(company=personas.a.company, name="Karl Withdrawn")
    consent_contact(actor=personas.a.company_user, network=network, person=listed)
    gone = consent_contact(actor=personas.a.company_user, network=network, person=withdrawn)
    withdraw_contact(actor=personas.a.company_user, contact=gone)
    add_meeting(
        actor=personas.a.consultant, network=network, starts_at=timezone.now(), topic="Kickoff"
    )
    # when
    for user in (personas.a.consultant, personas.a.company_user):
        html = login(client, user).get(
            reverse("programmes:network_detail", args=[network.public_id])
        )
        text = html.content.decode()
        # then
        assert html.status_code == 200
        assert "4 medlemmer" in text
        assert "Kickoff" in text
        assert "Lise Holm" in text
        assert "Karl Withdrawn" not in text


def test_manager_adds_member_and_meeting_through_the_page(
    client: Client, personas: Personas, network: Network
) -> None:
    newcomer = firm()
    login(client, personas.a.consultant)
    # when
    client.post(
        reverse("programmes:network_member_add", args=[network.public_id]),
        {"cvr": newcomer.cvr},
    )
    client.post(
        reverse("programmes:network_meeting_add", args=[network.public_id]),
        {"starts_at": "2027-03-01T09:00", "topic": "Kapital", "place": "Aarhus"},
    )
    # then
    assert network.members.filter(company=newcomer, left_on__isnull=True).exists()
    assert list(network.meetings.values_list("topic", "place")) == [("Kapital", "Aarhus")]


def test_cohort_to_network_through_the_page(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    login(client, personas.a.consultant)
    url = reverse("programmes:network_from_cohort", args=[run.public_id, 1])
    assert client.get(url).status_code == 200
    # when
    response = client.post(url, {"name": "Alumni", "description": ""})
    # then
    network = Network.objects.get()
    assert response["Location"] == reverse("programmes:network_detail", args=[network.public_id])
    assert network.members.count() == 4


def test_network_list_shows_visible_networks_with_bounded_queries(
    client: Client, personas: Personas, network: Network, django_assert_max_num_queries: Any
) -> None:
    for number in range(5):
        create_network(actor=personas.a.consultant, name=f"Netværk {number}")
    create_network(actor=personas.b.consultant, name="Midtjysk netværk")
    login(client, personas.a.consultant)
    # when
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programmes:network_list"))
    # then
    text = response.content.decode()
    assert "Skaleringsnetværket" in text
    assert "Netværk 4" in text
    assert "Midtjysk netværk" not in text


def test_portal_lists_the_firms_networks_and_consent_and_withdraw_work(
    client: Client, personas: Personas, network: Network, django_assert_max_num_queries: Any
) -> None:
    # given
    add_meeting(
        actor=personas.a.consultant, network=network, starts_at=timezone.now(), topic="Kickoff"
    )
    person = Person.objects.create(company=personas.a.company, name="Lise Holm")
    login(client, personas.a.company_user)
    # when
    with django_assert_max_num_queries(15):
        page = client.get(reverse("portal:networks"))
    client.post(
        reverse("portal:network_consent", args=[network.public_id]),
        {"person": str(person.public_id)},
    )
    listed = client.get(reverse("portal:networks")).content.decode()
    client.post(reverse("portal:network_withdraw", args=[network.public_id, person.public_id]))
    after = client.get(reverse("portal:networks")).content.decode()
    # then
    assert "Skaleringsnetværket" in page.content.decode()
    assert "Kickoff" in page.content.decode()
    assert '<th scope="row">Lise Holm</th>' in listed
    assert '<th scope="row">Lise Holm</th>' not in after
    assert NetworkContact.objects.get().withdrawn_at is not None


def test_another_networks_member_does_not_see_the_list(
    client: Client, personas: Personas, network: Network
) -> None:
    # given: firm B's user is a member of another network only
    person = Person.objects.create(company=personas.a.company, name="Lise Holm")
    consent_contact(actor=personas.a.company_user, network=network, person=person)
    other = create_network(actor=personas.b.consultant, name="Midtjysk netværk")
    add_member(actor=personas.b.consultant, network=other, company=personas.b.company)
    login(client, personas.b.company_user)
    # when
    response = client.get(reverse("programmes:network_detail", args=[network.public_id]))
    portal = client.get(reverse("portal:networks")).content.decode()
    # then
    assert response.status_code == 404
    assert "Midtjysk netværk" in portal
    assert "Lise Holm" not in portal


@pytest.mark.parametrize(
    "who, page_status, action_status",
    [
        ("b.consultant", 404, 404),  # another house's consultant
        ("b.company_user", 404, 404),  # another firm's user
        ("partner_advisor", 404, 404),  # a partner not facilitating the run
        ("a.municipal_consultant", 200, 403),  # sees the region's network, does not run it
        ("a.company_user", 200, 403),  # a member firm's user: reads, does not run it
    ],
)
def test_network_refusals_change_nothing(
    client: Client,
    personas: Personas,
    network: Network,
    who: str,
    page_status: int,
    action_status: int,
) -> None:
    # given
    meeting = add_meeting(
        actor=personas.a.consultant, network=network, starts_at=timezone.now(), topic="Kickoff"
    )
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    login(client, user)
    member_cvr = network.members.order_by("id").first().company.cvr  # type: ignore[union-attr]
    before = (
        list(NetworkMember.objects.values_list("company_id", "left_on")),
        list(NetworkMeeting.objects.values_list("topic", flat=True)),
        AuditEntry.objects.count(),
        Network.objects.get().name,
    )
    # when
    page = client.get(reverse("programmes:network_detail", args=[network.public_id]))
    statuses = [
        client.post(url, data).status_code
        for url, data in [
            (reverse("programmes:network_update", args=[network.public_id]), {"name": "X"}),
            (reverse("programmes:network_member_add", args=[network.public_id]), {"cvr": 1}),
            (
                reverse("programmes:network_member_remove", args=[network.public_id, member_cvr]),
                {},
            ),
            (
                reverse("programmes:network_meeting_add", args=[network.public_id]),
                {"starts_at": "2027-03-01T09:00", "topic": "X"},
            ),
            (reverse("programmes:network_meeting_remove", args=[meeting.public_id]), {}),
        ]
    ]
    # then
    assert page.status_code == page_status
    assert statuses == [action_status] * 5
    after = (
        list(NetworkMember.objects.values_list("company_id", "left_on")),
        list(NetworkMeeting.objects.values_list("topic", flat=True)),
        AuditEntry.objects.count(),
        Network.objects.get().name,
    )
    assert after == before


def test_staff_cannot_use_the_portal_consent(
    client: Client, personas: Personas, network: Network
) -> None:
    person = Person.objects.create(company=personas.a.company, name="Lise Holm")
    login(client, personas.a.consultant)
    # when
    response = client.post(
        reverse("portal:network_consent", args=[network.public_id]),
        {"person": str(person.public_id)},
    )
    # then
    assert response.status_code == 403
    assert not NetworkContact.objects.exists()


def test_company_page_shows_the_firms_networks(
    client: Client, personas: Personas, network: Network
) -> None:
    # when
    response = login(client, personas.a.consultant).get(
        reverse("register:company_detail", args=[personas.a.company.cvr])
    )
    # then
    assert (
        f'<a href="{reverse("programmes:network_detail", args=[network.public_id])}">'
        "Skaleringsnetværket</a>" in response.content.decode()
    )


def test_company_page_of_a_firm_without_networks_has_no_network_section(
    client: Client, personas: Personas, network: Network
) -> None:
    response = login(client, personas.a.consultant).get(
        reverse("register:company_detail", args=[firm().cvr])
    )
    assert 'id="networks-heading"' not in response.content.decode()


@pytest.mark.parametrize(
    "who, status",
    [
        ("b.consultant", 404),  # another house's consultant
        ("a.company_user", 404),  # cohorts are not shown to firms
        ("partner_advisor", 404),  # a partner not facilitating the run
        ("a.municipal_consultant", 403),  # sees the run, does not manage it
    ],
)
def test_cohort_to_network_refused_and_nothing_made(
    client: Client, personas: Personas, run: ProgrammeRun, who: str, status: int
) -> None:
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    login(client, user)
    url = reverse("programmes:network_from_cohort", args=[run.public_id, 1])
    # when
    statuses = [client.get(url).status_code, client.post(url, {"name": "X"}).status_code]
    # then
    assert statuses == [status, status]
    assert not Network.objects.exists()
    assert not Cohort.objects.filter(is_locked=True).exists()


def test_firm_user_and_partner_cannot_create_a_network(client: Client, personas: Personas) -> None:
    for user in (personas.a.company_user, personas.partner_advisor):
        response = login(client, user).post(reverse("programmes:network_list"), {"name": "X"})
        assert response.status_code == 403
    assert not Network.objects.exists()


def test_another_firms_user_cannot_withdraw_a_contact(
    client: Client, personas: Personas, network: Network
) -> None:
    # given: firm B's user is in another network; firm A's contact is listed in this one
    person = Person.objects.create(company=personas.a.company, name="Lise Holm")
    consent_contact(actor=personas.a.company_user, network=network, person=person)
    other = create_network(actor=personas.b.consultant, name="Midtjysk netværk")
    add_member(actor=personas.b.consultant, network=other, company=personas.b.company)
    login(client, personas.b.company_user)
    # when
    withdraw = client.post(
        reverse("portal:network_withdraw", args=[network.public_id, person.public_id])
    )
    consent = client.post(
        reverse("portal:network_consent", args=[network.public_id]), {"person": "me"}
    )
    # then
    assert (withdraw.status_code, consent.status_code) == (404, 404)
    assert list(listed_contacts(network).values_list("person__name", flat=True)) == ["Lise Holm"]
    assert NetworkContact.objects.count() == 1


def test_manager_edits_a_meeting_with_its_notes(
    client: Client, personas: Personas, network: Network
) -> None:
    meeting = add_meeting(
        actor=personas.a.consultant, network=network, starts_at=timezone.now(), topic="Kickoff"
    )
    login(client, personas.a.consultant)
    url = reverse("programmes:network_meeting_edit", args=[meeting.public_id])
    assert client.get(url).status_code == 200
    # when
    response = client.post(
        url,
        {"starts_at": "2027-01-05T13:30", "topic": "Kickoff", "place": "", "notes": "Referat."},
    )
    # then
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.notes, timezone.localtime(meeting.starts_at).hour) == ("Referat.", 13)
