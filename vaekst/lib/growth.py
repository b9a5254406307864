"""Growth arithmetic and the published high-growth definitions, as pure functions.

Definitions (seed/README.md), the defaults of `DEFAULT_DEFINITIONS`:
- Eurostat (current): at least 10 employees at the start of a three-year window and average
  annualised employee growth above 10% over it.
- OECD/Eurostat 2007: the same with growth above 20%.
- Statistics Denmark's young-firm variant ("vækstiværksætter"): at least 5 full-time
  employees (FTE) two years after the firm started, then average growth in FTE above 10% a
  year over the following three years.

"Above" is strict, as in the definitions: exactly 10% is not high growth, and "at least 10"
is inclusive: 9 employees at the start are too few. The thresholds are data:
`configured_definitions` builds the definitions from overrides (the project reads them from
the `HIGH_GROWTH_DEFINITIONS` setting, see segmentation/highgrowth.py). Series functions work
on numpy arrays so that a whole register is classified at once.
"""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
MEASURES = ("employees", "fte")


def annualised_growth(start: FloatArray, end: FloatArray, years: int) -> FloatArray:
    """(end / start)^(1/years) - 1, NaN where the start is not positive or a value is missing."""
    start = np.asarray(start, dtype=np.float64)
    end = np.asarray(end, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(start > 0, end / start, np.nan)
        return np.where(ratio >= 0, np.power(ratio, 1.0 / years) - 1.0, np.nan)


@dataclass(frozen=True)
class HighGrowthDefinition:
    """A high-growth definition over a window of `years`: at least `min_start` of `measure`
    (employees or fte) at the window's start and annualised growth above `threshold`."""

    key: str
    label: str
    threshold: float
    min_start: float
    years: int = 3
    # Young-firm variant: the window must start exactly `start_age` years after founding.
    start_age: int | None = None
    measure: str = "employees"  # employees | fte

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"{self.key}: measure must be one of {MEASURES}, not {self.measure!r}")
        if self.years < 1:
            raise ValueError(f"{self.key}: the window must be at least one year")
        if self.start_age is not None and self.start_age < 0:
            raise ValueError(f"{self.key}: start_age cannot be negative")

    def classify(
        self,
        start: FloatArray,
        end: FloatArray,
        start_age: npt.NDArray[np.int64] | None = None,
    ) -> BoolArray:
        """True where a firm is high-growth over the window. `start` and `end` are the
        definition's measure at the window's ends; `start_age` is the firm's age in whole
        years at the window's start (required for young-firm definitions; missing ages,
        given as NaN, fail)."""
        start = np.asarray(start, dtype=np.float64)
        growth = annualised_growth(start, end, self.years)
        # A tolerance so that exactly the threshold (1000 -> 1331 is 10.0000000000001 % in
        # floating point) does not count as "above" it.
        with np.errstate(invalid="ignore"):
            result = (start >= self.min_start) & (growth > self.threshold + 1e-9)
        if self.start_age is not None:
            if start_age is None:
                raise ValueError(f"{self.key} needs the firms' age at the window's start")
            result &= np.asarray(start_age, dtype=np.float64) == self.start_age
        return np.asarray(result & ~np.isnan(growth), dtype=np.bool_)

    def in_population(
        self, start: FloatArray, start_age: npt.NDArray[np.int64] | None = None
    ) -> BoolArray:
        """The firms that could become high-growth over a window starting now: big enough
        at the start (and of the right age, for a young-firm definition)."""
        start = np.asarray(start, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            result = start >= self.min_start
        if self.start_age is not None:
            if start_age is None:
                raise ValueError(f"{self.key} needs the firms' age at the window's start")
            result &= np.asarray(start_age, dtype=np.float64) == self.start_age
        return np.asarray(result, dtype=np.bool_)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


EUROSTAT = HighGrowthDefinition(
    key="eurostat", label="Eurostat (>10 % p.a., ≥10 ansatte)", threshold=0.10, min_start=10
)
OECD = HighGrowthDefinition(
    key="oecd", label="OECD 2007 (>20 % p.a., ≥10 ansatte)", threshold=0.20, min_start=10
)
YOUNG_FIRM = HighGrowthDefinition(
    key="dst_young",
    label="Danmarks Statistik, vækstiværksætter (≥5 årsværk efter 2 år, >10 % p.a.)",
    threshold=0.10,
    min_start=5,
    start_age=2,
    measure="fte",
)
DEFAULT_DEFINITIONS = {d.key: d for d in (EUROSTAT, OECD, YOUNG_FIRM)}
DEFINITIONS = DEFAULT_DEFINITIONS
OVERRIDABLE = ("label", "threshold", "min_start", "years", "start_age", "measure")


def configured_definitions(
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, HighGrowthDefinition]:
    """The three definitions with `overrides` applied: {key: {field: value}} for the keys
    eurostat, oecd and dst_young and the fields in `OVERRIDABLE`. Anything else is an error,
    so that a misspelt setting fails loudly instead of being ignored."""
    definitions = dict(DEFAULT_DEFINITIONS)
    for key, fields in (overrides or {}).items():
        if key not in definitions:
            raise ValueError(
                f"Unknown high-growth definition {key!r} (known: {sorted(definitions)})"
            )
        unknown = set(fields) - set(OVERRIDABLE)
        if unknown:
            raise ValueError(f"{key}: unknown fields {sorted(unknown)} (allowed: {OVERRIDABLE})")
        definitions[key] = dataclasses.replace(definitions[key], **dict(fields))
    return definitions
