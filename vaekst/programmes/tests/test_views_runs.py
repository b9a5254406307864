"""The run list, creating and editing a run, its status, the programme's section of its
offer's page and the menu; who may do each, and that a refusal changes nothing."""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.offers.choices import OfferKind
from vaekst.offers.models import Offer, OfferUsage
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import EnrolmentStatus, ProgrammeFormat, RunStatus
from vaekst.programmes.models import Enrolment, Programme, ProgrammeRun
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training, firm, make_programme, make_run

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("programmes", "offers", "audit")
    }


def run_data(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Vækstcamp forår",
        "capacity": "",
        "enrolment_deadline": "2030-02-01",
        "description": "To dage på Hotel Nyborg Strand.",
        "cohort_min": "12",
        "cohort_max": "20",
        "cohort_by": "",
        **fields,
    }


# -- the list ---------------------------------------------------------------------------


def test_the_run_list_shows_places_taken_and_the_waitlist(
    personas: Personas, training: Training
) -> None:
    # given a full run with two waiting
    for _ in range(5):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    # when
    response = logged_in(personas.a.manager).get("/forloeb/")
    # then
    assert response.status_code == 200
    [run] = response.context["page"].items
    assert (run.enrolled_total, run.waitlist_total) == (3, 2)
    html = response.content.decode()
    assert "3 / 3" in html
    assert "Nyt hold" in html


def test_the_run_list_filters_by_status_organiser_programme_and_mine(
    personas: Personas, training: Training
) -> None:
    # given a planned run of the municipality's, of another programme
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    webinar = make_programme(national, "Webinar om eksport")
    planned = make_run(
        webinar,
        personas.a.municipality_org,
        personas.a.municipal_consultant,
        status=RunStatus.PLANNED,
    )
    client = logged_in(personas.a.consultant)

    def titles(**query: Any) -> list[str]:
        return [run.title for run in client.get("/forloeb/", query).context["page"].items]

    # then
    assert titles() == [planned.title, training.run.title]
    assert titles(status="planned") == [planned.title]
    assert titles(organiser=str(personas.a.house.public_id)) == [training.run.title]
    assert titles(programme=webinar.pk) == [planned.title]
    assert titles(mine="on") == [training.run.title]


def test_another_region_does_not_see_the_run_in_its_list(
    personas: Personas, training: Training
) -> None:
    response = logged_in(personas.b.consultant).get("/forloeb/")
    assert list(response.context["page"].items) == []


def test_a_firms_user_gets_404_on_the_staff_list(personas: Personas, training: Training) -> None:
    assert logged_in(personas.a.company_user).get("/forloeb/").status_code == 404


def test_the_run_list_query_count_does_not_grow_with_runs(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    # given many runs with enrolments
    for _ in range(12):
        run = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
        enrol(actor=personas.a.consultant, run=run, company=firm())
    client = logged_in(personas.a.consultant)
    client.get("/forloeb/")
    # session, user, organisers, programmes, runs with counts, the menu's audit check
    with django_assert_max_num_queries(6):
        response = client.get("/forloeb/")
    assert len(response.context["page"].items) == 13


# -- creating and editing ---------------------------------------------------------------


def test_a_consultant_creates_a_run_with_the_programmes_default_capacity(
    personas: Personas, training: Training
) -> None:
    # given
    client = logged_in(personas.a.consultant)
    form = client.get("/forloeb/nyt/")
    # when
    response = client.post(
        "/forloeb/nyt/",
        run_data(programme=training.programme.pk, facilitators=[personas.partner_advisor.pk]),
    )
    # then
    assert form.status_code == 200
    run = ProgrammeRun.objects.get(title="Vækstcamp forår")
    assert response.status_code == 302
    assert response["Location"] == f"/forloeb/{run.public_id}/"
    assert (run.organiser, run.capacity, run.status) == (personas.a.house, 20, RunStatus.PLANNED)
    assert run.enrolment_deadline == datetime.date(2030, 2, 1)
    assert list(run.facilitators.all()) == [personas.partner_advisor]
    assert AuditEntry.objects.filter(object_id=str(run.public_id)).count() == 1


def test_the_programmes_offered_are_those_the_user_may_run(
    personas: Personas, training: Training
) -> None:
    # given a programme of house B and an unpublished national one
    make_programme(personas.b.house, "Midtjysk camp")
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    make_programme(national, "Kladde", is_published=False)
    # when
    form = logged_in(personas.a.consultant).get("/forloeb/nyt/").context["form"]
    # then
    assert list(form.fields["programme"].queryset) == [training.programme]


def test_the_facilitators_offered_are_the_organisers_consultants_and_partner_advisors(
    personas: Personas, training: Training
) -> None:
    form = logged_in(personas.a.consultant).get("/forloeb/nyt/").context["form"]
    people = set(form.fields["facilitators"].queryset)
    assert people == {personas.a.manager, personas.a.consultant, personas.partner_advisor}


@pytest.mark.parametrize("who", ["partner_advisor", "national_admin"])
def test_who_organises_no_runs_is_refused_the_create_form(
    personas: Personas, training: Training, who: str
) -> None:
    before = row_counts()
    client = logged_in(getattr(personas, who))
    assert client.get("/forloeb/nyt/").status_code == 403
    response = client.post("/forloeb/nyt/", run_data(programme=training.programme.pk))
    assert response.status_code == 403
    assert row_counts() == before


def test_a_manager_edits_the_run(personas: Personas, training: Training) -> None:
    # when
    response = logged_in(personas.a.manager).post(
        f"/forloeb/{training.run.public_id}/ret/",
        run_data(title="Nyt navn", capacity="5", facilitators=[personas.a.consultant.pk]),
    )
    # then
    assert response.status_code == 302
    training.run.refresh_from_db()
    assert (training.run.title, training.run.capacity) == ("Nyt navn", 5)
    assert list(training.run.facilitators.all()) == [personas.a.consultant]


def test_capacity_below_the_firms_enrolled_is_refused_with_the_reason(
    personas: Personas, training: Training
) -> None:
    for _ in range(3):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    response = logged_in(personas.a.manager).post(
        f"/forloeb/{training.run.public_id}/ret/", run_data(capacity="2")
    )
    assert response.status_code == 400
    assert "Der er allerede 3 tilmeldte" in response.content.decode()
    training.run.refresh_from_db()
    assert training.run.capacity == 3


def test_the_status_changes_from_open_to_closed_to_finished(
    personas: Personas, training: Training
) -> None:
    client = logged_in(personas.a.consultant)
    url = f"/forloeb/{training.run.public_id}/status/"
    client.post(url, {"status": "closed"})
    training.run.refresh_from_db()
    assert training.run.status == RunStatus.CLOSED
    client.post(url, {"status": "finished"})
    training.run.refresh_from_db()
    assert training.run.status == RunStatus.FINISHED
    # a finished run stays finished
    client.post(url, {"status": "open"})
    training.run.refresh_from_db()
    assert training.run.status == RunStatus.FINISHED


def test_cancelling_the_run_takes_every_firm_off_with_the_reason(
    personas: Personas, training: Training
) -> None:
    # given three places and one waiting
    for _ in range(4):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/status/",
        {"status": "cancelled", "reason": "For få tilmeldte"},
    )
    # then
    assert response.status_code == 302
    training.run.refresh_from_db()
    assert training.run.status == RunStatus.CANCELLED
    statuses = set(Enrolment.objects.filter(run=training.run).values_list("status", flat=True))
    reasons = set(
        Enrolment.objects.filter(run=training.run).values_list("cancel_reason", flat=True)
    )
    assert (statuses, reasons) == ({EnrolmentStatus.CANCELLED}, {"For få tilmeldte"})
    assert OfferUsage.objects.filter(offer=training.programme.offer).count() == 0


# -- the offer's page -------------------------------------------------------------------


def test_the_offer_page_shows_the_programme_and_its_runs(
    personas: Personas, training: Training
) -> None:
    # given
    enrol(actor=personas.a.consultant, run=training.run, company=firm())
    Programme.objects.filter(pk=training.programme.pk).update(target_industries=["62", "4690"])
    # when
    response = logged_in(personas.a.consultant).get(
        f"/tilbud/{training.programme.offer.public_id}/"
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vækstcamp" in html
    assert "62, 4690" in html
    assert "20 pladser pr. hold" in html
    assert f'href="/forloeb/{training.run.public_id}/"' in html
    [(run, places_left)] = response.context["sections"][0].context["runs"]
    assert (run, places_left) == (training.run, 2)
    assert "Ret programmets oplysninger" not in html


def test_the_offer_page_query_count_does_not_grow_with_runs(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    # given many runs of the programme with enrolments
    for _ in range(12):
        run = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
        enrol(actor=personas.a.consultant, run=run, company=firm())
    client = logged_in(personas.a.consultant)
    url = f"/tilbud/{training.programme.offer.public_id}/"
    client.get(url)
    # when / then: session, user, offer, levels, partners, the programme, its runs with
    # counts, whether the user may run it, the menu's checks — however many runs
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["sections"][0].context["runs"]) == 13


def test_the_offer_page_of_another_region_lists_none_of_its_runs(
    personas: Personas, training: Training
) -> None:
    response = logged_in(personas.b.consultant).get(
        f"/tilbud/{training.programme.offer.public_id}/"
    )
    assert response.status_code == 200
    assert response.context["sections"][0].context["runs"] == []


def test_the_offers_editor_makes_a_collective_offer_a_programme(personas: Personas) -> None:
    # given a house's collective offer without programme details
    offer = Offer.objects.create(
        owner=personas.a.house,
        title="Netværk for iværksættere",
        kind=OfferKind.COLLECTIVE_PROGRAMME,
        is_published=True,
        starts_on=datetime.date(2020, 1, 1),
    )
    client = logged_in(personas.a.manager)
    page = client.get(f"/tilbud/{offer.public_id}/")
    # when
    response = client.post(
        f"/tilbud/{offer.public_id}/program/",
        {
            "format": ProgrammeFormat.NETWORK_MEETING,
            "content": "Fire møder.",
            "content_en": "",
            "target_industries": "62, 71",
            "default_capacity": "15",
        },
    )
    # then
    assert "Tilbuddet er endnu ikke sat op som program." in page.content.decode()
    assert response.status_code == 302
    programme = Programme.objects.get(offer=offer)
    assert (programme.format, programme.target_industries, programme.default_capacity) == (
        ProgrammeFormat.NETWORK_MEETING,
        ["62", "71"],
        15,
    )


@pytest.mark.parametrize("who", ["a.consultant", "b.manager"])
def test_only_the_offers_editor_sets_up_its_programme(
    personas: Personas, training: Training, who: str
) -> None:
    # given the national programme (edited only by the national administrator)
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role)
    before = row_counts()
    # when
    response = logged_in(user).post(
        f"/tilbud/{training.programme.offer.public_id}/program/",
        {"format": "webinar", "default_capacity": "5"},
    )
    # then
    assert response.status_code == 403
    assert row_counts() == before
    training.programme.refresh_from_db()
    assert training.programme.format == ProgrammeFormat.CAMP


def test_an_offer_of_another_kind_has_no_programme_section(personas: Personas) -> None:
    offer = Offer.objects.get(is_core=True)
    response = logged_in(personas.national_admin).get(f"/tilbud/{offer.public_id}/")
    assert response.status_code == 200
    assert response.context["sections"] == []


# -- the menu ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("a.consultant", True),
        ("a.municipal_consultant", True),
        ("national_admin", True),
        ("a.company_user", False),
        ("partner_advisor", False),
    ],
)
def test_the_menu_shows_runs_to_caseworkers_and_the_national_admin(
    personas: Personas, who: str, shown: bool
) -> None:
    side, _, role = who.rpartition(".")
    user = getattr(getattr(personas, side), role) if side else getattr(personas, role)
    html = logged_in(user).get("/tilbud/").content.decode()
    assert ('href="/forloeb/"' in html) is shown
