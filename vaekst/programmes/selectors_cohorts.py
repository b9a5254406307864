"""What the cohort page reads: each cohort's profile and members with their features, the
homogeneity of the split as it stands (after any moves) against random splits of the same
sizes, the pair requests, and a small chart's geometry. A fixed number of queries."""

import statistics
from dataclasses import dataclass, field

import numpy as np

from vaekst.programmes.cohorts import homogeneity, standardise
from vaekst.programmes.models import Cohort, CohortPair, ProgrammeRun
from vaekst.programmes.services.cohort_features import FirmFeatures, run_features
from vaekst.programmes.services.cohorts import industries_of

RANDOM_SPLITS = 20
CHART_WIDTH = 560
CHART_ROW = 28
CHART_LABEL = 110


@dataclass
class Summary:
    mean: float
    median: float


def _summary(values: list[float]) -> Summary:
    if not values:
        return Summary(0.0, 0.0)
    return Summary(float(statistics.fmean(values)), float(statistics.median(values)))


@dataclass
class CohortProfile:
    cohort: Cohort
    firms: list[FirmFeatures]
    level: Summary = field(init=False)
    employees: Summary = field(init=False)
    age: Summary = field(init=False)
    growth: Summary = field(init=False)
    industries: list[tuple[str, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.level = _summary([float(firm.level_rank) for firm in self.firms])
        self.employees = _summary([firm.employees for firm in self.firms])
        self.age = _summary([firm.age_years for firm in self.firms])
        self.growth = _summary([firm.growth for firm in self.firms])
        self.industries = industries_of(self.firms)

    @property
    def size(self) -> int:
        return len(self.firms)

    @property
    def level_range(self) -> tuple[int, int]:
        ranks = [firm.level_rank for firm in self.firms] or [0]
        return min(ranks), max(ranks)


@dataclass
class ChartRow:
    label: str
    y: int
    size: int
    bar_width: float
    level_x: float
    low_x: float
    high_x: float
    mean_level: float


@dataclass
class CohortOverview:
    run: ProgrammeRun
    profiles: list[CohortProfile]
    unassigned: list[FirmFeatures]
    pairs: list[CohortPair]
    homogeneity: float | None
    random_homogeneity: float | None
    chart: list[ChartRow]
    chart_height: int
    level_ticks: list[tuple[int, float]]
    firm_count: int

    @property
    def improvement(self) -> float | None:
        """How much lower the homogeneity is than a random split's, as a fraction."""
        if not self.homogeneity or not self.random_homogeneity:
            return None
        return 1 - self.homogeneity / self.random_homogeneity


def split_quality(
    firms: list[FirmFeatures], cohorts: list[list[int]], groups: list[str] | None
) -> tuple[float, float]:
    """The split's homogeneity and the mean over seeded random splits of the same sizes
    (within each group of cohorts when the run is split by industry)."""
    z = standardise(np.array([firm.vector() for firm in firms], dtype=np.float64))
    actual = homogeneity(z, cohorts)
    rng = np.random.default_rng(0)
    by_group: dict[str, list[list[int]]] = {}
    for rows in cohorts:
        key = groups[rows[0]] if groups else ""
        by_group.setdefault(key, []).append(rows)
    totals = []
    for _ in range(RANDOM_SPLITS):
        split: list[list[int]] = []
        for members in by_group.values():
            pool = rng.permutation([row for rows in members for row in rows])
            start = 0
            for rows in members:
                split.append([int(row) for row in pool[start : start + len(rows)]])
                start += len(rows)
        totals.append(homogeneity(z, split))
    return actual, float(np.mean(totals))


def _chart(
    profiles: list[CohortProfile], maximum: int, lowest: int
) -> tuple[list[ChartRow], list[tuple[int, float]]]:
    half = (CHART_WIDTH - CHART_LABEL) / 2 - 10
    level_start = CHART_LABEL + half + 20
    span = max(lowest - 1, 1)

    def level_x(rank: float) -> float:
        # the lowest level's dot stays inside the drawing
        return round(level_start + (rank - 1) / span * (half - 20), 1)

    rows = []
    for index, profile in enumerate(profiles):
        low, high = profile.level_range
        rows.append(
            ChartRow(
                label=str(profile.cohort),
                y=20 + index * CHART_ROW,
                size=profile.size,
                bar_width=round(profile.size / max(maximum, 1) * half, 1),
                level_x=level_x(profile.level.mean),
                low_x=level_x(low),
                high_x=level_x(high),
                mean_level=profile.level.mean,
            )
        )
    ticks = [(rank, level_x(rank)) for rank in range(1, lowest + 1)]
    return rows, ticks


def cohort_overview(run: ProgrammeRun) -> CohortOverview:
    firms = run_features(run)
    cohorts = list(Cohort.objects.filter(run=run).select_related("network").order_by("number"))
    members: dict[int, list[FirmFeatures]] = {cohort.pk: [] for cohort in cohorts}
    unassigned = []
    for firm in firms:
        cohort_id = firm.enrolment.cohort_id
        if cohort_id in members:
            members[cohort_id].append(firm)
        else:
            unassigned.append(firm)
    profiles = [CohortProfile(cohort=cohort, firms=members[cohort.pk]) for cohort in cohorts]
    profiles = [profile for profile in profiles if profile.firms or profile.cohort.is_locked]
    row_of = {firm.key: row for row, firm in enumerate(firms)}
    index_lists = [
        [row_of[firm.key] for firm in profile.firms] for profile in profiles if profile.firms
    ]
    actual = baseline = None
    if index_lists:
        groups = [firm.industry for firm in firms] if run.cohort_by == "industry" else None
        actual, baseline = split_quality(firms, index_lists, groups)
    lowest = max([firm.level_rank for firm in firms] or [1])
    chart, ticks = _chart(profiles, run.cohort_max, lowest)
    pairs = list(
        CohortPair.objects.filter(run=run)
        .select_related("first__company", "second__company")
        .order_by("id")
    )
    return CohortOverview(
        run=run,
        profiles=profiles,
        unassigned=unassigned,
        pairs=pairs,
        homogeneity=actual,
        random_homogeneity=baseline,
        chart=chart,
        chart_height=20 + len(chart) * CHART_ROW + 10,
        level_ticks=ticks,
        firm_count=len(firms),
    )
