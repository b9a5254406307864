"""Checking and converting single values of register documents, fast: the importer calls
these tens of millions of times, so the common case takes a short path and the results of
repeated inputs (dates, employment bands) are remembered."""

import re
from datetime import UTC, date, datetime
from typing import Any

from vaekst.lib.cvr import WEIGHTS, cvr_error

BAND_PATTERN = re.compile(r"^ANTAL_(\d+)_(\d*)$")
# The open top band (ANTAL_1000_ or ANTAL_1000_999999) counts as its lower bound.
OPEN_BAND_UPPER = 100_000

# Checked date texts: a register repeats the same few tens of thousands of days.
_days: dict[Any, str | None] = {}


def is_valid_int_cvr(value: Any) -> bool:
    """The common case (an int with a right check digit) without python-stdnum's cost;
    anything else is judged by `cvr_error`, which also words the reason."""
    if type(value) is not int or not 10_000_000 <= value <= 99_999_999:  # noqa: E721
        return False
    total = 0
    for weight in reversed(WEIGHTS):
        value, digit = divmod(value, 10)
        total += weight * digit
    return total % 11 == 0


def cvr_problem(value: Any) -> str | None:
    """Why `value` is not a CVR number (None when it is), the common case fast."""
    return None if is_valid_int_cvr(value) else cvr_error(value)


def day(value: Any) -> str | None:
    """An ISO date text (the first 10 characters) when it is a real date, else None."""
    if not value:
        return None
    try:
        return _days[value]
    except (KeyError, TypeError):
        pass
    text: str | None = str(value)[:10]
    try:
        date.fromisoformat(text)  # type: ignore[arg-type]
    except ValueError:
        text = None
    if isinstance(value, str) and len(_days) < 500_000:
        _days[value] = text
    return text


def timestamp(value: Any) -> str | None:
    """A register timestamp as naive UTC text (what both databases read as UTC here)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def clean_text(value: Any, limit: int) -> str:
    """A text value trimmed to `limit`; a NUL character, which no PostgreSQL text may hold,
    is dropped (it would otherwise fail the whole batch)."""
    if value is None:
        return ""
    return str(value).replace("\x00", "").strip()[:limit]


def small_int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 32767 else None


def industry_code(value: Any) -> str:
    """A 6-digit DB07/DB25 code; dotted Statistics Denmark spellings are accepted too."""
    return str(value or "").replace(".", "").replace(" ", "")[:6]


_midpoints: dict[str, float | None] = {}


def band_midpoint(code: Any) -> float | None:
    """The midpoint of an `ANTAL_<lo>_<hi?>` band; the open top band counts as its lower
    bound rather than a meaningless midpoint."""
    if not code:
        return None
    try:
        return _midpoints[code]
    except (KeyError, TypeError):
        midpoint = _band_midpoint(code)
    if isinstance(code, str) and len(_midpoints) < 10_000:
        _midpoints[code] = midpoint
    return midpoint


def _band_midpoint(code: Any) -> float | None:
    match = BAND_PATTERN.match(str(code))
    if match is None:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    if high is None or high >= OPEN_BAND_UPPER:
        return float(low)
    return (low + high) / 2
