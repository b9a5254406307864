"""Accessibility in headless Chromium, as the main kinds of user meet the pages.

- axe-core (vendored under tests/axe, never served) finds no WCAG 2.1 A/AA violation on the
  main pages and page states (an open edit row, open add forms, forms with errors), in
  Danish and, for the consultant's and the manager's main pages, in English (other words,
  other widths, other names), and the ids and references a screen reader follows all resolve;
- at 320 px no page scrolls sideways (wide tables scroll in their own region);
- with the keyboard alone a consultant logs an interaction and adds a plan item, first with
  an error (the focus lands on the field, what was typed stays, the error is linked to it)
  and then corrected (the live region announces it and the focus is on the new row).

One browser for the module; each test logs in in a fresh context."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import CHROMIUM, CHROMIUM_ARGS, expect, make_company
from vaekst.growthplans.demo import seed_plans
from vaekst.growthplans.models import (
    GrowthPartnership,
    GrowthPlan,
    Mapping,
    MappingTemplate,
    PlanAction,
)
from vaekst.interactions.models import Interaction, Person
from vaekst.offers.models import Offer
from vaekst.register.models import CompanyMembership
from vaekst.segmentation.models import RuleSet
from vaekst.segmentation.selectors import editable_scope
from vaekst.segmentation.services import create_draft
from vaekst.web.demo import DEMO_PASSWORD, seed_demo
from vaekst.web.tests.references import reference_problems

User = get_user_model()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` +
    v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary}`).join("\\n"));
}"""
SIDEWAYS = "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def module_browser() -> Iterator[Any]:
    """Headless Chromium, once for the module; skipped where it is missing unless
    VAEKST_REQUIRE_BROWSER=1 (CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("VAEKST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and VAEKST_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """The demo's users and firms in every state of the service, in two areas."""
    for seed, municipality in enumerate([101] * 8 + [751] * 8):
        make_company(
            municipality_code=municipality,
            name=f"Demo {seed} ApS",
            rng_seed=100 + seed,
            employees=5.0 + seed,
        )
    seed_demo(interactions_per_area=3)
    seed_plans()


def _logged_in(browser: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> Any:
    context = browser.new_context(locale="da-DK", viewport=WIDE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{base}/**")
    page.wait_for_load_state("load")
    return page


def _problems(page: Any, state: str) -> list[str]:
    """What axe and the reference check find on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    found = [f"{state}: axe {line}" for line in page.evaluate(RUN_AXE, WCAG_TAGS)]
    found += [f"{state}: {line}" for line in reference_problems(page.content())]
    return found


def _sideways(page: Any, state: str) -> list[str]:
    """At 320 px the page must not scroll sideways (WCAG 1.4.10 reflow)."""
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(200)  # DKFDS's own resize handlers run first
    overflow = page.evaluate(SIDEWAYS)
    wide = page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth + 1;
          const wide = (e) => e.getBoundingClientRect().right > limit;
          return [...document.querySelectorAll("body *")]
            .filter((e) => wide(e) && !e.parentElement.closest(".table--responsive-scroll"))
            .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
            .slice(0, 3)
            .map((e) => `${e.parentElement.tagName}.${e.parentElement.className} > ` +
                        `${e.tagName}.${e.className} ` +
                        `(${Math.round(e.getBoundingClientRect().right)})`);
        }"""
    )
    page.set_viewport_size(WIDE)
    return [f"{state}: scrolls {overflow} px sideways at 320 px ({wide})"] if overflow > 0 else []


def _check_pages(page: Any, base: str, paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response)
        page.wait_for_load_state("load")
        found += _problems(page, path) + _sideways(page, path)
    return found


def _fail_on(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _in_english(page: Any, base: str) -> None:
    """Switch the logged-in page's reader to English, as the language switch does."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])


def _check_pages_in_english(page: Any, base: str, paths: list[str]) -> list[str]:
    """The same checks in English (other words, other widths, other accessible names)."""
    found: list[str] = []
    for path in paths:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")
        language = page.evaluate("() => document.documentElement.lang")
        assert language == "en", (path, language)
        found += [f"[en] {line}" for line in _check_pages(page, base, [path])]
    return found


def _consultant_paths() -> list[str]:
    """The consultant's main pages, with a firm that has a mapping, a plan and a partnership."""
    membership = CompanyMembership.objects.get(user__username="virksomhed_kbh")
    firm = membership.company
    plan = GrowthPlan.objects.filter(company=firm).latest("id")
    mapping = Mapping.objects.filter(company=firm).latest("id")
    partnership = GrowthPartnership.objects.get(plan=plan)
    plain_plan = (
        GrowthPlan.objects.filter(company__municipality_id=101, partnerships__isnull=True)
        .exclude(company=firm)
        .first()
    )
    assert plain_plan is not None
    offer = Offer.objects.filter(is_published=True).first()
    assert offer is not None
    action = PlanAction.objects.filter(plan=plan).first()
    assert action is not None
    person = Person.objects.create(company=firm, name="Mette Jensen", role="Direktør")
    return [
        reverse("web:home"),
        reverse("register:company_list"),
        reverse("register:company_list") + "?q=Demo",
        reverse("register:company_detail", args=[firm.cvr]),
        reverse("growthplans:mapping_detail", args=[mapping.public_id]),
        reverse("growthplans:plan_list"),
        reverse("growthplans:followup"),
        reverse("growthplans:versions", args=[plan.public_id]),
        reverse("growthplans:partnership_detail", args=[partnership.public_id]),
        reverse("growthplans:partnership_propose", args=[plain_plan.public_id]),
        reverse("offers:offer_list"),
        reverse("offers:offer_detail", args=[offer.public_id]),
        reverse("offers:company_offers", args=[firm.cvr]),
        reverse("segmentation:levels"),
        reverse("segmentation:hidden_potential"),
        reverse("growthplans:mapping_start", args=[firm.cvr]),
        reverse("growthplans:referral_create", args=[plan.public_id, action.public_id]),
        reverse("interactions:person_create", args=[firm.cvr]),
        reverse("interactions:person_detail", args=[person.public_id]),
        reverse("growthplans:plan_detail", args=[plan.public_id]),
        reverse("web:change_list"),
    ]


def test_consultant_pages_pass_axe_and_reflow(
    module_browser: Any, live_server: Any, demo: None
) -> None:
    # given the consultant's pages
    paths = _consultant_paths()
    firm = CompanyMembership.objects.get(user__username="virksomhed_kbh").company
    plan = GrowthPlan.objects.filter(company=firm).latest("id")
    page = _logged_in(module_browser, live_server.url, "konsulent_kbh")
    # when each is checked, and then the plan page and the company page with forms open
    problems = _check_pages(page, live_server.url, paths)
    page.goto(f"{live_server.url}{reverse('growthplans:plan_detail', args=[plan.public_id])}")
    page.locator("#milestones ~ div button", has_text="Ret").first.click()
    page.locator("tr.inline-edit input[name='milestone-title']").wait_for()
    page.locator("#actions ~ div button", has_text="Ret").first.click()
    page.locator("tr.inline-edit input[name='action-title']").wait_for()
    for label, kind in [("Tilføj et mål", "maal"), ("Tilføj en aktivitet", "aktiviteter")]:
        page.get_by_text(label).click()
        page.locator(f"#add-{kind} form").wait_for()
    problems += _problems(page, "plan page, edit rows and add forms open")
    problems += _sideways(page, "plan page, edit rows and add forms open")
    page.goto(f"{live_server.url}{reverse('register:company_detail', args=[firm.cvr])}")
    page.get_by_text("Registrér en henvendelse").click()
    page.get_by_role("button", name="Gem henvendelse").click()  # empty: errors at the fields
    page.locator("#timeline .form-error-message").first.wait_for()
    problems += _problems(page, "company page, interaction with errors")
    # then
    _fail_on(problems)


def test_consultant_and_manager_pages_in_english_pass_axe_and_reflow(
    module_browser: Any, live_server: Any, demo: None
) -> None:
    # given the consultant's main pages and the manager's level pages, read in English
    firm = CompanyMembership.objects.get(user__username="virksomhed_kbh").company
    consultant = _logged_in(module_browser, live_server.url, "konsulent_kbh")
    _in_english(consultant, live_server.url)
    manager_user = User.objects.get(username="leder_kbh")
    scope = editable_scope(manager_user)
    assert scope is not None
    kind, region, municipality = scope
    draft = create_draft(actor=manager_user, scope=kind, region=region, municipality=municipality)
    # when each is checked, and the company page with the interaction form's errors
    problems = _check_pages_in_english(consultant, live_server.url, _consultant_paths())
    consultant.goto(f"{live_server.url}{reverse('register:company_detail', args=[firm.cvr])}")
    consultant.locator("#timeline details summary").first.click()
    consultant.locator("#timeline form button[type='submit']").first.click()
    consultant.locator("#timeline .form-error-message").first.wait_for()
    problems += _problems(consultant, "[en] company page, interaction with errors")
    consultant.context.close()
    manager = _logged_in(module_browser, live_server.url, "leder_kbh")
    _in_english(manager, live_server.url)
    problems += _check_pages_in_english(
        manager,
        live_server.url,
        [
            reverse("segmentation:levels"),
            reverse("segmentation:rule_set_detail", args=[draft.public_id]),
            reverse("segmentation:overview"),
            reverse("audit:entry_list"),
        ],
    )
    manager.context.close()
    # then
    _fail_on(problems)


def test_manager_firm_and_partner_pages_pass_axe_and_reflow(
    module_browser: Any, live_server: Any, demo: None
) -> None:
    # given the house manager's levels and audit, the firm's portal, the bank's inbox
    membership = CompanyMembership.objects.get(user__username="virksomhed_kbh")
    partnership = GrowthPartnership.objects.filter(plan__company=membership.company).latest("id")
    rule_set = RuleSet.objects.first()
    assert rule_set is not None
    template = MappingTemplate.objects.first()
    assert template is not None
    pages = {
        "leder_kbh": [
            reverse("segmentation:levels"),
            reverse("segmentation:rule_set_detail", args=[rule_set.public_id]),
            reverse("segmentation:overview"),
            reverse("growthplans:template_overview"),
            reverse("growthplans:template_detail", args=[template.public_id]),
            reverse("offers:offer_create"),
            reverse("audit:entry_list"),
        ],
        "national": [reverse("web:home"), reverse("segmentation:levels")],
        "virksomhed_kbh": [
            reverse("portal:home"),
            reverse("portal:plan"),
            reverse("portal:partnership", args=[partnership.public_id]),
            reverse("portal:shares"),
            reverse("portal:colleagues"),
            reverse("offers:offer_list"),
        ],
        "bank": [reverse("web:home"), reverse("growthplans:referral_inbox")],
    }
    # when
    problems: list[str] = []
    for username, paths in pages.items():
        page = _logged_in(module_browser, live_server.url, username)
        problems += _check_pages(page, live_server.url, paths)
        page.context.close()
    # then
    _fail_on(problems)


def test_level_editor_with_an_error_keeps_the_input_and_passes_axe(
    module_browser: Any, live_server: Any, demo: None
) -> None:
    # given a house manager's draft of the region's nuance, its editor open
    manager = User.objects.get(username="leder_kbh")
    scope = editable_scope(manager)
    assert scope is not None
    kind, region, municipality = scope
    draft = create_draft(actor=manager, scope=kind, region=region, municipality=municipality)
    page = _logged_in(module_browser, live_server.url, "leder_kbh")
    page.goto(f"{live_server.url}{reverse('segmentation:rule_set_detail', args=[draft.public_id])}")
    problems = _problems(page, "rule-set draft, editable")
    # when a criterion is saved with a word for its threshold
    page.get_by_text("Ret en national tærskel eller tilføj et kriterium").click()
    form = page.locator("#draft-editor form:has(input[name='group'])")
    form.locator("input[name='value']").fill("mange")
    form.locator("input[name='note']").fill("Efter aftale")
    form.get_by_role("button", name="Gem kriterium").click()
    # then the focus is on the threshold, linked to its error, and what was typed is kept
    page.wait_for_function("() => document.activeElement.name === 'value'")
    assert _focused(page, "e.getAttribute('aria-invalid')") == "true"
    described = _focused(page, "e.getAttribute('aria-describedby')").split()
    errors = [
        page.evaluate(f"() => document.getElementById('{name}').textContent") for name in described
    ]
    assert any("Tærsklen skal være et tal" in text for text in errors), errors
    assert _focused(page, "e.value") == "mange"
    form = page.locator("#draft-editor form:has(input[name='group'])")
    assert form.locator("input[name='note']").input_value() == "Efter aftale"
    assert not draft.criteria.exists()
    problems += _problems(page, "rule-set draft, criterion with an error")
    _fail_on(problems)


def _tab_to(page: Any, condition: str, limit: int = 400) -> None:
    """Press Tab until the focused element meets `condition` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({condition}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def _focused(page: Any, expression: str) -> Any:
    return page.evaluate(f"() => {{ const e = document.activeElement; return {expression}; }}")


def test_keyboard_only_interaction_and_plan_item_with_an_error_and_its_correction(
    module_browser: Any, live_server: Any, demo: None
) -> None:
    # given a consultant on the page of a firm with a plan
    firm = CompanyMembership.objects.get(user__username="virksomhed_kbh").company
    plan = GrowthPlan.objects.filter(company=firm).latest("id")
    actions_before = PlanAction.objects.filter(plan=plan).count()
    page = _logged_in(module_browser, live_server.url, "konsulent_kbh")
    page.goto(f"{live_server.url}{reverse('register:company_detail', args=[firm.cvr])}")
    live = page.locator("#live-status")

    # when they log an interaction with the keyboard alone
    _tab_to(page, "e.textContent.trim() === 'Registrér en henvendelse'")
    page.keyboard.press("Enter")
    _tab_to(page, "e.name === 'subject'")
    page.keyboard.type("Opfølgning på eksport")
    _tab_to(page, "e.name === 'notes'")
    page.keyboard.type("Klar til messen i marts.")
    _tab_to(page, "e.textContent.trim() === 'Gem henvendelse'")
    page.keyboard.press("Enter")
    # then it is announced and the focus is on the new entry
    expect(live).to_have_text("Henvendelsen er registreret.")
    interaction = Interaction.objects.get(company=firm, subject="Opfølgning på eksport")
    page.wait_for_function(
        f"() => document.activeElement.id === 'interaction-{interaction.public_id}'"
    )

    # when they open an item's edit row and close it again
    page.goto(f"{live_server.url}{reverse('growthplans:plan_detail', args=[plan.public_id])}")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim().startsWith('Ret ')")
    edit_button = _focused(page, "e.textContent.trim()")
    page.keyboard.press("Enter")
    # then they start in its first field, and are back on the button after closing it
    page.wait_for_function("() => document.activeElement.closest('tr.inline-edit') !== null")
    _tab_to(page, "e.textContent.trim() === 'Annullér'")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('tr.inline-edit') === null")
    page.wait_for_function(f"() => document.activeElement.textContent.trim() === {edit_button!r}")

    # when they add an action owned by a capital source, naming no one
    _tab_to(page, "e.textContent.trim() === 'Tilføj en aktivitet'")
    page.keyboard.press("Enter")
    page.locator("#add-aktiviteter input[name='action-title']").wait_for()
    _tab_to(page, "e.name === 'action-title'")
    page.keyboard.type("Lån til maskiner")
    page.keyboard.press("Tab")
    assert _focused(page, "e.name") == "action-owner_kind"
    page.keyboard.type("Kap")
    assert _focused(page, "e.value") == "capital_source"
    _tab_to(page, "e.textContent.trim() === 'Tilføj' && e.closest('#add-aktiviteter')")
    page.keyboard.press("Enter")
    # then the focus lands on the field in error, linked to its error, what was typed kept
    page.wait_for_function("() => document.activeElement.name === 'action-owner_person'")
    described = _focused(page, "e.getAttribute('aria-describedby')").split()
    errors = [
        page.evaluate(f"() => document.getElementById('{name}').textContent") for name in described
    ]
    assert any("Navngiv den ansvarlige" in text for text in errors), errors
    assert _focused(page, "e.getAttribute('aria-invalid')") == "true"
    form = page.locator("#add-aktiviteter")
    assert form.locator("input[name='action-title']").input_value() == "Lån til maskiner"
    assert form.locator("select[name='action-owner_kind']").input_value() == "capital_source"
    assert PlanAction.objects.filter(plan=plan).count() == actions_before

    # when they correct it
    page.keyboard.type("Bente fra Nordbank")
    _tab_to(page, "e.textContent.trim() === 'Tilføj' && e.closest('#add-aktiviteter')")
    page.keyboard.press("Enter")
    # then it is announced and the focus is on the new row
    expect(live).to_have_text("Aktiviteten er tilføjet.")
    action = PlanAction.objects.get(plan=plan, title="Lån til maskiner")
    assert action.owner_person == "Bente fra Nordbank"
    page.wait_for_function(f"() => document.activeElement.id === 'action-{action.public_id}'")
    assert "Lån til maskiner" in _focused(page, "e.textContent")
