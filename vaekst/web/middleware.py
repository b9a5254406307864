"""Danish first: the interface is Danish until the user picks English with the language
switch (a cookie), whatever language the browser prefers."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class DanishFirstMiddleware:
    """Runs before LocaleMiddleware and hides the browser's Accept-Language from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
