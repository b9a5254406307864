"""A firm's participation where it belongs: entries on its company timeline (enrolled,
waitlisted, given a place, cancelled, sessions attended, networks joined and left) among
the interactions, and the company page's section "Forløb og netværk"; scoped like the
company page, in a number of queries that does not grow with the rows."""

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from vaekst.interactions.models import Interaction
from vaekst.interactions.selectors import company_timeline
from vaekst.interactions.timeline import TimelineEntry
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.models import Enrolment, Network, NetworkMember, ProgrammeRun
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.tests.conftest import Training, make_programme, make_run
from vaekst.programmes.timeline import participation
from vaekst.register.models import Company

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _at(days_ago: int, hour: int = 12) -> datetime.datetime:
    day = TODAY - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _enrolment(run: ProgrammeRun, company: Company, actor: Any, **fields: Any) -> Enrolment:
    """An enrolment with its history as given (the services are tested on their own)."""
    created_at = fields.pop("created_at")
    enrolment = Enrolment.objects.create(
        run=run,
        company=company,
        channel=fields.pop("channel", EnrolmentChannel.CONSULTANT),
        enrolled_by=actor,
        **fields,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=created_at)
    enrolment.refresh_from_db()
    return enrolment


def _attended(training: Training, enrolment: Enrolment, personas: Personas, days_ago: int) -> None:
    """The run's two sessions held in the past, the firm present at both."""
    for number, session in enumerate(training.run.sessions.order_by("starts_at")):
        starts_at = _at(days_ago - number, hour=9)
        session.starts_at = starts_at
        session.ends_at = starts_at + datetime.timedelta(hours=3)
        session.save()
        record_attendance(
            actor=personas.a.consultant, session=session, present={enrolment.pk: True}
        )


def _network(personas: Personas, name: str, company: Company, **member: Any) -> Network:
    network = Network.objects.create(
        name=name, organisation=personas.a.house, created_by=personas.a.consultant
    )
    NetworkMember.objects.create(network=network, company=company, **member)
    return network


def _interaction(personas: Personas, days_ago: int, subject: str) -> Interaction:
    return Interaction.objects.create(
        company=personas.a.company,
        kind="meeting",
        consultant=personas.a.consultant,
        organisation=personas.a.house,
        occurred_on=TODAY - datetime.timedelta(days=days_ago),
        subject=subject,
    )


def _titles(items: list[Any]) -> list[str]:
    return [item.title if isinstance(item, TimelineEntry) else item.subject for item in items]


def test_timeline_merges_participation_with_interactions_newest_first(
    personas: Personas, training: Training
) -> None:
    # given: firm A enrolled 10 days ago and attended both sessions (4 and 3 days ago); a
    # second run where it waited, got a place and cancelled; a network joined and left
    company, consultant = personas.a.company, personas.a.consultant
    enrolled = _enrolment(
        training.run, company, consultant, status=EnrolmentStatus.ENROLLED, created_at=_at(10)
    )
    _attended(training, enrolled, personas, days_ago=4)
    other_run = make_run(training.programme, personas.a.house, consultant, title="Hold 2")
    _enrolment(
        other_run,
        company,
        consultant,
        status=EnrolmentStatus.CANCELLED,
        channel=EnrolmentChannel.PLAN,
        created_at=_at(8),
        waitlisted_at=_at(8),
        promoted_at=_at(6),
        cancelled_at=_at(5),
        cancel_reason="Direktøren er syg",
    )
    _network(personas, "Skalering Hovedstaden", company, joined_on=TODAY - datetime.timedelta(2))
    _network(
        personas,
        "Eksportnetværket",
        company,
        joined_on=TODAY - datetime.timedelta(20),
        left_on=TODAY - datetime.timedelta(1),
    )
    _interaction(personas, 7, "Opfølgningsmøde")
    _interaction(personas, 0, "Telefonopkald")
    # when
    timeline = company_timeline(consultant, company)
    # then
    run = training.run.title
    assert _titles(timeline) == [
        "Telefonopkald",
        "Forlod netværket Eksportnetværket",
        "Med i netværket Skalering Hovedstaden",
        f"Deltog i 2 af 2 mødegange på {run}",
        "Afmeldt Hold 2",
        "Fik plads på Hold 2 fra ventelisten",
        "Opfølgningsmøde",
        "Skrevet på venteliste til Hold 2",
        f"Tilmeldt {run}",
        "Med i netværket Eksportnetværket",
    ]
    dates = [item.occurred_on for item in timeline]
    assert dates == sorted(dates, reverse=True)
    entries = {item.title: item for item in timeline if isinstance(item, TimelineEntry)}
    cancelled = entries["Afmeldt Hold 2"]
    assert (cancelled.kind, cancelled.detail) == ("Forløb", "Direktøren er syg")
    waited = entries["Skrevet på venteliste til Hold 2"]
    assert waited.detail == f"{personas.a.house} · Fra vækstplanen"
    assert waited.occurred_on == TODAY - datetime.timedelta(8)


def test_timeline_keeps_its_limit_with_participation(
    personas: Personas, training: Training
) -> None:
    # given three interactions and an enrolment newer than two of them
    for days_ago in (1, 5, 6):
        _interaction(personas, days_ago, f"Møde {days_ago}")
    _enrolment(
        training.run,
        personas.a.company,
        personas.a.consultant,
        status=EnrolmentStatus.ENROLLED,
        created_at=_at(3),
    )
    # when
    timeline = company_timeline(personas.a.consultant, personas.a.company, limit=3)
    # then
    assert _titles(timeline) == ["Møde 1", f"Tilmeldt {training.run.title}", "Møde 5"]


def test_company_page_shows_participation_on_the_timeline_and_in_its_section(
    client: Client, personas: Personas, training: Training
) -> None:
    # given: enrolled and attended on one run, waitlisted on another, a current network and
    # one the firm has left
    company, consultant = personas.a.company, personas.a.consultant
    enrolled = _enrolment(
        training.run, company, consultant, status=EnrolmentStatus.ENROLLED, created_at=_at(10)
    )
    _attended(training, enrolled, personas, days_ago=4)
    waiting_run = make_run(training.programme, personas.a.house, consultant, title="Hold 2")
    waiting = _enrolment(
        waiting_run,
        company,
        consultant,
        status=EnrolmentStatus.WAITLISTED,
        created_at=_at(2),
        waitlisted_at=_at(2),
    )
    _network(personas, "Skalering Hovedstaden", company, joined_on=TODAY)
    _network(personas, "Eksportnetværket", company, joined_on=TODAY, left_on=TODAY)
    client.force_login(consultant)
    # when
    response = client.get(reverse("register:company_detail", args=[company.cvr]))
    # then
    assert response.status_code == 200
    text = response.text
    assert 'id="programmes-heading">Forløb og netværk' in text
    assert f"Deltog i 2 af 2 mødegange på {training.run.title}" in text
    section = next(s for s in response.context["sections"] if s.template_name.startswith("prog"))
    rows = section.context["enrolments"]
    assert [(row["run"], row["status"], row["attended"], row["sessions"]) for row in rows] == [
        ("Hold 2", "På venteliste", 0, 2),
        (training.run.title, "Tilmeldt", 2, 2),
    ]
    certificate = reverse("programmes:certificate", args=[enrolled.public_id])
    assert [row["certificate"] for row in rows] == ["", certificate]
    assert f'href="{certificate}"' in text
    assert reverse("programmes:certificate", args=[waiting.public_id]) not in text
    assert [network["name"] for network in section.context["networks"]] == ["Skalering Hovedstaden"]


def test_firm_sees_its_own_participation_section(
    client: Client, personas: Personas, training: Training
) -> None:
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    client.force_login(personas.a.company_user)
    response = client.get(reverse("register:company_detail", args=[personas.a.company.cvr]))
    assert response.status_code == 200
    assert "Forløb og netværk" in response.text
    assert training.run.title in response.text


def test_a_firm_without_participation_gets_the_empty_section(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(reverse("register:company_detail", args=[personas.a.company.cvr]))
    assert "Virksomheden har ikke været tilmeldt et forløb." in response.text
    assert "Virksomheden er ikke med i et netværk." in response.text


@pytest.mark.parametrize("who", ["b.consultant", "b.company_user"])
def test_other_house_and_other_firm_see_nothing_of_the_participation(
    client: Client, personas: Personas, training: Training, who: str
) -> None:
    # given firm A enrolled and in a network
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    _network(personas, "Skalering Hovedstaden", personas.a.company, joined_on=TODAY)
    user = getattr(personas.b, who.split(".")[1])
    client.force_login(user)
    # when / then: the firm's page is not found, and no entry comes out for them
    response = client.get(reverse("register:company_detail", args=[personas.a.company.cvr]))
    assert response.status_code == 404
    assert participation(user, personas.a.company, limit=100) == []


def test_runs_manager_of_another_house_sees_only_its_own_run_on_the_timeline(
    personas: Personas, training: Training
) -> None:
    # given firm A on house A's run; house B's consultant facilitates another run firm A
    # is on (a facilitator sees the run's enrolments, not the firm's others)
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    national_camp = make_programme(training.programme.offer.owner, "Eksportcamp", places=5)
    shared = make_run(national_camp, personas.a.house, personas.a.consultant, title="Eksport")
    shared.facilitators.add(personas.b.consultant)
    enrol(actor=personas.a.consultant, run=shared, company=personas.a.company)
    # when
    titles = [
        entry.title for entry in participation(personas.b.consultant, personas.a.company, limit=100)
    ]
    # then
    assert titles == ["Tilmeldt Eksport"]


def _queries(user: Any, company: Company) -> int:
    with CaptureQueriesContext(connection) as context:
        company_timeline(user, company)
    return len(context)


def test_timeline_queries_do_not_grow_with_enrolments_attendance_and_networks(
    personas: Personas, training: Training
) -> None:
    # given: the count for one enrolment
    company, consultant = personas.a.company, personas.a.consultant
    first = _enrolment(
        training.run, company, consultant, status=EnrolmentStatus.ENROLLED, created_at=_at(10)
    )
    _attended(training, first, personas, days_ago=4)
    _network(personas, "Netværk 0", company, joined_on=TODAY)
    few = _queries(consultant, company)
    # when: ten more runs with waitlists, cancellations and networks
    for number in range(10):
        run = make_run(training.programme, personas.a.house, consultant, title=f"Hold {number}")
        _enrolment(
            run,
            company,
            consultant,
            status=EnrolmentStatus.CANCELLED,
            created_at=_at(9),
            waitlisted_at=_at(9),
            promoted_at=_at(8),
            cancelled_at=_at(7),
        )
        _network(personas, f"Netværk {number + 1}", company, joined_on=TODAY, left_on=TODAY)
    # then
    assert _queries(consultant, company) == few
    assert len(company_timeline(consultant, company)) == 2 + 1 + 10 * 3 + 10 * 2


def _page_queries(client: Client, company: Company) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("register:company_detail", args=[company.cvr]))
    assert response.status_code == 200
    return len(context)


def test_company_page_queries_do_not_grow_with_participation(
    client: Client, personas: Personas, training: Training
) -> None:
    # given: the count for a firm with no participation
    company, consultant = personas.a.company, personas.a.consultant
    client.force_login(consultant)
    client.get(reverse("register:company_detail", args=[company.cvr]))  # warm the caches
    none = _page_queries(client, company)
    # when: ten runs the firm attended, and ten networks
    for number in range(10):
        run = make_run(training.programme, personas.a.house, consultant, title=f"Hold {number}")
        enrolment = _enrolment(
            run, company, consultant, status=EnrolmentStatus.ENROLLED, created_at=_at(10)
        )
        for session in run.sessions.all():
            record_attendance(actor=consultant, session=session, present={enrolment.pk: True})
        _network(personas, f"Netværk {number}", company, joined_on=TODAY)
    # then
    assert _page_queries(client, company) == none
    response = client.get(reverse("register:company_detail", args=[company.cvr]))
    assert response.text.count("Hent deltagerbevis (PDF)") == 10
    assert response.text.count("Med i netværket Netværk") == 10
