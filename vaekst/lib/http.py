"""Small helpers about HTTP requests."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the server saw it. Behind a proxy, the proxy must set
    REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips); X-Forwarded-For is not trusted
    here because any client can send it."""
    return request.META.get("REMOTE_ADDR") or None
