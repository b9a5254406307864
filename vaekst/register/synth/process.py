"""The firm population process: entry, growth and exit, simulated year by year.

Log size follows `log S(t+1) = log S(t) + mu(age, potential) + eps`, with
`eps ~ Laplace(0, b0 * S^-beta)` and rare power-law jumps (tail exponent 3), so that growth
rates are Laplace-shaped with heavy tails and volatility falls with size. `S` is the headcount
including owners (`antalInklusivEjere`); a firm at `log S = 0` employs nobody. Each firm has a
latent growth potential: a sector mean plus a hidden normal part. It raises drift (mostly
while young), the odds of exporting and of survival. Exits follow a baseline survival curve
fitted to the published 70% / 59% / 45% after 1 / 2 / 5 years, bent by size and potential.

The economy starts empty `burn_in` years before the panel, so that at the panel's start the
age and size distributions are the ones the process itself produces. Entries are sized so
that more than the requested number of firms is active at the end; the panel is then thinned
uniformly at random to exactly that number, which leaves every distribution unchanged.
Everything is vectorised over firms; only the loop over years is Python.
"""

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vaekst.register.synth.tables import SECTORS, industries

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class GrowthParameters:
    """Parameters of the process, tuned against calibration.md (see bench/bench_synth.py)."""

    burn_in: int = 50
    # Baseline log survival at ages 0, 1, 2, 5, 15 and 100 years.
    survival_ages: tuple[float, ...] = (0.0, 1.0, 2.0, 5.0, 15.0, 100.0)
    survival_log: tuple[float, ...] = (0.0, -0.37, -0.55, -0.82, -1.32, -4.70)
    # Exit hazard multipliers.
    hazard_potential: float = -0.25
    hazard_medium: float = 0.55  # 10-49 headcount
    hazard_large: float = 0.3  # 50+ headcount
    # Entry size: log headcount ~ N(mean + potential effect, sd), floored at 0.
    entry_mean: float = 0.65
    entry_sd: float = 0.9
    entry_potential: float = 0.25
    big_entry_share: float = 0.006  # subsidiaries and spin-offs that start with staff
    big_entry_max: float = 300.0
    # Drift.
    drift: float = -0.035
    drift_young: float = 0.07
    young_years: float = 3.0
    drift_potential_young: float = 0.07
    potential_years: float = 6.0
    drift_potential: float = 0.015
    drift_exporter: float = 0.015
    # Very large firms drift back (Denmark's largest employ tens of thousands, not millions).
    ceiling: float = math.log(3000.0)
    ceiling_pull: float = 0.15
    # Noise: Laplace scale b0 * S^-beta and jumps with Pareto(3) sizes.
    noise_scale: float = 0.12
    noise_beta: float = 0.17
    jump_probability: float = 0.03
    jump_min: float = 0.3
    jump_up_share: float = 0.55
    # An employer's log headcount never falls below this (one employee); firms shed all
    # staff by ceasing, which keeps the 0-employee class made of the non-employers.
    employer_floor: float = 0.5
    # Non-employers that start hiring, per year (times exp(0.4 potential)).
    start_hiring: float = 0.005
    # Exporting: start odds logit(e0 + e_size log S + e_potential potential + sector); stop rate.
    export_base: float = -6.7
    export_size: float = 0.85
    export_potential: float = 0.45
    export_stop: float = 0.08
    # More firms than requested are simulated, then thinned to the requested count.
    oversample: float = 1.08


@dataclass
class Panel:
    """The simulated firms alive at some time in the panel years, one row per firm."""

    years: IntArray  # the panel's calendar years
    entry: FloatArray  # founding time in fractional years (2015.5 = 2 July 2015)
    exit: FloatArray  # ceasing time, NaN while active
    sector: IntArray
    industry: IntArray
    potential: FloatArray
    potential_hidden: FloatArray
    potential_growth: FloatArray  # log growth the potential drove during the panel
    employer: BoolArray  # latent type: a firm that hires at all
    headcount: npt.NDArray[np.int32]  # [firm, year] headcount incl. owners, -1 when not alive
    exporter: npt.NDArray[np.bool_]  # [firm, year]

    @property
    def size(self) -> int:
        return len(self.entry)


def expected_lifetime(parameters: GrowthParameters) -> float:
    """Mean lifetime in years under the baseline survival curve (multiplier 1)."""
    ages = np.linspace(0.0, parameters.survival_ages[-1], 4001)
    survival = np.exp(np.interp(ages, parameters.survival_ages, parameters.survival_log))
    return float(np.trapezoid(survival, ages))


def _log_survival(age: FloatArray, parameters: GrowthParameters) -> FloatArray:
    return np.interp(age, parameters.survival_ages, parameters.survival_log)


def _headcount(log_size: FloatArray) -> npt.NDArray[np.int32]:
    # Round S = exp(x) to a headcount; x = 0 (S = 1) is the firm without staff.
    return np.maximum(np.rint(np.exp(log_size)).astype(np.int32) - 1, 0)


class _Registry:
    """Per-firm attributes for every firm ever created, indexed by firm id."""

    def __init__(self, capacity: int) -> None:
        self.count = 0
        self.entry = np.empty(capacity)
        self.exit = np.full(capacity, np.nan)
        self.sector = np.empty(capacity, dtype=np.int64)
        self.industry = np.empty(capacity, dtype=np.int64)
        self.potential = np.empty(capacity)
        self.hidden = np.empty(capacity)
        self.employer = np.zeros(capacity, dtype=bool)
        self.potential_growth = np.zeros(capacity)

    def add(self, size: int) -> IntArray:
        ids = np.arange(self.count, self.count + size, dtype=np.int64)
        self.count += size
        return ids


def simulate(
    rng: np.random.Generator,
    *,
    firms: int,
    years: int,
    end_year: int,
    parameters: GrowthParameters | None = None,
) -> Panel:
    """Simulate the economy and return `firms` firms active at the end of `end_year` plus the
    firms that ceased during the `years` panel years (thinned in the same proportion)."""
    p = parameters or GrowthParameters()
    table = industries()
    first_panel = end_year - years + 1
    start_year = first_panel - p.burn_in
    entries_per_year = max(1, math.ceil(firms * p.oversample / expected_lifetime(p)))
    registry = _Registry(entries_per_year * (end_year - start_year + 1))

    sector_share = np.array([s.firms_2022 for s in SECTORS])
    sector_share /= sector_share.sum()
    sector_employer = np.array([s.employer_share for s in SECTORS])
    sector_drift = np.array([s.drift for s in SECTORS])
    sector_potential = np.array([s.potential for s in SECTORS])
    sector_export = np.array([s.export_logit for s in SECTORS])
    industry_by_sector = [table.of_sector(i) for i in range(len(SECTORS))]
    industry_weight = [table.weight[ids] / table.weight[ids].sum() for ids in industry_by_sector]

    alive_id = np.empty(0, dtype=np.int64)
    log_size = np.empty(0)
    exporter = np.empty(0, dtype=bool)
    records: list[tuple[IntArray, npt.NDArray[np.int32], BoolArray]] = []

    for year in range(start_year, end_year + 1):
        in_panel = year >= first_panel
        # Exits during the year among the firms alive at its start.
        if alive_id.size:
            potential = registry.potential[alive_id]
            age = year - registry.entry[alive_id]
            multiplier = np.exp(p.hazard_potential * potential)
            multiplier[log_size >= math.log(10.5)] *= p.hazard_medium / 1.0
            multiplier[log_size >= math.log(50.5)] *= p.hazard_large / p.hazard_medium
            step = _log_survival(age + 1.0, p) - _log_survival(age, p)
            exits = rng.random(alive_id.size) > np.exp(multiplier * step)
            registry.exit[alive_id[exits]] = year + rng.random(int(exits.sum()))
            keep = ~exits
            alive_id, log_size, exporter = alive_id[keep], log_size[keep], exporter[keep]

            # Growth of the survivors.
            potential, age = potential[keep], age[keep]
            employer = registry.employer[alive_id]
            hires = ~employer & (
                rng.random(alive_id.size) < p.start_hiring * np.exp(0.4 * potential)
            )
            registry.employer[alive_id[hires]] = True
            employer |= hires
            potential_drift = potential * (
                p.drift_potential_young * np.exp(-age / p.potential_years) + p.drift_potential
            )
            drift = (
                p.drift
                + sector_drift[registry.sector[alive_id]]
                + p.drift_young * np.exp(-age / p.young_years)
                + potential_drift
                + p.drift_exporter * exporter
                - p.ceiling_pull * np.maximum(log_size - p.ceiling, 0.0)
            )
            noise = rng.laplace(0.0, p.noise_scale * np.exp(-p.noise_beta * log_size))
            jumps = rng.random(alive_id.size) < p.jump_probability
            jump_size = p.jump_min * rng.random(int(jumps.sum())) ** (-1.0 / 3.0)
            jump_sign = np.where(rng.random(jump_size.size) < p.jump_up_share, 1.0, -1.0)
            noise[jumps] += np.minimum(jump_size, 3.0) * jump_sign
            log_size = np.where(
                employer, np.maximum(log_size + drift + noise, p.employer_floor), 0.0
            )
            if in_panel:
                registry.potential_growth[alive_id[employer]] += potential_drift[employer]

            # Exporting starts and stops.
            start_odds = (
                p.export_base
                + p.export_size * log_size
                + p.export_potential * potential
                + sector_export[registry.sector[alive_id]]
            )
            starts = employer & (rng.random(alive_id.size) < 1.0 / (1.0 + np.exp(-start_odds)))
            stops = rng.random(alive_id.size) < p.export_stop
            exporter = (exporter & ~stops) | starts

        # Entrants: founded during the year, some of them gone again before it ends.
        new_id = registry.add(entries_per_year)
        sector = rng.choice(len(SECTORS), size=new_id.size, p=sector_share)
        industry = np.empty(new_id.size, dtype=np.int64)
        for index, ids in enumerate(industry_by_sector):
            chosen = sector == index
            industry[chosen] = rng.choice(ids, size=int(chosen.sum()), p=industry_weight[index])
        hidden = rng.standard_normal(new_id.size)
        potential = sector_potential[sector] + hidden
        employer = rng.random(new_id.size) < sector_employer[sector]
        start = rng.normal(p.entry_mean + p.entry_potential * potential, p.entry_sd)
        big = rng.random(new_id.size) < p.big_entry_share
        start[big] = rng.uniform(math.log(10), math.log(p.big_entry_max), int(big.sum()))
        employer |= big
        registry.entry[new_id] = year + rng.random(new_id.size)
        registry.sector[new_id] = sector
        registry.industry[new_id] = industry
        registry.potential[new_id] = potential
        registry.hidden[new_id] = hidden
        registry.employer[new_id] = employer
        remaining = (year + 1.0) - registry.entry[new_id]
        multiplier = np.exp(p.hazard_potential * potential)
        gone = rng.random(new_id.size) > np.exp(multiplier * _log_survival(remaining, p))
        registry.exit[new_id[gone]] = registry.entry[new_id[gone]] + remaining[gone] * rng.random(
            int(gone.sum())
        )
        stay = ~gone
        alive_id = np.concatenate([alive_id, new_id[stay]])
        log_size = np.concatenate(
            [log_size, np.where(employer, np.maximum(start, p.employer_floor), 0.0)[stay]]
        )
        exporter = np.concatenate([exporter, np.zeros(int(stay.sum()), dtype=bool)])
        if in_panel:
            records.append((alive_id.copy(), _headcount(log_size), exporter.copy()))

    return _thin(rng, registry, records, firms=firms, first_panel=first_panel, years=years)


def _thin(
    rng: np.random.Generator,
    registry: _Registry,
    records: list[tuple[IntArray, npt.NDArray[np.int32], BoolArray]],
    *,
    firms: int,
    first_panel: int,
    years: int,
) -> Panel:
    count = registry.count
    exit_time = registry.exit[:count]
    active = np.flatnonzero(np.isnan(exit_time))
    ceased = np.flatnonzero(exit_time >= first_panel)
    keep_active = rng.choice(active, size=min(firms, active.size), replace=False)
    share = keep_active.size / max(active.size, 1)
    keep_ceased = rng.choice(ceased, size=round(ceased.size * share), replace=False)
    ids = np.sort(np.concatenate([keep_active, keep_ceased]))

    headcount = np.full((ids.size, years), -1, dtype=np.int32)
    exporting = np.zeros((ids.size, years), dtype=bool)
    for column, (alive, sizes, exports) in enumerate(records):
        rows = np.searchsorted(ids, alive)
        rows = np.minimum(rows, ids.size - 1)
        found = ids[rows] == alive
        headcount[rows[found], column] = sizes[found]
        exporting[rows[found], column] = exports[found]
    return Panel(
        years=np.arange(first_panel, first_panel + years, dtype=np.int64),
        entry=registry.entry[ids],
        exit=registry.exit[ids],
        sector=registry.sector[ids],
        industry=registry.industry[ids],
        potential=registry.potential[ids],
        potential_hidden=registry.hidden[ids],
        potential_growth=registry.potential_growth[ids],
        employer=registry.employer[ids],
        headcount=headcount,
        exporter=exporting,
    )
