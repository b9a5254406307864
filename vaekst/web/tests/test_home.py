"""The home page, the layout and the language switch."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import make_company


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_home_shows_the_users_scope(client: Client, personas) -> None:
    make_company(municipality_code=147, name="Frederiksberg IT", rng_seed=9)
    make_company(municipality_code=147, name="Lukket ApS", rng_seed=10, is_active=False)
    client.force_login(personas.a.consultant)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert response.context["active_companies"] == 2
    assert response.context["municipality_count"] == 29
    text = response.text
    assert personas.a.house.name in text and "Vækstkonsulent" in text
    assert 'href="/virksomheder/"' in text
    assert 'href="/log/"' not in text  # consultants do not read the audit trail
    assert "X-CSRFToken" in text and 'id="main-content"' in text


def test_municipal_consultant_sees_one_municipality(client: Client, personas) -> None:
    client.force_login(personas.a.municipal_consultant)
    response = client.get(reverse("web:home"))
    assert response.context["active_companies"] == 1
    assert "Virksomheder i København Kommune." in response.text


def test_house_manager_gets_the_audit_link(client: Client, personas) -> None:
    client.force_login(personas.a.manager)
    assert 'href="/log/"' in client.get(reverse("web:home")).text


def test_partner_without_shares_sees_no_firms(client: Client, personas) -> None:
    client.force_login(personas.partner_advisor)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert response.context["active_companies"] == 0


def test_switching_to_english_shows_english_text(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    # given the Danish default
    danish = client.get(reverse("register:company_list"))
    assert 'lang="da"' in danish.text and "Virksomheder" in danish.text
    # when the user picks English
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("register:company_list")}
    )
    assert response.status_code == 302
    english = client.get(reverse("register:company_list"))
    # then
    assert 'lang="en"' in english.text
    assert "Companies" in english.text
    assert "Name or CVR number" in english.text
    assert "Log out" in english.text
    assert "Søg blandt" not in english.text


def test_interface_is_danish_even_when_the_browser_prefers_english(
    client: Client, personas
) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(reverse("register:company_list"), HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert 'lang="da"' in response.text
    assert "Søg blandt" in response.text
