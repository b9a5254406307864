"""In headless Chromium: a refused htmx change answers its status (409 for a stale save) and
the reader still sees why, in the plan body htmx swaps in; closing an inline form still works
now that it is scoped. Skips without Chromium unless VAEKST_REQUIRE_BROWSER=1."""

from typing import Any

import pytest

from conftest import PASSWORD, Personas, expect, new_page
from vaekst.growthplans.choices import MilestoneStatus
from vaekst.growthplans.models import GrowthPlan, PlanMilestone
from vaekst.growthplans.services import set_milestone_progress

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_stale_inline_save_shows_why_it_was_refused(
    live_server: Any, personas: Personas, plan_a: GrowthPlan, browser: Any
) -> None:
    page = new_page(browser)
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Brugernavn").fill("consultant_a")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/vaekstplaner/{plan_a.public_id}/")
    body = page.locator("#plan-body")
    # given the consultant opens the inline form and closes it again
    page.get_by_role("button", name="Ret Sælger ansat").click()
    expect(page.get_by_role("button", name="Annullér")).to_be_visible()
    page.get_by_role("button", name="Annullér").click()
    expect(page.get_by_role("button", name="Annullér")).to_have_count(0)
    # and opens it again, while the manager changes the plan
    page.get_by_role("button", name="Ret Sælger ansat").click()
    expect(page.get_by_role("button", name="Gem", exact=True)).to_be_visible()
    set_milestone_progress(
        actor=personas.a.manager,
        milestone=PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat"),
        expected_revision=4,
        status=MilestoneStatus.IN_PROGRESS,
    )
    # when the consultant saves: the answer is a 409
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Gem", exact=True).click()
    assert answer.value.status == 409
    # then the plan body shows why, and nothing was overwritten
    expect(body).to_contain_text("siden du åbnede den")
    expect(body.locator(".alert-error")).to_be_visible()
    assert PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat").status == "in_progress"
