"""Dates as day numbers (proleptic ordinals) so that whole registers convert at once.

Formatting a date per period with `datetime` would dominate the writer's time; instead every
date between 1900 and 2100 is formatted once and looked up by its ordinal.
"""

from datetime import date, timedelta
from functools import cache

import numpy as np
import numpy.typing as npt

FIRST_YEAR = 1900
LAST_YEAR = 2100
ORIGIN = date(FIRST_YEAR, 1, 1).toordinal()


@cache
def _year_starts() -> npt.NDArray[np.int64]:
    return np.array(
        [date(year, 1, 1).toordinal() for year in range(FIRST_YEAR, LAST_YEAR + 2)], dtype=np.int64
    )


def ordinal(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal()


def from_fractional_years(times: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """2015.5 -> the ordinal of 2 July 2015 (the fraction of that year's days)."""
    starts = _year_starts()
    years = np.floor(times).astype(np.int64)
    index = np.clip(years - FIRST_YEAR, 0, len(starts) - 2)
    length = starts[index + 1] - starts[index]
    offset = np.minimum(np.floor((times - years) * length).astype(np.int64), length - 1)
    return starts[index] + offset


def year_start(year: int) -> int:
    return date(year, 1, 1).toordinal()


@cache
def iso_table() -> list[str]:
    first = date(FIRST_YEAR, 1, 1)
    count = date(LAST_YEAR, 12, 31).toordinal() - ORIGIN + 1
    return [(first + timedelta(days=offset)).isoformat() for offset in range(count)]


@cache
def timestamp_table() -> list[str]:
    """The register's `sidstOpdateret` style, Danish summer time April to October."""
    result: list[str] = []
    for text in iso_table():
        month = int(text[5:7])
        zone = "+02:00" if 4 <= month <= 10 else "+01:00"
        result.append(f"{text}T08:{(len(result) * 7) % 60:02d}:00.000{zone}")
    return result


def iso(day: int) -> str:
    return iso_table()[day - ORIGIN]


def timestamp(day: int) -> str:
    return timestamp_table()[day - ORIGIN]
