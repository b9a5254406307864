"""Small helpers about HTTP requests."""

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the server saw it. Behind a proxy, the proxy must set
    REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips); X-Forwarded-For is not trusted
    here because any client can send it."""
    return request.META.get("REMOTE_ADDR") or None


def announce(response: HttpResponse, message: str, *, focus: str = "") -> HttpResponse:
    """Have the page's live region read `message` (already in the reader's language) once
    htmx has settled the response, and move the focus to the element with id `focus`
    (static/js/htmx-a11y.js). The header's JSON is ASCII, so any language travels safely."""
    params = {"message": str(message), "focus": focus}
    return trigger_client_event(response, "vaekst:announce", params, after="settle")
