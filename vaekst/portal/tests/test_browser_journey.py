"""Issue #4's journey in headless Chromium, every step through the pages: the consultant
logs in, opens the firm, records a growth mapping (statuses, priorities, the ambition),
completes it, creates the plan from it, adds a milestone and an action, proposes the
partnership and accepts it for the house; the firm's user logs in, accepts the partnership
and ticks the milestone in the portal; the consultant opens the plan and sees the progress.
Uses Debian's Chromium; skips without it unless VAEKST_REQUIRE_BROWSER=1."""

import datetime
import re
from typing import Any

import pytest

from conftest import PASSWORD, Personas, expect, new_page
from vaekst.growthplans.choices import ActionOwnerKind, MilestoneStatus, PartnershipStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan

MILESTONE = "Første eksportordre"
ACTION = "Deltag i eksportforløb"
UUID = r"[0-9a-f-]{36}"

pytestmark = pytest.mark.browser


def log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def rate_focus_area(page: Any, title: str, status: int, priority: str) -> None:
    """One row of the mapping form: a status from the segmented 1-5 and a priority."""
    group = page.get_by_role("group", name=f"Status for {title}")
    group.get_by_text(str(status), exact=True).click()
    expect(group.get_by_role("radio", name=str(status), exact=True)).to_be_checked()
    row = page.get_by_role("row").filter(has=group)
    row.get_by_label("Prioritet").select_option(label=priority)


def open_add_form(page: Any, label: str) -> Any:
    """Open an add form on the plan page; htmx fetches its body when the summary is first
    clicked, so wait for htmx to be ready and for the form to arrive."""
    page.wait_for_function("() => window.htmx !== undefined")
    details = page.locator("details").filter(has_text=label)
    details.get_by_text(label, exact=True).click()
    expect(details.get_by_role("button", name="Tilføj")).to_be_visible()
    return details


def consultant_builds_plan(page: Any, base: str, personas: Personas) -> str:
    """From the firm's page: a completed mapping, the plan created from it, a milestone and
    an action added. Returns the plan page's URL."""
    company = personas.a.company
    log_in(page, base, "consultant_a")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/virksomheder/{company.cvr}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(company.name)
    page.get_by_role("link", name="Ny vækstkortlægning").click()
    page.wait_for_url(f"{base}/virksomheder/{company.cvr}/vaekstkortlaegning/ny/")
    page.get_by_label("Deltagere").fill("Direktør og salgschef")
    page.get_by_role("button", name="Start kortlægningen").click()
    page.wait_for_url(re.compile(rf"/vaekstkortlaegninger/{UUID}/$"))
    rate_focus_area(page, "Værdiløfte", 2, "Høj")
    rate_focus_area(page, "Målgrupper", 3, "Middel")
    page.get_by_label("Flere job").fill("5")
    page.get_by_label("Eksport (kr.)").fill("2000000")
    page.get_by_label("Målår").fill(str(datetime.date.today().year + 3))
    page.get_by_role("button", name="Gem og afslut").click()
    expect(page.locator(".alert-success")).to_contain_text("Kortlægningen er afsluttet.")
    # the completed mapping reads back what was entered
    expect(page.get_by_role("row", name=re.compile("^Værdiløfte 2 Høj"))).to_be_visible()
    page.get_by_role("button", name="Opret vækstplan").click()
    page.wait_for_url(re.compile(rf"/vaekstplaner/{UUID}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Vækstplanen er oprettet.")
    plan_url: str = page.url

    # a milestone (the high-priority focus area already gave one)
    details = open_add_form(page, "Tilføj en milepæl")
    details.get_by_label("Milepæl", exact=True).fill(MILESTONE)
    details.get_by_label("Målbart kriterium").fill("En ordre fra Tyskland")
    due = datetime.date.today() + datetime.timedelta(days=90)
    details.get_by_label("Dato").fill(due.isoformat())
    details.get_by_role("button", name="Tilføj").click()
    expect(page.locator("#plan-body .alert-success")).to_contain_text("Milepælen er tilføjet.")
    milestones = page.get_by_role("table", name="Milepæle")
    expect(milestones.get_by_role("row", name=re.compile(f"^{MILESTONE}"))).to_contain_text(
        "Planlagt"
    )

    # and an action towards it, owned by the firm
    details = open_add_form(page, "Tilføj en aktivitet")
    details.get_by_label("Aktivitet", exact=True).fill(ACTION)
    details.get_by_label("Ansvarlig").select_option(ActionOwnerKind.FIRM)
    details.get_by_label("Milepæl").select_option(label=MILESTONE)
    details.get_by_role("button", name="Tilføj").click()
    expect(page.locator("#plan-body .alert-success")).to_contain_text("Aktiviteten er tilføjet.")
    actions = page.get_by_role("table", name="Aktiviteter")
    expect(actions.get_by_role("row", name=re.compile(f"^{ACTION}"))).to_be_visible()
    return plan_url


def consultant_proposes_partnership(page: Any, base: str) -> GrowthPartnership:
    """Propose the partnership from the plan page, with every milestone, and accept it for
    the house."""
    page.get_by_role("link", name="Foreslå et vækstpartnerskab").click()
    page.wait_for_url(re.compile(rf"/vaekstplaner/{UUID}/partnerskab/$"))
    page.get_by_label("Virksomheden forpligter sig til").fill("Ansætte en eksportsælger.")
    expect(page.get_by_role("checkbox", name=MILESTONE)).to_be_checked()
    page.get_by_label("Huset forpligter sig til").fill("Sparring om eksport.")
    page.get_by_label("Timer fra huset").fill("10")
    page.get_by_role("button", name="Foreslå partnerskabet").click()
    page.wait_for_url(re.compile(rf"/vaekstpartnerskaber/{UUID}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Partnerskabet er foreslået.")
    page.get_by_role("button", name="Acceptér for huset").click()
    expect(page.locator(".alert-success")).to_contain_text("accepteret partnerskabet for huset")
    public_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    return GrowthPartnership.objects.get(public_id=public_id)


def firm_accepts_and_ticks(page: Any, base: str, partnership: GrowthPartnership) -> None:
    log_in(page, base, "firm_a")
    page.wait_for_url(f"{base}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Firma A ApS")
    page.get_by_role("link", name="Acceptér partnerskabet").click()
    page.wait_for_url(f"**/portal/partnerskab/{partnership.public_id}/")
    page.get_by_label("Jeg har læst partnerskabet og accepterer det").check()
    page.get_by_role("button", name="Acceptér partnerskabet").click()
    expect(page.locator(".alert-success")).to_contain_text("accepteret vækstpartnerskabet")
    page.get_by_role("link", name="Vækstplan", exact=True).first.click()
    page.wait_for_url(f"{base}/portal/plan/")
    milestone = page.get_by_role("article", name=MILESTONE)
    milestone.get_by_label("Status").select_option(label="Nået")
    milestone.get_by_role("button", name=f"Gem milepælen {MILESTONE}").click()
    expect(page.locator(".alert-success")).to_contain_text(MILESTONE)


def test_consultant_plans_firm_accepts_and_ticks_consultant_sees_progress(
    live_server: Any, personas: Personas, browser: Any
) -> None:
    base = live_server.url
    # given the consultant's mapping, plan, milestone, action and proposed partnership
    consultant = new_page(browser)
    plan_url = consultant_builds_plan(consultant, base, personas)
    partnership = consultant_proposes_partnership(consultant, base)
    assert partnership.status == PartnershipStatus.DRAFT
    # when the firm's user accepts the partnership and ticks the milestone in the portal
    firm = new_page(browser)
    firm_accepts_and_ticks(firm, base, partnership)
    # then the consultant sees the progress on the firm's page and on the plan page
    consultant.goto(f"{base}/virksomheder/{personas.a.company.cvr}/")
    section = consultant.locator("#growth-section")
    done = section.locator("dt", has_text="Milepæle nået").locator("xpath=following-sibling::dd[1]")
    expect(done).to_have_text(re.compile(r"^1 / 2"))
    section.get_by_role("link", name=f"Vækstplan for {personas.a.company.name}").click()
    consultant.wait_for_url(plan_url)
    milestones = consultant.get_by_role("table", name="Milepæle")
    expect(milestones.get_by_role("row", name=re.compile(f"^{MILESTONE}"))).to_contain_text("Nået")
    progress = consultant.locator("dt", has_text="Milepæle nået").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(progress).to_have_text(re.compile(r"^1 / 2"))
    # and the partnership, accepted on both sides, is active
    expect(consultant.get_by_role("link", name="Aktiv", exact=True)).to_be_visible()
    plan = GrowthPlan.objects.get(company=personas.a.company)
    partnership.refresh_from_db()
    milestone = plan.milestones.get(title=MILESTONE)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership.firm_accepted_by == personas.a.company_user
    assert partnership.house_accepted_by == personas.a.consultant
    assert (milestone.status, milestone.progress) == (MilestoneStatus.DONE, 100)
    assert plan.actions.get(title=ACTION).milestone == milestone
