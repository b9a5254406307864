"""Issue #4's journey in headless Chromium: a consultant has recorded a mapping, built a plan
with a milestone and proposed a partnership (through the services, in the set-up); the
firm's user logs in, lands in the portal, accepts the partnership and ticks the milestone;
the consultant then sees the progress on the plan page. Uses Debian's Chromium; skips
without it unless VAEKST_REQUIRE_BROWSER=1."""

import datetime
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from conftest import PASSWORD, Personas
from vaekst.growthplans.choices import MilestoneStatus, Priority
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import (
    AnswerInput,
    add_milestone,
    complete_mapping,
    create_plan_from_mapping,
    propose_partnership,
    record_answers,
    start_mapping,
    update_mapping,
)

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("VAEKST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and VAEKST_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    page = browser.new_context(locale="da-DK").new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def consultant_prepares(personas: Personas) -> tuple[GrowthPlan, GrowthPartnership]:
    """The consultant's part: a mapping, a plan with a milestone, a proposed partnership."""
    consultant = personas.a.consultant
    mapping = start_mapping(
        actor=consultant,
        company=personas.a.company,
        held_on=datetime.date.today(),
        participants="Direktør",
    )
    update_mapping(actor=consultant, mapping=mapping, ambition_jobs=5, target_year=2028)
    record_answers(
        actor=consultant,
        mapping=mapping,
        answers=[AnswerInput("sales", status=2, priority=Priority.MEDIUM)],
    )
    plan = create_plan_from_mapping(
        actor=consultant, mapping=complete_mapping(actor=consultant, mapping=mapping)
    )
    milestone = add_milestone(
        actor=consultant,
        plan=plan,
        expected_revision=plan.revision,
        title="Første eksportordre",
        criterion="En ordre fra Tyskland",
        due_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    partnership = propose_partnership(
        actor=consultant,
        plan=plan,
        firm_commitment="Ansætte en eksportsælger.",
        house_commitment="Sparring om eksport.",
        house_hours=Decimal(10),
        firm_milestones=[milestone],
    )
    plan.refresh_from_db()
    return plan, partnership


@pytest.fixture
def restore_migration_data(django_db_blocker: Any) -> Iterator[None]:
    """A transactional test ends by emptying every table, the migrations' reference data
    included; put that back so later transactional tests find it. Set up before
    `transactional_db`, so this runs after its flush."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def server(
    restore_migration_data: None,
    transactional_db: None,
    django_db_serialized_rollback: None,
    request: pytest.FixtureRequest,
) -> Iterator[Any]:
    """The live server, requested here rather than by name in the test: pytest-django's
    helper would otherwise set up (and so flush) the database before the restore above."""
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield live_server
    live_server._live_server_modified_settings.disable()


def test_firm_accepts_partnership_and_ticks_milestone_consultant_sees_it(
    server: Any, personas: Personas, browser: Any
) -> None:
    # given the consultant's mapping, plan and proposed partnership
    plan, partnership = consultant_prepares(personas)
    base = server.url
    page = new_page(browser)
    # when the firm's user logs in, they land in the portal
    log_in(page, base, "firm_a")
    page.wait_for_url(f"{base}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Firma A ApS")
    # and accept the partnership, confirming it
    page.get_by_role("link", name="Acceptér partnerskabet").click()
    page.wait_for_url(f"**/portal/partnerskab/{partnership.public_id}/")
    page.get_by_label("Jeg har læst partnerskabet og accepterer det").check()
    page.get_by_role("button", name="Acceptér partnerskabet").click()
    expect(page.locator(".alert-success")).to_contain_text("accepteret vækstpartnerskabet")
    # and tick the milestone as reached
    page.get_by_role("link", name="Vækstplan", exact=True).first.click()
    page.wait_for_url(f"{base}/portal/plan/")
    milestone = plan.milestones.get(title="Første eksportordre")
    page.locator(f"#m-status-{milestone.public_id}").select_option(MilestoneStatus.DONE)
    page.locator(f"#milestone-{milestone.public_id} button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Første eksportordre")
    # then the consultant sees the progress on the plan page
    consultant_page = new_page(browser)
    log_in(consultant_page, base, "consultant_a")
    consultant_page.wait_for_url(f"{base}/")
    consultant_page.goto(f"{base}/vaekstplaner/{plan.public_id}/")
    row = consultant_page.get_by_role("row", name="Første eksportordre En ordre")
    expect(row).to_contain_text("Nået")
    partnership.refresh_from_db()
    milestone.refresh_from_db()
    assert partnership.firm_accepted_by == personas.a.company_user
    assert (milestone.status, milestone.progress) == (MilestoneStatus.DONE, 100)
