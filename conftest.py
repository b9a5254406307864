"""Shared test personas across two organisations of each kind (healthchecks' Alice/Bob).

Region Hovedstaden (1084) with København (101) is side A; Region Midtjylland (1082) with
Aarhus (751) is side B. Each side has a house manager, a growth consultant, a municipal
consultant, a firm and that firm's user; a bank partner and a national administrator stand
outside both.
"""

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from vaekst.accounts.models import User
from vaekst.accounts.services import create_user
from vaekst.lib.cvr import make_cvr
from vaekst.organisations.choices import OrganisationKind, PartnerKind, Role
from vaekst.organisations.models import Municipality, Organisation
from vaekst.register.models import Company, CompanyMembership

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test personas)


def make_company(*, municipality_code: int, name: str, rng_seed: int, **fields: Any) -> Company:
    municipality = Municipality.objects.get(code=municipality_code)
    return Company.objects.create(
        cvr=make_cvr(random.Random(rng_seed)),
        name=name,
        municipality=municipality,
        form_code=fields.pop("form_code", 80),
        form_text=fields.pop("form_text", "Anpartsselskab"),
        status=fields.pop("status", "NORMAL"),
        main_industry_code=fields.pop("main_industry_code", "620100"),
        main_industry_text=fields.pop("main_industry_text", "Computerprogrammering"),
        **fields,
    )


@dataclass
class Side:
    house: Organisation
    municipality_org: Organisation
    manager: User
    consultant: User
    municipal_consultant: User
    company: Company
    company_user: User


@dataclass
class Personas:
    a: Side
    b: Side
    national_admin: User
    partner: Organisation
    partner_advisor: User


def _side(label: str, region_code: int, municipality_code: int, seed: int) -> Side:
    house = Organisation.objects.get(kind=OrganisationKind.GROWTH_HOUSE, region_id=region_code)
    municipality_org = Organisation.objects.get(
        kind=OrganisationKind.MUNICIPALITY, municipality_id=municipality_code
    )
    company = make_company(
        municipality_code=municipality_code, name=f"Firma {label.upper()} ApS", rng_seed=seed
    )
    company_user = create_user(
        username=f"firm_{label}", password=PASSWORD, organisation=house, role=Role.COMPANY_USER
    )
    CompanyMembership.objects.create(user=company_user, company=company)
    return Side(
        house=house,
        municipality_org=municipality_org,
        manager=create_user(
            username=f"manager_{label}",
            password=PASSWORD,
            organisation=house,
            role=Role.HOUSE_MANAGER,
        ),
        consultant=create_user(
            username=f"consultant_{label}",
            password=PASSWORD,
            organisation=house,
            role=Role.GROWTH_CONSULTANT,
        ),
        municipal_consultant=create_user(
            username=f"municipal_{label}",
            password=PASSWORD,
            organisation=municipality_org,
            role=Role.MUNICIPAL_CONSULTANT,
        ),
        company=company,
        company_user=company_user,
    )


# The data migrations that load reference data (regions, municipalities, organisations, the
# default levels, the core offer, the mapping template), with the function that loads it.
REFERENCE_DATA = [
    ("vaekst.organisations.migrations.0002_load_geography", "load"),
    ("vaekst.segmentation.migrations.0002_default_national_levels", "load"),
    ("vaekst.offers.migrations.0002_core_offer", "create"),
    ("vaekst.growthplans.migrations.0002_national_template_v1", "create_v1"),
    ("vaekst.programmes.migrations.0002_surveys_v1", "create_v1"),
]


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """A transactional test (the browser tests, the demo) ends by emptying every table, the
    migrations' reference data included; load it again for the tests that come after."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        if Municipality.objects.exists():
            return
        for module_name, function in REFERENCE_DATA:
            getattr(importlib.import_module(module_name), function)(apps, None)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests hash many passwords and prove nothing by waiting.
    (test_login checks that the project's own setting is Argon2.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def danish_to_begin_with() -> Iterator[None]:
    """Each test starts in the site's language: a request in English leaves English active
    in the thread (LocaleMiddleware activates, nothing deactivates), and texts worded when
    shown would otherwise follow whichever test ran before."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def personas(db: Any) -> Personas:
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    partner = Organisation.objects.create(
        name="Nordbank Erhverv", kind=OrganisationKind.PARTNER, partner_kind=PartnerKind.BANK
    )
    return Personas(
        a=_side("a", 1084, 101, seed=1),
        b=_side("b", 1082, 751, seed=2),
        national_admin=create_user(
            username="national",
            password=PASSWORD,
            organisation=national,
            role=Role.NATIONAL_ADMIN,
        ),
        partner=partner,
        partner_advisor=create_user(
            username="advisor",
            password=PASSWORD,
            organisation=partner,
            role=Role.PARTNER_ADVISOR,
        ),
    )


# Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).
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


def expect(locator: Any) -> Any:
    """Playwright's `expect`, imported only where a browser test runs."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def new_page(browser: Any) -> Any:
    """A page in a fresh context (its own cookies), Danish, with a patient default timeout."""
    page = browser.new_context(locale="da-DK").new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Headless Chromium; skipped where it is missing unless VAEKST_REQUIRE_BROWSER=1 (CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("VAEKST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and VAEKST_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser test skipped")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
