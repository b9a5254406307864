"""Growth arithmetic and the published high-growth definitions, as pure functions.

Definitions (seed/README.md):
- Eurostat (current): at least 10 employees at the start of a three-year window and average
  annualised employee growth above 10% over it.
- OECD/Eurostat 2007: the same with growth above 20%.
- Statistics Denmark's young-firm variant ("vækstiværksætter"): at least 5 full-time
  employees two years after the firm started, then more than 10% growth a year for three
  years.

"Above" is strict, as in the definitions. Series functions work on numpy arrays so that a
whole register is classified at once.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def annualised_growth(start: FloatArray, end: FloatArray, years: int) -> FloatArray:
    """(end / start)^(1/years) - 1, NaN where the start is not positive or a value is missing."""
    start = np.asarray(start, dtype=np.float64)
    end = np.asarray(end, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(start > 0, end / start, np.nan)
        return np.where(ratio >= 0, np.power(ratio, 1.0 / years) - 1.0, np.nan)


@dataclass(frozen=True)
class HighGrowthDefinition:
    """A high-growth definition over a window of `years` ending in the observed year."""

    key: str
    label: str
    threshold: float
    min_start: float
    years: int = 3
    # Young-firm variant: the window must start exactly `start_age` years after founding,
    # measured in full-time equivalents.
    start_age: int | None = None
    measure: str = "employees"  # employees | fte

    def classify(
        self,
        start: FloatArray,
        end: FloatArray,
        start_age: npt.NDArray[np.int64] | None = None,
    ) -> BoolArray:
        """True where a firm is high-growth over the window. `start_age` is the firm's age in
        whole years at the window's start (required for young-firm definitions)."""
        start = np.asarray(start, dtype=np.float64)
        growth = annualised_growth(start, end, self.years)
        # A tolerance so that exactly the threshold (1000 -> 1331 is 10.0000000000001 % in
        # floating point) does not count as "above" it.
        result = (start >= self.min_start) & (growth > self.threshold + 1e-9)
        if self.start_age is not None:
            if start_age is None:
                raise ValueError(f"{self.key} needs the firms' age at the window's start")
            result &= np.asarray(start_age) == self.start_age
        return np.asarray(result & ~np.isnan(growth), dtype=np.bool_)


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
DEFINITIONS = {d.key: d for d in (EUROSTAT, OECD, YOUNG_FIRM)}
