"""The month calendar in headless Chromium: no WCAG 2.1 A/AA violation (axe), every id a
screen reader follows resolves, and at 320 px the page does not scroll sideways (the grid
scrolls in its own labelled region) — for a consultant with sessions this month and for a
firm's user enrolled on the run."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, Personas
from vaekst.programmes.models import RunSession
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training
from vaekst.web.tests.test_browser_a11y import (  # noqa: F401 (module_browser is a fixture)
    NARROW,
    _check_pages,
    _fail_on,
    _logged_in,
    _problems,
    module_browser,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_passes_axe_and_reflows_for_a_consultant_and_a_firm(
    module_browser: Any,  # noqa: F811
    live_server: Any,
    personas: Personas,
    training: Training,
) -> None:
    # given the run's only sessions are two this month, one with a long place, both online
    training.run.sessions.all().delete()
    today = timezone.localdate()
    for day, place in [(3, "Erhvervshuset Hovedstaden, mødelokale 2, 3. sal"), (17, "")]:
        starts_at = timezone.make_aware(datetime.datetime(today.year, today.month, day, 9, 0))
        RunSession.objects.create(
            run=training.run,
            title="Strategi og skalering",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            place=place,
            online_url="https://moede.example.dk/vaekst-camp-dag-1",
        )
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    path = reverse("programmes:calendar")
    problems: list[str] = []
    # when
    for username in ("consultant_a", "firm_a"):
        page = _logged_in(module_browser, live_server.url, username, PASSWORD)
        problems += _check_pages(page, live_server.url, [path, f"{path}?visning=organisation"])
        assert page.locator("td[aria-current=date]").count() == 1
        assert page.get_by_role("link", name="Strategi og skalering").count() == 2
        # and on a phone the month is a list of the busy days, the grid hidden
        page.goto(f"{live_server.url}{path}")
        page.set_viewport_size(NARROW)
        assert page.locator(".calendar-grid").is_hidden()
        assert page.locator(".calendar-agenda h2").count() == 2
        assert page.get_by_role("link", name="Strategi og skalering").count() == 2
        problems += _problems(page, f"{username} at 320 px")
        page.context.close()
    # then
    _fail_on(problems)
