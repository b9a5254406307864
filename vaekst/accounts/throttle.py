"""Login throttling: after LOGIN_THROTTLE_ATTEMPTS failed logins for one username or from one
client address within LOGIN_THROTTLE_WINDOW_SECONDS, further attempts are refused until the
window has passed. Counters live in the cache, shared by all app servers when REDIS_URL is set.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    # Hash so that arbitrary usernames make safe cache keys.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(username: str, ip_address: str | None) -> list[str]:
    keys = [_key("username", username.strip().lower())] if username.strip() else []
    if ip_address:
        keys.append(_key("ip", ip_address))
    return keys


def is_locked(*, username: str, ip_address: str | None) -> bool:
    """True when the username or the address has used up its failed attempts."""
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    counts = cache.get_many(_keys(username, ip_address))
    return any(count >= limit for count in counts.values())


def note_failure(*, username: str, ip_address: str | None) -> None:
    """Count one failed attempt against the username and the address. The window starts at
    the first failure (cache.add sets the expiry only once)."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key in _keys(username, ip_address):
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window)


def note_success(*, username: str) -> None:
    """A successful login clears the username's counter (not the address's: one office
    address may still be guessing other users' passwords)."""
    keys = _keys(username, None)
    if keys:
        cache.delete_many(keys)


def window_minutes() -> int:
    return max(1, round(settings.LOGIN_THROTTLE_WINDOW_SECONDS / 60))
