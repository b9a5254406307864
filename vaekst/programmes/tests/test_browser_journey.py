"""Collective growth training end to end in headless Chromium, as the issue's checks ask:

1. a firm's user enrols through the portal ("Tilmeld") and sees that it has a place;
2. a consultant of the organising house builds the eye-level cohorts on the cohort page and,
   with the keyboard alone, registers the firm's attendance on the run page's grid;
3. the consultant finishes the run, and the firm answers the survey in the portal;
4. the run's page shows the satisfaction share of the answers given.

On the way, and again in English, axe finds no WCAG 2.1 A/AA violation (and every id a
screen reader follows resolves) on the run page as the house manager sees it, the cohort
page, the portal's Forløb page, the survey form, the satisfaction page, the network pages
of staff and portal; no page checked scrolls sideways at 320 px.

One browser for the module; each user logs in in a fresh context. Set VAEKST_SCREENSHOTS
to a path prefix (e.g. /tmp/journey-) to keep a full-page screenshot of each step."""

import datetime
import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, Personas, expect
from vaekst.accounts.models import User
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import (
    Attendance,
    Cohort,
    Enrolment,
    Network,
    ProgrammeRun,
    SurveyResponse,
)
from vaekst.programmes.selectors_surveys import questions_of
from vaekst.programmes.services.cohorts import build_run_cohorts
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.services.networks import (
    add_meeting,
    consent_contact,
    create_network_from_cohort,
)
from vaekst.programmes.services.runs import update_run
from vaekst.programmes.services.surveys import answer_survey
from vaekst.programmes.tests.conftest import Training, firm
from vaekst.programmes.tests.survey_helpers import scores, user_of
from vaekst.register.models import Company
from vaekst.web.tests.test_browser_a11y import (  # noqa: F401 (module_browser is a fixture)
    _check_pages,
    _check_pages_in_english,
    _fail_on,
    _focused,
    _in_english,
    _logged_in,
    _problems,
    _sideways,
    _tab_to,
    module_browser,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The other firms on the run (name, employees, founded), different enough to split.
OTHERS = [
    ("Bageriet Nord ApS", 4.0, 2021),
    ("Cykelsmeden ApS", 6.0, 2019),
    ("Designhuset ApS", 9.0, 2016),
    ("Elektro Øst A/S", 45.0, 2004),
    ("Fiskeeksport A/S", 60.0, 1998),
]


@dataclass
class Journey:
    run: ProgrammeRun
    others: list[Company]
    other_user: User  # the user of the first other firm, who answers the survey too


@pytest.fixture
def journey(personas: Personas, training: Training) -> Journey:
    """House A's open run with ten places, cohorts of 3–4, two sessions, five firms on it
    (enrolled by the consultant); firm A, on the highest level, is not on it yet."""
    run = training.run
    ProgrammeRun.objects.filter(pk=run.pk).update(capacity=10, cohort_min=3, cohort_max=4)
    run.refresh_from_db()
    others = []
    for name, employees, founded in OTHERS:
        company = firm(name=name, employees=employees, founded_on=datetime.date(founded, 3, 1))
        enrol(actor=personas.a.consultant, run=run, company=company)
        others.append(company)
    other_user = user_of(others[0], personas.a.house, "firm_bageriet")
    return Journey(run=run, others=others, other_user=other_user)


def _snap(page: Any, step: str) -> None:
    """A full-page screenshot of the step, when VAEKST_SCREENSHOTS names where."""
    prefix = os.environ.get("VAEKST_SCREENSHOTS")
    if prefix:
        page.screenshot(path=f"{prefix}{step}.png", full_page=True)


def _url(base: str, name: str, *args: Any) -> str:
    return f"{base}{reverse(name, args=args)}"


def test_firm_enrols_consultant_builds_cohorts_and_registers_attendance_firm_answers_survey(
    module_browser: Any,  # noqa: F811
    live_server: Any,
    personas: Personas,
    journey: Journey,
) -> None:
    base = live_server.url
    run = journey.run
    problems: list[str] = []

    # -- 1. given the firm's user on the portal's Forløb page, the run open to the firm
    firm_page = _logged_in(module_browser, base, "firm_a", PASSWORD)
    firm_page.goto(_url(base, "portal:programmes"))
    offer = firm_page.locator(f"#run-{run.public_id}")
    expect(offer).to_contain_text("I kan tilmelde jer")
    expect(offer).to_contain_text("5 af 10")  # places left
    problems += _problems(firm_page, "portal Forløb, open run") + _sideways(
        firm_page, "portal Forløb, open run"
    )
    _snap(firm_page, "1-portal-open")
    # when they name the participant and press "Tilmeld"
    offer.get_by_label("Deltagerens navn").fill("Anna Andersen")
    offer.get_by_label("Deltagerens e-mail").fill("anna@firma-a.dk")
    offer.get_by_role("button", name="Tilmeld", exact=True).click()
    # then they are told they have a place, and the enrolment is listed as theirs
    firm_page.wait_for_url(f"{base}{reverse('portal:programmes')}#enrolment-*")
    expect(firm_page.locator(".messages")).to_contain_text(
        f"I er tilmeldt {run.title} og har fået en plads."
    )
    enrolment = Enrolment.objects.get(run=run, company=personas.a.company)
    assert (enrolment.status, enrolment.channel) == (
        EnrolmentStatus.ENROLLED,
        EnrolmentChannel.PORTAL,
    )
    assert (enrolment.participant_name, enrolment.participant_email) == (
        "Anna Andersen",
        "anna@firma-a.dk",
    )
    mine = firm_page.locator(f"#enrolment-{enrolment.public_id}")
    expect(mine).to_contain_text("Status: Tilmeldt")
    expect(mine).to_contain_text("Deltager: Anna Andersen")
    expect(firm_page.locator(f"#run-{run.public_id}")).to_contain_text("I er tilmeldt holdet.")
    problems += _problems(firm_page, "portal Forløb, enrolled") + _sideways(
        firm_page, "portal Forløb, enrolled"
    )
    _snap(firm_page, "1-portal-enrolled")

    # -- 2. when the consultant opens the run from the list and goes to its cohorts
    staff = _logged_in(module_browser, base, "consultant_a", PASSWORD)
    staff.goto(_url(base, "programmes:run_list"))
    staff.get_by_role("link", name=run.title).click()
    staff.wait_for_url(_url(base, "programmes:run_detail", run.public_id))
    expect(staff.locator("#enrolled-heading")).to_have_text("Tilmeldte (6)")
    staff.get_by_role("link", name="Se grupperne").click()
    staff.wait_for_url(_url(base, "programmes:cohorts", run.public_id))
    expect(staff.locator("#cohort-split")).to_contain_text("Der er ingen grupper endnu.")
    # and builds them
    staff.get_by_role("button", name="Dan grupper").click()
    # then the split is announced and shown: six firms in two cohorts of three
    expect(staff.locator("#live-status")).to_contain_text("6 virksomheder er delt i 2 grupper.")
    expect(staff.locator("#cohort-split .alert-success")).to_contain_text(
        "6 virksomheder er delt i 2 grupper"
    )
    expect(staff.get_by_role("heading", name="Gruppe 1")).to_be_visible()
    expect(staff.get_by_role("heading", name="Gruppe 2")).to_be_visible()
    sizes = sorted(
        Enrolment.objects.filter(run=run, cohort__number=number).count() for number in (1, 2)
    )
    assert sizes == [3, 3]
    assert Cohort.objects.filter(run=run).count() == 2
    assert not Enrolment.objects.filter(run=run, cohort__isnull=True).exists()
    firm_a_cohort = Enrolment.objects.get(pk=enrolment.pk).cohort
    assert firm_a_cohort is not None
    expect(staff.locator(f"section:has(#cohort-{firm_a_cohort.number})")).to_contain_text(
        personas.a.company.name
    )
    problems += _problems(staff, "cohort page, built") + _sideways(staff, "cohort page, built")
    _snap(staff, "2-cohorts")

    # when they go back to the run and register on its grid, with the keyboard alone, that
    # firm A and Bageriet Nord came to the first session
    first, second = list(run.sessions.order_by("starts_at"))
    bageriet = Enrolment.objects.get(run=run, company=journey.others[0])
    staff.locator("a.back-link", has_text=run.title).click()
    staff.wait_for_url(_url(base, "programmes:run_detail", run.public_id))
    for came in (enrolment, bageriet):
        box = staff.locator(f"input[form='attendance-{first.pk}'][value='{came.pk}']")
        expect(box).to_be_visible()  # (a box of no size is not visible to Playwright either)
        _tab_to(
            staff,
            f"e.type === 'checkbox' && e.value === '{came.pk}'"
            f" && e.getAttribute('form') === 'attendance-{first.pk}'",
        )
        staff.keyboard.press("Space")
        assert _focused(staff, "e.checked") is True
    # (the session's save button ends its column, after the boxes: tab on to it)
    _tab_to(staff, f"e.tagName === 'BUTTON' && e.form?.id === 'attendance-{first.pk}'")
    assert _focused(staff, "e.getAttribute('aria-label')").startswith("Gem fremmødet den ")
    staff.keyboard.press("Enter")
    # then it is announced, and the grid keeps the ticks
    expect(staff.locator("#live-status")).to_contain_text("Fremmødet den")
    expect(staff.locator("#live-status")).to_contain_text("er gemt.")
    registered = dict(
        Attendance.objects.filter(session=first).values_list("enrolment_id", "present")
    )
    assert registered == {
        e.pk: e.pk in (enrolment.pk, bageriet.pk) for e in Enrolment.objects.filter(run=run)
    }
    assert not Attendance.objects.filter(session=second).exists()
    ticked = staff.locator(f"#attendance input[form='attendance-{first.pk}']:checked")
    expect(ticked).to_have_count(2)
    _snap(staff, "2-attendance")

    # -- 3. when the consultant finishes the run
    staff.get_by_role("button", name="Afslut holdet").click()
    # then
    expect(staff.locator(".messages")).to_contain_text("Holdets status er nu: Afsluttet.")
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED
    expect(staff.get_by_role("button", name="Afslut holdet")).to_have_count(0)
    # and Bageriet Nord has answered its survey, not satisfied overall
    answer_survey(
        actor=journey.other_user,
        run=run,
        scores=scores(SurveyKind.RUN, overall=2),
        comment="For lidt tid til sparring.",
    )

    # when firm A's user answers theirs in the portal: a score for each question, a comment
    firm_page.goto(_url(base, "portal:survey_list"))
    firm_page.get_by_role("link", name=f"Besvar {run.title}").click()
    firm_page.wait_for_url(_url(base, "portal:survey_run", run.public_id))
    expect(firm_page.get_by_role("heading", level=1)).to_have_text("Fortæl os, hvordan det gik")
    problems += _problems(firm_page, "survey form") + _sideways(firm_page, "survey form")
    questions = questions_of(SurveyKind.RUN)
    assert len(questions) == 5
    for question in questions:
        group = firm_page.get_by_role("group", name=question.text)
        answer = "4 – Tilfreds" if question.is_overall else "5 – Meget tilfreds"
        group.get_by_label(answer).check()
    firm_page.get_by_label("Kommentar").fill("Godt at møde andre i samme situation.")
    _snap(firm_page, "3-survey")
    firm_page.get_by_role("button", name="Send svar").click()
    # then they see the thanks, and the answer is stored once
    firm_page.wait_for_url(_url(base, "portal:survey_thanks"))
    expect(firm_page.get_by_role("heading", level=1)).to_have_text("Tak for jeres svar")
    expect(firm_page.locator("main")).to_contain_text("Svarene er gemt.")
    _snap(firm_page, "3-thanks")
    response = SurveyResponse.objects.get(run=run, company=personas.a.company)
    assert response.overall == 4
    assert response.comment == "Godt at møde andre i samme situation."
    assert response.answered_by_id == personas.a.company_user.pk
    by_question = dict(response.answers.values_list("question_id", "score"))
    assert by_question == {q.pk: 4 if q.is_overall else 5 for q in questions}
    # and the survey is no longer due
    firm_page.goto(_url(base, "portal:survey_list"))
    expect(firm_page.locator("main")).to_contain_text(
        "Der er ingen spørgeskemaer at besvare lige nu."
    )

    # -- 4. when the consultant looks at the run again
    staff.goto(_url(base, "programmes:run_detail", run.public_id))
    share = staff.locator("section:has(#run-satisfaction-heading)")
    # then the share is that of the two answers: one satisfied of two
    expect(share).to_contain_text("50 % tilfredse")
    expect(share).to_contain_text(
        "1 af 2 virksomheder, der har svaret, er tilfredse eller meget tilfredse."
    )
    _snap(staff, "4-run-share")
    staff.context.close()
    firm_page.context.close()

    # and the run page as the house manager sees it, the satisfaction page and the networks
    # (a network made of firm A's cohort, with a meeting and firm A's user on its contacts)
    network = _network_of(personas, firm_a_cohort)
    manager = _logged_in(module_browser, base, "manager_a", PASSWORD)
    manager.goto(_url(base, "programmes:satisfaction"))
    run_row = manager.locator("tr", has=manager.get_by_role("link", name=run.title))
    expect(run_row.locator("td")).to_have_text(["Erhvervshus Hovedstaden", "2", "1", "50 %"])
    run_row.get_by_role("link", name=run.title).click()
    expect(manager.locator("#attendance input[type=checkbox]")).to_have_count(12)  # 6 × 2
    problems += _check_pages(
        manager,
        base,
        [
            reverse("programmes:run_detail", args=[run.public_id]),
            reverse("programmes:cohorts", args=[run.public_id]),
            reverse("programmes:satisfaction"),
            reverse("programmes:network_list"),
            reverse("programmes:network_detail", args=[network.public_id]),
        ],
    )
    _snap(manager, "4-manager-network")
    manager.context.close()
    firm_page = _logged_in(module_browser, base, "firm_a", PASSWORD)
    problems += _check_pages(firm_page, base, [reverse("portal:networks")])
    expect(firm_page.locator("main")).to_contain_text(network.name)
    _snap(firm_page, "4-portal-network")
    firm_page.context.close()
    _fail_on(problems)


def _network_of(personas: Personas, cohort: Cohort) -> Network:
    network = create_network_from_cohort(
        actor=personas.a.consultant,
        cohort=cohort,
        name="Skalering Nord",
        description="Videre sammen efter vækstcampen.",
    )
    add_meeting(
        actor=personas.a.consultant,
        network=network,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="Erhvervshuset, mødelokale 2",
        topic="Eksport til Tyskland",
    )
    consent_contact(actor=personas.a.company_user, network=network)
    return network


def test_journey_pages_in_english_pass_axe_and_reflow(
    module_browser: Any,  # noqa: F811
    live_server: Any,
    personas: Personas,
    journey: Journey,
) -> None:
    # given the state the journey reaches, made through the services: firm A enrolled and
    # present, the cohorts built, the run finished, Bageriet Nord's survey answered and a
    # network of firm A's cohort; firm A's own survey still to answer
    run = journey.run
    consultant = personas.a.consultant
    enrolment = enrol(
        actor=personas.a.company_user,
        run=run,
        company=personas.a.company,
        channel=EnrolmentChannel.PORTAL,
        participant_name="Anna Andersen",
        participant_email="anna@firma-a.dk",
    )
    build_run_cohorts(actor=consultant, run=run)
    first = run.sessions.order_by("starts_at").first()
    assert first is not None
    bageriet = Enrolment.objects.get(run=run, company=journey.others[0])
    record_attendance(
        actor=consultant, session=first, present={enrolment.pk: True, bageriet.pk: True}
    )
    update_run(actor=consultant, run=run, status=RunStatus.FINISHED)
    run.refresh_from_db()
    answer_survey(
        actor=journey.other_user, run=run, scores=scores(SurveyKind.RUN, overall=2), comment=""
    )
    enrolment.refresh_from_db()
    assert enrolment.cohort is not None
    network = _network_of(personas, enrolment.cohort)
    problems: list[str] = []
    # when the house manager's and the firm's pages are read in English
    manager = _logged_in(module_browser, live_server.url, "manager_a", PASSWORD)
    _in_english(manager, live_server.url)
    problems += _check_pages_in_english(
        manager,
        live_server.url,
        [
            reverse("programmes:run_detail", args=[run.public_id]),
            reverse("programmes:cohorts", args=[run.public_id]),
            reverse("programmes:satisfaction"),
            reverse("programmes:network_list"),
            reverse("programmes:network_detail", args=[network.public_id]),
        ],
    )
    _snap(manager, "en-manager")
    manager.context.close()
    firm_page = _logged_in(module_browser, live_server.url, "firm_a", PASSWORD)
    _in_english(firm_page, live_server.url)
    problems += _check_pages_in_english(
        firm_page,
        live_server.url,
        [
            reverse("portal:programmes"),
            reverse("portal:survey_run", args=[run.public_id]),
            reverse("portal:networks"),
        ],
    )
    # and the survey form sent empty shows its errors
    firm_page.goto(_url(live_server.url, "portal:survey_run", run.public_id))
    firm_page.get_by_role("button", name="Send answers").click()
    firm_page.locator(".form-error-message").first.wait_for()
    problems += _problems(firm_page, "[en] survey form with errors")
    _snap(firm_page, "en-survey-errors")
    firm_page.context.close()
    # then
    _fail_on(problems)
