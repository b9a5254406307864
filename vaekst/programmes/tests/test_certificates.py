"""The certificate of participation: what it states (firm, participant, programme, run,
organiser, attended sessions and hours, issue date, issuer), in the reader's language; the
PDF for the firm, the run's managers and caseworkers who see the firm, audited; refused to
everyone else and for an enrolment with no attended session."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import Personas
from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.growthplans.tests.test_views_partnerships import pdf_text
from vaekst.programmes.certificates import certificate_for, certificate_html
from vaekst.programmes.choices import EnrolmentChannel
from vaekst.programmes.models import Enrolment, RunSession
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.tests.conftest import Training

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(enrolment: Enrolment) -> str:
    return f"/forloeb/tilmeldinger/{enrolment.public_id}/deltagerbevis.pdf"


@pytest.fixture
def attended(personas: Personas, training: Training) -> Enrolment:
    """Firm A on house A's run, present at the first session (09.00-12.00), absent from the
    second, and a third session of 90 minutes attended."""
    enrolment = enrol(
        actor=personas.a.company_user,
        run=training.run,
        company=personas.a.company,
        channel=EnrolmentChannel.PORTAL,
        participant_name="Anna Hansen",
        participant_email="anna@firma-a.dk",
    )
    first, second = training.run.sessions.all()
    third = RunSession.objects.create(
        run=training.run,
        title="Opfølgning",
        starts_at=second.starts_at + datetime.timedelta(days=7),
        ends_at=second.starts_at + datetime.timedelta(days=7, minutes=90),
        online_url="https://møde.example/opfoelgning",
    )
    for session, present in ((first, True), (second, False), (third, True)):
        record_attendance(
            actor=personas.a.consultant, session=session, present={enrolment.pk: present}
        )
    return enrolment


def test_the_certificate_states_firm_participant_programme_sessions_hours_and_issuer(
    personas: Personas, training: Training, attended: Enrolment
) -> None:
    # given
    first, second, third = training.run.sessions.order_by("starts_at")
    issued_on = datetime.date(2026, 12, 7)
    # when
    certificate = certificate_for(attended, issued_on=issued_on)
    assert certificate is not None
    html = certificate_html(certificate)
    # then
    assert certificate.sessions == [first, third]
    assert str(certificate.hours) == "4.5"
    company = personas.a.company
    for text in (
        "<h1>Deltagerbevis</h1>",
        f'<p class="firm">{company.name}</p>',
        f"CVR {company.cvr}",
        "ved Anna Hansen",
        "har deltaget i Vækstcamp for skalering (Vækstcamp).",
        f"<dd>{training.run.title}</dd>",
        "<dd>Erhvervshus Hovedstaden</dd>",
        "<dd>4,5</dd>",
        "Mødegang 1",
        "Opfølgning",
        "Udstedt 7. december 2026",
        "Udstedt af Erhvervshus Hovedstaden",
    ):
        assert text in html, text
    assert "Mødegang 2" not in html
    assert '<td class="num">3</td>' in html and '<td class="num">1,5</td>' in html
    assert f"{timezone.localtime(first.starts_at):%H.%M}" in html


def test_the_certificate_is_in_english_for_a_reader_of_english(
    training: Training, attended: Enrolment
) -> None:
    certificate = certificate_for(attended, issued_on=datetime.date(2026, 12, 7))
    assert certificate is not None
    with translation.override("en"):
        html = certificate_html(certificate)
    # (the certificate's own wording is translated with the catalogue; dates and the
    # column headings already translated show the language)
    assert '<html lang="en">' in html
    assert "7 December 2026" in html
    assert '<th class="num">Hours</th>' in html
    assert "7. december 2026" not in html


def test_the_firms_user_downloads_the_pdf_and_the_download_is_audited(
    personas: Personas, attended: Enrolment
) -> None:
    # when
    response = logged_in(personas.a.company_user).get(url(attended))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="deltagerbevis-')
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    name = personas.a.company.name
    # the document's title names the firm; PDF strings are Latin text or UTF-16 hex
    assert name.encode() in text or name.encode("utf-16-be").hex().upper().encode() in text.upper()
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.object_id, entry.company_cvr) == (
        personas.a.company_user,
        str(attended.public_id),
        personas.a.company.cvr,
    )
    assert entry.changes == {"export": "certificate", "sessions": 2, "hours": "4.5"}


@pytest.mark.parametrize("who", ["consultant", "municipal_consultant", "national_admin"])
def test_the_runs_managers_and_caseworkers_who_see_the_firm_may_download(
    personas: Personas, attended: Enrolment, who: str
) -> None:
    user = {
        "consultant": personas.a.consultant,
        "municipal_consultant": personas.a.municipal_consultant,
        "national_admin": personas.national_admin,
    }[who]
    response = logged_in(user).get(url(attended))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "who", ["b_company_user", "b_consultant", "b_manager", "b_municipal", "partner_advisor"]
)
def test_another_firm_and_another_house_are_refused_and_nothing_is_recorded(
    personas: Personas, attended: Enrolment, who: str
) -> None:
    user = {
        "b_company_user": personas.b.company_user,
        "b_consultant": personas.b.consultant,
        "b_manager": personas.b.manager,
        "b_municipal": personas.b.municipal_consultant,
        "partner_advisor": personas.partner_advisor,
    }[who]
    response = logged_in(user).get(url(attended))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_no_certificate_without_an_attended_session(personas: Personas, training: Training) -> None:
    # given firm A enrolled, and registered absent from the first session
    enrolment = enrol(actor=personas.a.company_user, run=training.run, company=personas.a.company)
    first = training.run.sessions.first()
    assert first is not None
    record_attendance(actor=personas.a.consultant, session=first, present={enrolment.pk: False})
    # when
    response = logged_in(personas.a.company_user).get(url(enrolment))
    # then
    assert response.status_code == 404
    assert certificate_for(enrolment) is None
    assert "Der er ikke registreret fremmøde for Firma A ApS" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
