"""Authentication for the API: `Authorization: Bearer vk_...` tokens, and browser sessions.

A token is looked up by the SHA-256 of the presented key among usable tokens (not revoked, not
expired); anything else answers 401. The user, with their organisation, comes in the same query,
so authentication costs one read, plus one write at most once a minute to record the last use.
"""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from vaekst.accounts.models import APIToken, User, hash_token
from vaekst.accounts.services import record_api_token_use

# Far longer than any key we issue ("vk_" + 43 characters); longer input is not hashed at all.
MAX_KEY_LENGTH = 200


class APITokenAuth(HttpBearer):
    """Bearer token authentication; the authenticated value (`request.auth`) is the User."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        key = token.strip()
        if not key.startswith(APIToken.PREFIX) or len(key) > MAX_KEY_LENGTH:
            return None
        api_token = (
            APIToken.objects.usable()
            .select_related("user__organisation")
            .filter(key_hash=hash_token(key), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        record_api_token_use(token=api_token)
        user = api_token.user
        # Views and scoping read request.user; make it the token's user, not AnonymousUser.
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """A logged-in browser session (e.g. trying the API from /api/docs); the value is the User.

    A write through a session needs the CSRF token (403 without it), as a page's form does.
    ninja checks CSRF before it looks at the session, so a request with neither a token nor a
    session would be a 403 "CSRF check Failed"; without a logged-in session there is nothing
    for CSRF to protect, and the answer is the 401 of an unauthenticated request."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        return user


token_auth = APITokenAuth()
session_auth = ActiveSessionAuth()
# Token first: a request with a valid token never touches the session.
api_auth = [token_auth, session_auth]


def api_user(request: HttpRequest) -> User:
    """The user an API request was authenticated as (endpoints run only after auth passed)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise TypeError("API endpoint reached without an authenticated user")
    return user
