"""End to end in headless Chromium: a consultant logs in, searches, opens a firm and sees
its chart. Uses Debian's Chromium; skips without it unless VAEKST_REQUIRE_BROWSER=1."""

from typing import Any

import pytest

from conftest import PASSWORD, expect, make_company, new_page
from vaekst.register.models import YearlyFigures

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(browser: Any) -> Any:
    return new_page(browser)


@pytest.mark.django_db(transaction=True)
def test_consultant_searches_opens_a_firm_and_sees_its_chart(
    live_server: Any, personas: Any, browser_page: Any
) -> None:
    # given a firm in the consultant's region with yearly figures
    company = personas.a.company
    make_company(municipality_code=101, name="Anden Virksomhed ApS", rng_seed=5)
    for year, employees, gross_profit in [(2021, 3, 900_000), (2022, 5, 1_600_000)]:
        YearlyFigures.objects.create(
            company=company, year=year, employees=employees, gross_profit=gross_profit
        )
    page = browser_page
    # when the consultant logs in
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Brugernavn").fill("consultant_a")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")
    # and searches as they type (htmx replaces the results)
    page.get_by_role("link", name="Virksomheder").first.click()
    results = page.locator("#company-results")
    expect(results).to_contain_text("Anden Virksomhed ApS")
    page.get_by_label("Navn eller CVR-nummer").fill("Firma A")
    expect(results).not_to_contain_text("Anden Virksomhed ApS")
    assert "q=Firma" in page.url  # hx-push-url keeps the search in the address
    page.get_by_role("link", name="Firma A ApS").click()
    # then the company page shows the chart, drawn by Chart.js
    page.wait_for_url(f"**/virksomheder/{company.cvr}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Firma A ApS"
    canvas = page.locator("canvas#yearly-figures-chart")
    canvas.wait_for(state="visible")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('yearly-figures-chart'))"
    )
    assert canvas.bounding_box()["height"] > 100
