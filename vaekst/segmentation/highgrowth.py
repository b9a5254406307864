"""The high-growth definitions in use, from the `HIGH_GROWTH_DEFINITIONS` setting.

The setting (optional) overrides the published thresholds per definition, e.g.
`HIGH_GROWTH_DEFINITIONS = {"eurostat": {"threshold": 0.12}, "dst_young": {"min_start": 6}}`;
the fields are those of `vaekst.lib.growth.OVERRIDABLE` (label, threshold, min_start, years,
start_age, measure). Training, scoring (the high_growth_* indicators) and show_company all
read the definitions here, so they agree.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings

from vaekst.lib.growth import HighGrowthDefinition, configured_definitions


def definitions() -> dict[str, HighGrowthDefinition]:
    return configured_definitions(getattr(settings, "HIGH_GROWTH_DEFINITIONS", None))


def definition(key: str) -> HighGrowthDefinition:
    try:
        return definitions()[key]
    except KeyError:
        raise LookupError(f"Unknown high-growth definition {key!r}") from None


def panel_depth() -> int:
    """How many years before the scoring year the indicators need (the longest window)."""
    return max(3, *(d.years for d in definitions().values()))


@dataclass(frozen=True)
class WindowStatus:
    """One definition applied to one firm: the window, the measure's values at its ends."""

    key: str
    measure: str
    window: tuple[int, int] | None
    values: tuple[float, float] | None
    high_growth: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "window": list(self.window) if self.window else None,
            "values": list(self.values) if self.values else None,
            "high_growth": self.high_growth,
        }


def window_status(
    definition: HighGrowthDefinition,
    figures: Mapping[int, Mapping[str, float | None]],
    founded_year: int | None,
) -> WindowStatus:
    """Whether a firm with yearly `figures` ({year: {"employees": .., "fte": ..}}) is
    high-growth under the definition: over the latest window with both ends known, or, for
    a young-firm definition, over the one window that starts `start_age` years after the
    founding year."""
    known = {
        year: float(value)
        for year, row in figures.items()
        if (value := row.get(definition.measure)) is not None
    }
    if definition.start_age is not None:
        starts = [founded_year + definition.start_age] if founded_year is not None else []
    else:
        starts = sorted((end - definition.years for end in known), reverse=True)
    for start in starts:
        end = start + definition.years
        if start in known and end in known:
            age = np.array([start - founded_year if founded_year is not None else np.nan])
            result = definition.classify(
                np.array([known[start]]), np.array([known[end]]), start_age=age
            )
            return WindowStatus(
                definition.key,
                definition.measure,
                (start, end),
                (known[start], known[end]),
                bool(result[0]),
            )
    return WindowStatus(definition.key, definition.measure, None, None, False)
