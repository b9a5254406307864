"""Every page and endpoint refuses an anonymous visitor, whatever its URL carries: pages
send them to the login page, the API answers 401, and nothing is written."""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Reachable without logging in, each for a reason.
PUBLIC = {
    "accounts:login",  # the way in
    "accounts:logout",  # logging out when not logged in only sends you home
    "set_language",  # the language switch on the login page
    "api:openapi-json",  # the API's description is public; its data are not
    "api:openapi-view",
    "portal:invitation",  # the invitation's secret token is the credential
    "programmes:calendar_feed",  # a calendar program fetches it; the secret token is the key
    "api:api-root",  # no endpoint: 404 to everyone
}
# A value for each converter: the first of these its pattern accepts (a CVR number first).
SAMPLES = ("62601817", str(uuid.uuid4()), "1", "x")


def sample_for(converter: object) -> str:
    return next(v for v in SAMPLES if re.fullmatch(converter.regex, v))  # type: ignore[attr-defined]


def concrete_urls() -> Iterator[tuple[str, str]]:
    """(name, path) of every named URL, each converter filled with a sample value."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix, inner or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                converters = entry.pattern.converters
                kwargs = {key: sample_for(c) for key, c in converters.items()}
                yield name, reverse(name, kwargs=kwargs)

    seen: set[str] = set()
    for name, path in walk(get_resolver().url_patterns, "", ""):
        if path not in seen:
            seen.add(path)
            yield name, path


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(
            ("register", "interactions", "growthplans", "offers", "programmes")
        )
        or model._meta.app_label in ("segmentation", "portal", "audit")
    }


def test_the_walk_finds_the_pages_of_every_app(db) -> None:
    names = {name for name, _ in concrete_urls()}
    assert len(names) > 60
    assert {"web:home", "register:company_list", "accounts:login"} <= names
    assert any(name.startswith("api:") for name in names)


@pytest.mark.django_db
def test_anonymous_visitor_is_refused_by_every_page_and_endpoint_and_nothing_changes(
    client: Client, personas
) -> None:
    # given
    before = row_counts()
    login = reverse("accounts:login")
    allowed_through = []
    # when every URL is fetched and posted to without logging in
    for name, path in concrete_urls():
        if name in PUBLIC:
            continue
        for method in (client.get, client.post):
            response = method(path)
            if path.startswith("/api/"):
                refused = response.status_code in (401, 405)
            else:
                refused = response.status_code == 405 or (
                    response.status_code == 302 and response["Location"].startswith(login)
                )
            if not refused:
                allowed_through.append((method.__name__, name, path, response.status_code))
    # then
    assert allowed_through == []
    assert row_counts() == before
