"""The calibration figures of a simulated panel, computed the way the published ones are.

Used by the command's summary, the tests and the benchmark, so that all three report the
same quantities as calibration.md: size-class shares of active firms, the Eurostat
high-growth share (10% and 20%), survival of new firms, entry rate and exporters.
"""

from dataclasses import dataclass, field

import numpy as np

from vaekst.register.synth.process import Panel

SIZE_CLASSES = (
    ("0", 0, 0),
    ("1-9", 1, 9),
    ("10-49", 10, 49),
    ("50-249", 50, 249),
    ("250+", 250, 10**9),
)


@dataclass
class Calibration:
    """Measured figures of one panel (shares are fractions, not percentages)."""

    active: int
    size_classes: dict[str, float]
    high_growth_10: float  # Eurostat: >10% a year over 3 years, >=10 at the start
    high_growth_20: float
    survival: dict[int, float]  # years after founding -> share still active
    entry_rate: float
    exporters: float
    exporters_10_plus: float
    top_share_of_headcount: float = 0.0  # the largest 1% of firms
    regions: dict[str, float] = field(default_factory=dict)


def size_class_shares(headcount: np.ndarray) -> dict[str, float]:
    total = max(headcount.size, 1)
    return {
        label: float(((headcount >= low) & (headcount <= high)).sum()) / total
        for label, low, high in SIZE_CLASSES
    }


def high_growth_share(panel: Panel, threshold: float) -> float:
    """HG firms / active firms with >=10 headcount, pooled over every 3-year window."""
    heads = panel.headcount.astype(np.float64)
    high = 0
    base = 0
    for end in range(3, heads.shape[1]):
        start_size, end_size = heads[:, end - 3], heads[:, end]
        base += int((end_size >= 10).sum())
        grew = (start_size >= 10) & (end_size > start_size * (1 + threshold) ** 3 + 1e-9)
        high += int(grew.sum())
    return high / max(base, 1)


def survival_shares(panel: Panel, horizons: tuple[int, ...] = (1, 2, 5)) -> dict[int, float]:
    """Share of firms founded in the panel still active `k` years after founding."""
    last = float(panel.years[-1] + 1)
    founded = panel.entry >= panel.years[0]
    result = {}
    for horizon in horizons:
        cohort = founded & (panel.entry + horizon <= last)
        lived = np.isnan(panel.exit) | (panel.exit > panel.entry + horizon)
        result[horizon] = float((cohort & lived).sum()) / max(int(cohort.sum()), 1)
    return result


def measure(panel: Panel) -> Calibration:
    last = panel.headcount[:, -1]
    active = last >= 0
    heads = last[active]
    entrants = ((panel.entry >= panel.years[-1]) & (panel.entry < panel.years[-1] + 1)).sum()
    at_start = (panel.entry < panel.years[-1]) & (
        np.isnan(panel.exit) | (panel.exit >= panel.years[-1])
    )
    exporting = panel.exporter[:, -1][active]
    ten_plus = heads >= 10
    top = np.sort(heads)[::-1][: max(1, heads.size // 100)]
    return Calibration(
        active=int(active.sum()),
        size_classes=size_class_shares(heads),
        high_growth_10=high_growth_share(panel, 0.10),
        high_growth_20=high_growth_share(panel, 0.20),
        survival=survival_shares(panel),
        entry_rate=float(entrants) / max(int(at_start.sum()), 1),
        exporters=float(exporting.mean()) if heads.size else 0.0,
        exporters_10_plus=float(exporting[ten_plus].mean()) if ten_plus.any() else 0.0,
        top_share_of_headcount=float(top.sum()) / max(float(heads.sum()), 1.0),
    )


def describe(calibration: Calibration) -> str:
    sizes = " · ".join(f"{k}: {v:.1%}" for k, v in calibration.size_classes.items())
    survival = ", ".join(f"{k}y {v:.0%}" for k, v in calibration.survival.items())
    lines = [
        f"size classes  {sizes}",
        f"high growth   {calibration.high_growth_10:.1%} (10%), "
        f"{calibration.high_growth_20:.1%} (20%) of >=10 firms",
        f"survival      {survival}; entry rate {calibration.entry_rate:.1%}",
        f"exporters     {calibration.exporters:.1%} of active, "
        f"{calibration.exporters_10_plus:.1%} of >=10",
    ]
    if calibration.regions:
        lines.append(
            "regions       " + " · ".join(f"{k}: {v:.1%}" for k, v in calibration.regions.items())
        )
    return "\n".join(lines)
