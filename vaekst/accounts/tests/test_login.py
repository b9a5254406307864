"""Login, logout and login throttling."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from conftest import PASSWORD


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_page_renders_in_danish(client: Client, db) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'lang="da"' in response.text
    assert "Brugernavn" in response.text
    assert 'id="main-content"' in response.text


def test_consultant_logs_in_and_reaches_the_home_page(client: Client, personas) -> None:
    # when
    response = _login(client, "consultant_a", PASSWORD)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


def test_wrong_password_shows_the_form_again(client: Client, personas) -> None:
    response = _login(client, "consultant_a", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymous_user_is_sent_to_login(client: Client, db) -> None:
    for name in ("web:home", "register:company_list", "audit:entry_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3, LOGIN_THROTTLE_WINDOW_SECONDS=600)
def test_after_too_many_failures_even_the_right_password_is_refused(
    client: Client, personas
) -> None:
    # given three failed attempts for one username from different addresses
    for number in range(3):
        _login(client, "consultant_a", "wrong", ip=f"10.0.0.{number + 10}")
    # when the right password is tried
    response = _login(client, "consultant_a", PASSWORD, ip="10.0.0.99")
    # then it is refused with a clear message, and nobody is logged in
    assert response.status_code == 429
    assert "For mange mislykkede loginforsøg" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3, LOGIN_THROTTLE_WINDOW_SECONDS=600)
def test_one_address_guessing_many_usernames_is_throttled(client: Client, personas) -> None:
    for username in ("manager_a", "manager_b", "national"):
        _login(client, username, "wrong", ip="192.0.2.7")
    response = _login(client, "consultant_a", PASSWORD, ip="192.0.2.7")
    assert response.status_code == 429
    # another address is not affected
    assert _login(Client(), "consultant_a", PASSWORD, ip="192.0.2.8").status_code == 302


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3, LOGIN_THROTTLE_WINDOW_SECONDS=600)
def test_successful_login_clears_the_username_counter(client: Client, personas) -> None:
    _login(client, "consultant_a", "wrong", ip="10.0.1.1")
    _login(client, "consultant_a", "wrong", ip="10.0.1.2")
    assert _login(client, "consultant_a", PASSWORD, ip="10.0.1.3").status_code == 302
    client.post(reverse("accounts:logout"))
    # two more failures would have locked the username without the reset
    _login(client, "consultant_a", "wrong", ip="10.0.1.4")
    _login(client, "consultant_a", "wrong", ip="10.0.1.5")
    assert _login(client, "consultant_a", PASSWORD, ip="10.0.1.6").status_code == 302


def test_throttle_window_passes(client: Client, personas) -> None:
    with override_settings(LOGIN_THROTTLE_ATTEMPTS=1, LOGIN_THROTTLE_WINDOW_SECONDS=600):
        _login(client, "consultant_a", "wrong")
        assert _login(client, "consultant_a", PASSWORD).status_code == 429
        # the window passing is the cache entries expiring
        cache.clear()
        assert _login(client, "consultant_a", PASSWORD).status_code == 302


def test_logout_is_a_post(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_project_hashes_passwords_with_argon2() -> None:
    from vaekst import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
