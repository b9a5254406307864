"""The firm's programme page ("Forløb"): the runs announced to it with the one eligibility
answer each, enrolling itself (a place or the waitlist), double enrolment, the deadline,
cancelling (the next firm is promoted), the home page's panel; and refusals for another
firm's user and for staff, with nothing changed."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from conftest import PASSWORD, Personas
from vaekst.accounts.services import create_user
from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.offers.tests.conftest import place
from vaekst.organisations.choices import OrganisationKind, Role
from vaekst.organisations.models import Organisation
from vaekst.portal.tests.conftest import logged_in
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import Enrolment, ProgrammeRun
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.tests.conftest import Training, firm, make_programme, make_run
from vaekst.register.models import Company, CompanyMembership

pytestmark = pytest.mark.django_db

PAGE = "/portal/forloeb/"


def enrol_url(run: ProgrammeRun) -> str:
    return f"/portal/forloeb/{run.public_id}/tilmeld/"


def cancel_url(enrolment: Enrolment) -> str:
    return f"/portal/forloeb/tilmelding/{enrolment.public_id}/afmeld/"


def form_data(run: ProgrammeRun, name: str = "Anna Hansen", email: str = "anna@firma-a.dk") -> dict:
    prefix = f"run-{run.public_id.hex[:12]}"
    return {f"{prefix}-participant_name": name, f"{prefix}-participant_email": email}


def fill(course: Training, personas: Personas, count: int) -> list[Enrolment]:
    return [
        enrol(actor=personas.a.consultant, run=course.run, company=firm()) for _ in range(count)
    ]


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def other_firm_user_in_region_a(personas: Personas) -> tuple[Company, Any]:
    """Firm C in København (region A, like firm A) with its own user."""
    company = firm(name="Firma C ApS")
    user = create_user(
        username="firm_c",
        password=PASSWORD,
        organisation=personas.a.house,
        role=Role.COMPANY_USER,
    )
    CompanyMembership.objects.create(user=user, company=company)
    return company, user


@pytest.fixture
def course(personas: Personas) -> Training:
    """House A's open run of the national camp (three places, two sessions), with firm A on
    the level that gives access (as in the programmes tests' `training`)."""
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    programme = make_programme(national)
    place(personas.a.company, "high")
    run = make_run(programme, personas.a.house, personas.a.consultant)
    return Training(programme=programme, run=run)


def test_firm_sees_open_runs_with_the_eligibility_answer_for_each(
    personas: Personas, course: Training
) -> None:
    # given a run firm A's level gives access to (the fixture), a run of a programme only
    # for the 'potential' level, a planned run (not yet announced) and a run in region B
    narrow = make_programme(personas.a.house, "Eksportspring", levels=("potential",))
    refused = make_run(narrow, personas.a.house, personas.a.consultant, title="Eksport, hold 1")
    make_run(
        course.programme,
        personas.a.house,
        personas.a.consultant,
        title="Planlagt hold",
        status=RunStatus.PLANNED,
    )
    make_run(course.programme, personas.b.house, personas.b.consultant, title="Aarhus-holdet")
    # when
    response = logged_in(personas.a.company_user).get(PAGE)
    # then
    assert response.status_code == 200
    runs = {item.run.title: (item, form) for item, form in response.context["runs"]}
    assert sorted(runs) == ["Eksport, hold 1", course.run.title]
    open_item, open_form = runs[course.run.title]
    assert (open_item.may_enrol, open_item.places_left, open_item.refusal) == (True, 3, "")
    assert open_item.eligibility.reason == "Virksomhedens niveau giver adgang."
    assert open_form.initial == {"participant_name": "firm_a", "participant_email": ""}
    refused_item, refused_form = runs["Eksport, hold 1"]
    assert refused_item.may_enrol is False
    assert refused_item.refusal == "Virksomhedens niveau giver ikke adgang til tilbuddet."
    assert refused_form is None
    html = response.content.decode()
    assert f'action="{enrol_url(course.run)}"' in html
    assert f'action="{enrol_url(refused)}"' not in html
    assert "Virksomhedens niveau giver ikke adgang til tilbuddet." in html
    assert "Erhvervshuset, mødelokale 2" in html
    assert '<a href="/portal/forloeb/" aria-current="page">Forløb</a>' in html


def test_firm_enrols_itself_and_gets_a_place(personas: Personas, course: Training) -> None:
    client = logged_in(personas.a.company_user)
    # when
    response = client.post(enrol_url(course.run), form_data(course.run), follow=True)
    # then
    enrolment = Enrolment.objects.get(run=course.run)
    assert (enrolment.company, enrolment.status, enrolment.channel) == (
        personas.a.company,
        EnrolmentStatus.ENROLLED,
        EnrolmentChannel.PORTAL,
    )
    assert (enrolment.participant_name, enrolment.participant_email) == (
        "Anna Hansen",
        "anna@firma-a.dk",
    )
    assert enrolment.enrolled_by == personas.a.company_user
    assert messages_of(response) == [f"I er tilmeldt {course.run.title} og har fået en plads."]
    assert response.redirect_chain == [(f"{PAGE}#enrolment-{enrolment.public_id}", 302)]
    item = response.context["enrolments"][0]
    assert (item.enrolment, item.waitlist_position, item.may_cancel) == (enrolment, None, True)
    run_item = response.context["runs"][0][0]
    assert (run_item.enrolment, run_item.may_enrol, run_item.places_left) == (enrolment, False, 2)


def test_firm_enrolling_on_a_full_run_is_told_its_place_on_the_waitlist(
    personas: Personas, course: Training
) -> None:
    # given three firms with the places and one already waiting
    fill(course, personas, 3)
    enrol(actor=personas.a.consultant, run=course.run, company=firm())
    # when
    response = logged_in(personas.a.company_user).post(
        enrol_url(course.run), form_data(course.run), follow=True
    )
    # then
    enrolment = Enrolment.objects.get(run=course.run, company=personas.a.company)
    assert enrolment.status == EnrolmentStatus.WAITLISTED
    assert enrolment.usage is None
    assert messages_of(response) == [
        f"Holdet {course.run.title} er fuldt. I står på ventelisten som nummer 2 og får "
        "besked på e-mail, hvis der bliver en plads ledig."
    ]
    assert response.context["enrolments"][0].waitlist_position == 2
    assert "nummer 2 på ventelisten" in response.content.decode()


def test_enrolling_twice_is_refused_with_a_message(personas: Personas, course: Training) -> None:
    client = logged_in(personas.a.company_user)
    client.post(enrol_url(course.run), form_data(course.run), follow=True)
    # when
    response = client.post(enrol_url(course.run), form_data(course.run), follow=True)
    # then
    assert messages_of(response) == ["Virksomheden er allerede tilmeldt holdet."]
    assert Enrolment.objects.filter(run=course.run).count() == 1


def test_a_missing_participant_is_shown_on_the_form_and_nothing_is_saved(
    personas: Personas, course: Training
) -> None:
    response = logged_in(personas.a.company_user).post(
        enrol_url(course.run), form_data(course.run, name="", email="ikke-en-adresse")
    )
    assert response.status_code == 400
    form = dict((item.run.pk, form) for item, form in response.context["runs"])[course.run.pk]
    assert set(form.errors) == {"participant_name", "participant_email"}
    assert not Enrolment.objects.exists()


def test_after_the_deadline_the_run_shows_why_and_no_button(
    personas: Personas, course: Training
) -> None:
    # given
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ProgrammeRun.objects.filter(pk=course.run.pk).update(enrolment_deadline=yesterday)
    client = logged_in(personas.a.company_user)
    # when
    response = client.get(PAGE)
    # then
    item, form = response.context["runs"][0]
    assert (item.refusal, item.may_enrol, form) == (
        "Tilmeldingsfristen er overskredet.",
        False,
        None,
    )
    html = response.content.decode()
    assert "Tilmeldingsfristen er overskredet." in html
    assert f'action="{enrol_url(course.run)}"' not in html
    # and a POST all the same is refused by the service, with nothing saved
    refused = client.post(enrol_url(course.run), form_data(course.run), follow=True)
    assert messages_of(refused) == ["Tilmeldingsfristen er overskredet."]
    assert not Enrolment.objects.exists()


def test_firm_cancels_after_confirming_and_the_next_firm_gets_the_place(
    personas: Personas, course: Training, django_capture_on_commit_callbacks: Any
) -> None:
    # given firm A and two others on the run, and one firm waiting
    mine = enrol(actor=personas.a.company_user, run=course.run, company=personas.a.company)
    fill(course, personas, 2)
    waiting = enrol(
        actor=personas.a.consultant,
        run=course.run,
        company=firm(),
        participant_email="leder@venter.dk",
    )
    client = logged_in(personas.a.company_user)
    # when firm A opens the confirmation
    confirm = client.get(cancel_url(mine))
    # then nothing has happened yet
    assert confirm.status_code == 200
    assert "Ja, afmeld" in confirm.content.decode()
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED
    # when it confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(mine), {"reason": "Sygdom"}, follow=True)
    # then
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, mine.cancel_reason, mine.cancelled_by) == (
        EnrolmentStatus.CANCELLED,
        "Sygdom",
        personas.a.company_user,
    )
    assert waiting.status == EnrolmentStatus.ENROLLED
    assert [m.to for m in mail.outbox] == [["leder@venter.dk"]]
    assert messages_of(response) == [f"I er meldt fra {course.run.title}."]
    item = response.context["enrolments"][0]
    assert (item.enrolment.status, item.may_cancel) == (EnrolmentStatus.CANCELLED, False)


def test_an_enrolment_on_a_finished_run_cannot_be_cancelled(
    personas: Personas, course: Training
) -> None:
    # given
    mine = enrol(actor=personas.a.company_user, run=course.run, company=personas.a.company)
    ProgrammeRun.objects.filter(pk=course.run.pk).update(status=RunStatus.FINISHED)
    client = logged_in(personas.a.company_user)
    # when
    page = client.get(PAGE)
    response = client.post(cancel_url(mine), {"reason": "x"}, follow=True)
    # then
    assert page.context["enrolments"][0].may_cancel is False
    assert cancel_url(mine) not in page.content.decode()
    assert messages_of(response) == ["Holdet er afsluttet; tilmeldingen kan ikke ændres."]
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED


def test_another_firms_user_cannot_see_enrol_or_cancel(
    personas: Personas, course: Training
) -> None:
    # given firm A on the run (present at the first session), and firm C of the same
    # region with its own user
    mine = enrol(actor=personas.a.company_user, run=course.run, company=personas.a.company)
    first = course.run.sessions.first()
    assert first is not None
    record_attendance(actor=personas.a.consultant, session=first, present={mine.pk: True})
    _company_c, user_c = other_firm_user_in_region_a(personas)
    for user in (personas.b.company_user, user_c):
        client = logged_in(user)
        # when
        page = client.get(PAGE)
        confirm = client.get(cancel_url(mine))
        cancel = client.post(cancel_url(mine), {"reason": "x"})
        certificate = client.get(f"/forloeb/tilmeldinger/{mine.public_id}/deltagerbevis.pdf")
        # then
        assert [item.enrolment for item in page.context["enrolments"]] == []
        assert (confirm.status_code, cancel.status_code, certificate.status_code) == (
            404,
            404,
            404,
        )
        mine.refresh_from_db()
        assert mine.status == EnrolmentStatus.ENROLLED
    # firm B (region B) does not see house A's run at all, and cannot enrol on it
    page_b = logged_in(personas.b.company_user).get(PAGE)
    assert page_b.context["runs"] == []
    assert (
        logged_in(personas.b.company_user)
        .post(enrol_url(course.run), form_data(course.run))
        .status_code
        == 404
    )
    assert list(Enrolment.objects.values_list("company", flat=True)) == [personas.a.company.pk]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("who", ["consultant", "manager", "national_admin", "partner_advisor"])
def test_staff_are_not_firms_and_are_refused(
    personas: Personas, course: Training, who: str
) -> None:
    mine = enrol(actor=personas.a.company_user, run=course.run, company=personas.a.company)
    user = {
        "consultant": personas.a.consultant,
        "manager": personas.a.manager,
        "national_admin": personas.national_admin,
        "partner_advisor": personas.partner_advisor,
    }[who]
    client = logged_in(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(enrol_url(course.run), form_data(course.run)).status_code == 403
    assert client.post(cancel_url(mine), {"reason": "x"}).status_code == 403
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED
    assert Enrolment.objects.count() == 1


def test_the_home_page_shows_the_firms_programmes(personas: Personas, course: Training) -> None:
    # given firm A waiting on a full run
    fill(course, personas, 3)
    mine = enrol(actor=personas.a.company_user, run=course.run, company=personas.a.company)
    # when
    response = logged_in(personas.a.company_user).get("/portal/")
    # then
    assert [item.enrolment for item in response.context["my_programmes"]] == [mine]
    assert response.context["open_runs"] == 1
    html = response.content.decode()
    assert "Dine forløb" in html
    assert "nummer 1 på ventelisten" in html
    assert "Se 1 forløb, der er åbent for tilmelding" in html


def test_the_page_reads_in_a_fixed_number_of_queries(
    personas: Personas, course: Training, django_assert_max_num_queries: Any
) -> None:
    # given eight open runs of two programmes, firm A on four of them
    other = make_programme(personas.a.house, "Ledelse i vækst", levels=("high",), places=10)
    runs = [course.run] + [
        make_run(other if n % 2 == 0 else course.programme, personas.a.house, personas.a.consultant)
        for n in range(7)
    ]
    for run in runs[1::2]:
        enrolment = enrol(actor=personas.a.consultant, run=run, company=personas.a.company)
        first, second = run.sessions.all()
        record_attendance(actor=personas.a.consultant, session=first, present={enrolment.pk: True})
    client = logged_in(personas.a.company_user)
    # when / then (as many as for one run and no enrolment, but the enrolments' sessions
    # and attendance)
    with django_assert_max_num_queries(16):
        response = client.get(PAGE)
    assert len(response.context["runs"]) == 8
    items = response.context["enrolments"]
    assert [(item.attended, item.has_certificate) for item in items] == [(1, True)] * 4
    assert [row.present for row in items[0].sessions] == [True, None]
    assert response.content.decode().count("Hent deltagerbevis (PDF)") == 4
