"""The run's page: details, sessions (htmx), enrolment with the eligibility check and its
override, cancellation with promotion from the waitlist, attendance; who may do what, and
that a refused request changes nothing; the page's queries do not grow with enrolments."""

import datetime
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from conftest import Personas
from vaekst.offers.models import EligibilityOverride
from vaekst.programmes.choices import EnrolmentStatus
from vaekst.programmes.models import Attendance, Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.tests.conftest import Training, firm, make_run

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(run: ProgrammeRun) -> str:
    return f"/forloeb/{run.public_id}/"


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("programmes", "offers", "audit")
    }


def announced(response: Any) -> str:
    return str(json.loads(response["HX-Trigger-After-Settle"])["vaekst:announce"]["message"])


def session_data(day: str = "2030-03-04", **fields: str) -> dict[str, str]:
    return {
        "title": "Kapital",
        "day": day,
        "starts": "09:00",
        "ends": "12:00",
        "place": "Erhvervshuset",
        "online_url": "",
        "capacity": "",
        **fields,
    }


def test_the_run_page_shows_details_sessions_enrolled_waitlist_and_cancelled(
    personas: Personas, training: Training
) -> None:
    # given three places taken, two waiting, one cancelled
    firms = [firm(name=f"Deltager {n} ApS") for n in range(6)]
    enrolments = [enrol(actor=personas.a.consultant, run=training.run, company=f) for f in firms]
    from vaekst.programmes.services.enrolment import cancel_enrolment

    cancel_enrolment(actor=personas.a.consultant, enrolment=enrolments[5], reason="Syg")
    session = training.run.sessions.order_by("starts_at").first()
    assert session is not None
    record_attendance(
        actor=personas.a.consultant,
        session=session,
        present={enrolments[0].pk: True, enrolments[1].pk: False},
    )
    # when
    response = logged_in(personas.a.consultant).get(page_url(training.run))
    # then
    assert response.status_code == 200
    page = response.context["page"]
    assert [r.enrolment.company.name for r in page.enrolled] == [
        "Deltager 0 ApS",
        "Deltager 1 ApS",
        "Deltager 2 ApS",
    ]
    assert [(r.position, r.enrolment.company.name) for r in page.waitlisted] == [
        (1, "Deltager 3 ApS"),
        (2, "Deltager 4 ApS"),
    ]
    assert [r.enrolment.cancel_reason for r in page.cancelled] == ["Syg"]
    assert len(page.sessions) == 2
    html = response.content.decode()
    assert "3 af 3 taget, 0 ledige" in html
    # a certificate for the firm that took part, none for those that have not (yet)
    assert f"/forloeb/tilmeldinger/{enrolments[0].public_id}/deltagerbevis.pdf" in html
    assert f"/forloeb/tilmeldinger/{enrolments[1].public_id}/deltagerbevis.pdf" not in html
    assert f"/forloeb/tilmeldinger/{enrolments[2].public_id}/deltagerbevis.pdf" not in html
    assert f'href="/virksomheder/{firms[0].cvr}/"' in html
    assert "Tilføj mødegang" in html


def test_firm_names_are_linked_only_where_the_user_may_see_the_firm(
    personas: Personas, training: Training
) -> None:
    # given a firm in Frederiksberg (147), outside the Copenhagen consultant's municipality
    elsewhere = firm(municipality_code=147)
    enrol(actor=personas.a.consultant, run=training.run, company=elsewhere)
    # when the municipal consultant of Copenhagen opens the run
    response = logged_in(personas.a.municipal_consultant).get(page_url(training.run))
    # then the name shows, unlinked
    html = response.content.decode()
    assert response.status_code == 200
    assert elsewhere.name in html
    assert f"/virksomheder/{elsewhere.cvr}/" not in html


# -- sessions ---------------------------------------------------------------------------


def test_a_manager_adds_a_session_with_htmx_and_it_is_announced(
    personas: Personas, training: Training
) -> None:
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/ny/",
        session_data(online_url="https://moede.example/abc"),
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 200
    session = RunSession.objects.get(run=training.run, title="Kapital")
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=3)
    assert session.online_url == "https://moede.example/abc"
    assert announced(response) == "Mødegangen 04.03.2030 09:00 er tilføjet."
    assert 'id="sessions"' in response.content.decode()


def test_a_session_ending_before_it_starts_is_refused_with_the_reason(
    personas: Personas, training: Training
) -> None:
    before = RunSession.objects.count()
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/ny/",
        session_data(starts="13:00", ends="12:00"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "En mødegang skal slutte efter den starter." in response.content.decode()
    assert RunSession.objects.count() == before


def test_a_session_needs_a_place_or_an_online_link(personas: Personas, training: Training) -> None:
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/ny/", session_data(place="")
    )
    assert response.status_code == 400
    assert "Angiv et sted eller en onlinelink." in response.content.decode()


def test_a_manager_edits_and_removes_a_session(personas: Personas, training: Training) -> None:
    # given
    session = training.run.sessions.first()
    assert session is not None
    client = logged_in(personas.a.consultant)
    base = f"/forloeb/{training.run.public_id}/moedegange/{session.public_id}"
    # when the form is opened, then saved
    opened = client.get(f"{base}/ret/", HTTP_HX_REQUEST="true")
    saved = client.post(
        f"{base}/ret/", session_data(day="2030-05-06", place="Aarhus Ø"), HTTP_HX_REQUEST="true"
    )
    # then
    assert opened.status_code == 200
    assert 'name="day"' in opened.content.decode()
    assert saved.status_code == 200
    session.refresh_from_db()
    assert (session.place, session.starts_at.date()) == ("Aarhus Ø", datetime.date(2030, 5, 6))
    # when it is removed
    removed = client.post(f"{base}/fjern/", HTTP_HX_REQUEST="true")
    # then
    assert removed.status_code == 200
    assert announced(removed) == "Mødegangen 06.05.2030 09:00 er fjernet."
    assert not RunSession.objects.filter(pk=session.pk).exists()


def test_a_session_with_attendance_cannot_be_removed(
    personas: Personas, training: Training
) -> None:
    # given
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    session = training.run.sessions.first()
    assert session is not None
    record_attendance(actor=personas.a.consultant, session=session, present={enrolment.pk: True})
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/{session.public_id}/fjern/",
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 400
    assert "Der er registreret fremmøde til mødegangen." in response.content.decode()
    assert RunSession.objects.filter(pk=session.pk).exists()


# -- enrolment --------------------------------------------------------------------------


def test_a_consultant_enrols_a_firm_found_by_cvr(personas: Personas, training: Training) -> None:
    # given
    company = firm()
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/tilmeld/",
        {"firm": str(company.cvr), "participant_name": "Ida", "participant_email": "ida@x.dk"},
    )
    # then
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(run=training.run, company=company)
    assert (enrolment.status, enrolment.participant_name) == (EnrolmentStatus.ENROLLED, "Ida")


def test_a_name_matching_several_firms_offers_them_to_choose(
    personas: Personas, training: Training
) -> None:
    # given
    first = firm(name="Tømrer Hansen ApS")
    firm(name="Tømrer Hansen & Søn ApS")
    client = logged_in(personas.a.consultant)
    url = f"/forloeb/{training.run.public_id}/tilmeld/"
    # when
    found = client.post(url, {"firm": "Tømrer Hansen"})
    # then
    assert found.status_code == 400
    assert [c.name for c in found.context["candidates"]] == [
        "Tømrer Hansen & Søn ApS",
        "Tømrer Hansen ApS",
    ]
    assert Enrolment.objects.filter(run=training.run).count() == 0
    # when one is chosen
    chosen = client.post(url, {"firm": "Tømrer Hansen", "cvr": str(first.cvr)})
    assert chosen.status_code == 302
    assert Enrolment.objects.get(run=training.run).company == first


def test_a_refused_firm_shows_the_reason_and_is_enrolled_with_an_override(
    personas: Personas, training: Training
) -> None:
    # given a firm on no level: the eligibility check refuses it
    company = firm(level=None, name="Uplaceret ApS")
    client = logged_in(personas.a.consultant)
    url = f"/forloeb/{training.run.public_id}/tilmeld/"
    # when
    refused = client.post(url, {"firm": str(company.cvr)})
    # then the reason shows with the override field, and nothing is enrolled
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Tjekket afviser virksomheden:" in html
    assert 'name="override_reason"' in html
    assert f'name="cvr" value="{company.cvr}"' in html
    assert not Enrolment.objects.filter(company=company).exists()
    # when the consultant gives a reason
    done = client.post(url, {"firm": "x", "cvr": str(company.cvr), "override_reason": "Aftalt"})
    # then
    assert done.status_code == 302
    enrolment = Enrolment.objects.get(company=company)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.eligibility_reason.startswith("Undtagelse")
    assert EligibilityOverride.objects.filter(company=company, reason="Aftalt").count() == 1


def test_cancelling_a_place_promotes_the_first_on_the_waitlist(
    personas: Personas, training: Training
) -> None:
    # given a full run with one waiting
    enrolled = [enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in "abc"]
    waiting = enrol(actor=personas.a.consultant, run=training.run, company=firm(name="Næste ApS"))
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/tilmeldinger/{enrolled[0].public_id}/afmeld/",
        {"reason": "Kan ikke alligevel"},
        follow=True,
    )
    # then
    enrolled[0].refresh_from_db()
    waiting.refresh_from_db()
    assert (enrolled[0].status, enrolled[0].cancel_reason) == (
        EnrolmentStatus.CANCELLED,
        "Kan ikke alligevel",
    )
    assert waiting.status == EnrolmentStatus.ENROLLED
    assert "Pladsen gik til Næste ApS fra ventelisten." in response.content.decode()


def test_attendance_is_saved_per_session_and_announced(
    personas: Personas, training: Training
) -> None:
    # given
    here, away = (
        enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in "ab"
    )
    session = training.run.sessions.first()
    assert session is not None
    # when
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/{session.public_id}/fremmoede/",
        {"shown": f"{here.pk},{away.pk}", "present": [str(here.pk)]},
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 200
    assert announced(response).startswith("Fremmødet den ")
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
    assert marks == {here.pk: True, away.pk: False}
    html = response.content.decode()

    def box(enrolment: Enrolment) -> str:
        return (
            f'value="{enrolment.pk}" id="present-{enrolment.pk}-{session.pk}"'
            f' aria-labelledby="firm-{enrolment.pk} session-{session.pk}"'
        )

    assert f"{box(here)} checked>" in html
    assert f"{box(away)}>" in html
    # and the enrolled firms' attendance column comes up to date out of band
    enrolled = html[html.index('<section aria-labelledby="enrolled-heading" id="enrolled"') :]
    assert enrolled.startswith(
        '<section aria-labelledby="enrolled-heading" id="enrolled" hx-swap-oob="true">'
    )
    assert enrolled.count("<td>1 / 2</td>") == 1 and enrolled.count("<td>0 / 2</td>") == 1


def test_attendance_for_a_firm_not_on_the_run_is_refused(
    personas: Personas, training: Training
) -> None:
    other_run = make_run(training.programme, personas.a.house, personas.a.consultant)
    stranger = enrol(actor=personas.a.consultant, run=other_run, company=firm())
    session = training.run.sessions.first()
    assert session is not None
    response = logged_in(personas.a.consultant).post(
        f"/forloeb/{training.run.public_id}/moedegange/{session.public_id}/fremmoede/",
        {"shown": str(stranger.pk), "present": [str(stranger.pk)]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert Attendance.objects.count() == 0


# -- who may ----------------------------------------------------------------------------


def _requests(run: ProgrammeRun, enrolment: Enrolment) -> list[tuple[str, str, dict[str, Any]]]:
    session = run.sessions.first()
    assert session is not None
    base = f"/forloeb/{run.public_id}"
    return [
        ("get", f"{base}/", {}),
        ("get", f"{base}/ret/", {}),
        ("post", f"{base}/ret/", {"title": "Overtaget", "cohort_min": 1, "cohort_max": 2}),
        ("post", f"{base}/status/", {"status": "closed"}),
        ("post", f"{base}/moedegange/ny/", session_data()),
        ("post", f"{base}/moedegange/{session.public_id}/ret/", session_data()),
        ("post", f"{base}/moedegange/{session.public_id}/fjern/", {}),
        ("post", f"{base}/moedegange/{session.public_id}/fremmoede/", {"shown": enrolment.pk}),
        ("post", f"{base}/tilmeld/", {"firm": "Firma"}),
        ("post", f"{base}/tilmeldinger/{enrolment.public_id}/afmeld/", {"reason": "x"}),
    ]


@pytest.mark.parametrize(
    "who", ["b.consultant", "b.manager", "a.company_user", "b.company_user", "partner_advisor"]
)
def test_another_house_a_firm_and_a_partner_not_facilitating_get_404_and_nothing_changes(
    personas: Personas, training: Training, who: str
) -> None:
    # given
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    side, _, role = who.rpartition(".")
    user = getattr(getattr(personas, side), role) if side else getattr(personas, role)
    client = logged_in(user)
    before = row_counts()
    # when / then
    for method, url, data in _requests(training.run, enrolment):
        response = getattr(client, method)(url, data)
        assert (method, url, response.status_code) == (method, url, 404)
    assert row_counts() == before


def test_a_municipal_consultant_sees_the_run_but_may_not_manage_it(
    personas: Personas, training: Training
) -> None:
    # given
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    client = logged_in(personas.a.municipal_consultant)
    before = row_counts()
    # when / then: the page shows, every managing action is a 403, and nothing changes
    for method, url, data in _requests(training.run, enrolment):
        if url.endswith(("/tilmeld/", "/afmeld/")):
            continue
        response = getattr(client, method)(url, data)
        expected = 200 if method == "get" and url.endswith(f"{training.run.public_id}/") else 403
        assert (method, url, response.status_code) == (method, url, expected)
    assert row_counts() == before
    assert "Tilføj mødegang" not in client.get(page_url(training.run)).content.decode()


def test_a_municipal_consultant_enrols_and_cancels_a_firm_of_their_own(
    personas: Personas, training: Training
) -> None:
    # given
    client = logged_in(personas.a.municipal_consultant)
    # when
    response = client.post(f"/forloeb/{training.run.public_id}/tilmeld/", {"firm": "Firma A"})
    # then
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(run=training.run, company=personas.a.company)
    assert enrolment.enrolled_by == personas.a.municipal_consultant
    # when
    client.post(f"/forloeb/{training.run.public_id}/tilmeldinger/{enrolment.public_id}/afmeld/")
    # then
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED


def test_a_municipal_consultant_may_not_cancel_a_firm_they_cannot_see(
    personas: Personas, training: Training
) -> None:
    # given a firm of Frederiksberg on house A's run
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=firm(147))
    before = row_counts()
    # when
    response = logged_in(personas.a.municipal_consultant).post(
        f"/forloeb/{training.run.public_id}/tilmeldinger/{enrolment.public_id}/afmeld/"
    )
    # then
    assert response.status_code == 404
    assert row_counts() == before


def test_a_facilitating_partner_advisor_manages_the_run(
    personas: Personas, training: Training
) -> None:
    # given
    training.run.facilitators.add(personas.partner_advisor)
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    session = training.run.sessions.first()
    assert session is not None
    client = logged_in(personas.partner_advisor)
    # when
    page = client.get(page_url(training.run))
    saved = client.post(
        f"/forloeb/{training.run.public_id}/moedegange/{session.public_id}/fremmoede/",
        {"shown": str(enrolment.pk), "present": [str(enrolment.pk)]},
    )
    # then
    assert page.status_code == 200
    assert saved.status_code == 302
    assert Attendance.objects.get(session=session).present is True


# -- queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_the_run_page_reads_in_a_fixed_number_of_queries(
    personas: Personas, training: Training, django_assert_max_num_queries: Any, count: int
) -> None:
    # given a run with ten sessions, `count` enrolled firms, a waiting one and attendance
    run = make_run(
        training.programme, personas.a.house, personas.a.consultant, capacity=count, sessions=10
    )
    run.facilitators.add(personas.a.manager, personas.partner_advisor)
    enrolments = [enrol(actor=personas.a.consultant, run=run, company=firm()) for _ in range(count)]
    enrol(actor=personas.a.consultant, run=run, company=firm())
    for session in run.sessions.all():
        record_attendance(
            actor=personas.a.consultant,
            session=session,
            present={e.pk: e.pk % 2 == 0 for e in enrolments},
        )
    client = logged_in(personas.a.consultant)
    client.get(page_url(run))
    # when / then: session, user, run, manager check, sessions, enrolments with their firms,
    # attendance, the firms the user may see, facilitators, the menu's audit check, and the
    # run's satisfaction share
    with django_assert_max_num_queries(11):
        response = client.get(page_url(run))
    assert response.status_code == 200
    assert len(response.context["page"].enrolled) == count
    assert len(response.context["page"].waitlisted) == 1
    assert Attendance.objects.filter(session__run=run).count() == 10 * count


def test_the_run_page_shows_its_satisfaction_share_to_staff_and_links_its_cohorts(
    personas: Personas, training: Training
) -> None:
    # given a finished run: three firms answered, two satisfied
    from vaekst.programmes.tests.survey_helpers import answered, finish

    run = finish(training.run)
    for overall in (5, 4, 2):
        answered(company=firm(), overall=overall, year=2026, by=personas.a.consultant, run=run)
    # when
    page = logged_in(personas.a.consultant).get(page_url(run)).text
    # then
    assert "66,7 % tilfredse" in page
    assert "2 af 3 virksomheder, der har svaret, er tilfredse eller meget tilfredse." in page
    assert f'href="/forloeb/{run.public_id}/grupper/"' in page


def test_a_finished_runs_sessions_are_history(personas: Personas, training: Training) -> None:
    # given a finished run
    from django.core.exceptions import ValidationError

    from vaekst.programmes.services.runs import add_session, remove_session, update_session
    from vaekst.programmes.tests.survey_helpers import finish

    run = finish(training.run)
    session = run.sessions.first()
    assert session is not None
    sessions = RunSession.objects.filter(run=run).values_list("pk", "title", "starts_at")
    before = list(sessions)
    # when its manager tries to change them, then each is refused with the reason
    for change in (
        lambda: add_session(
            actor=personas.a.consultant,
            run=run,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            place="Lokale 1",
        ),
        lambda: update_session(actor=personas.a.consultant, session=session, title="Ny"),
        lambda: remove_session(actor=personas.a.consultant, session=session),
    ):
        with pytest.raises(ValidationError, match="afsluttet; dets mødegange kan ikke ændres"):
            change()
    assert (
        list(RunSession.objects.filter(run=run).values_list("pk", "title", "starts_at")) == before
    )
    # and the page offers no change
    page = logged_in(personas.a.consultant).get(page_url(run)).text
    assert "Tilføj mødegang" not in page
    assert f"/moedegange/{session.public_id}/ret/" not in page
