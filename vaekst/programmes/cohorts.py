"""Eye-level cohorts: split a run's applicants into groups as alike as possible.

Pure numpy; no database. The pages and the `build_cohorts` command call
`build_cohorts` with the applicants as arrays.

Features (columns of `features`, in this order): level (ordinal, 1 = highest), employees,
age in years, growth (3-year annual employee growth as a fraction). Employees are taken as
log(1 + x); then every feature is standardised over all applicants (locked ones included).

Homogeneity is the mean over cohorts of the within-cohort sum of squared distances to the
cohort's centroid, on the standardised features; lower is better.

Hard constraints: every applicant in exactly one cohort; every cohort's size within
[min_size, max_size] (locked cohorts are kept as they are); with `groups`, every cohort
within one group (each group is split on its own); `together` pairs in the same cohort,
`apart` pairs in different cohorts.

Algorithm, per group: k = ceil(n / max_size) cohorts (infeasible when k * min_size > n),
of sizes as even as possible. The seed is k-means (`kmeans_centres`, seeded) followed
by a balanced assignment: units (a together-block or a single firm) in turn, blocks first
and then by regret (second-nearest minus nearest centroid), each to the nearest centroid
with room and no apart partner. Then local improvement: for every unit in a seeded random
order, the best move to, or swap with a unit of, one of the nearest cohorts that lowers the
objective and keeps every constraint; passes until none improves (or `max_passes`, or the
optional `time_budget`, which makes the result depend on the machine's speed).

The baselines are for splits of the same sizes, per group, locked cohorts included as
they are: `random_homogeneity` a random permutation (seeded) cut into the result's sizes;
`kmeans_homogeneity` plain k-means (`kmeans_centres`: Lloyd with k-means++ starts, as
sklearn's KMeans, seeded) with the same balanced assignment by distance to the result's
sizes, with no together/apart pairs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FEATURES = ("level", "employees", "age_years", "growth")
NEAREST_COHORTS = 8
TOLERANCE = 1e-9

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


class CohortError(ValueError):
    """Input the engine cannot split under the hard constraints; the message says why."""


@dataclass(frozen=True)
class CohortResult:
    cohorts: list[list[str]]
    homogeneity: float
    random_homogeneity: float
    kmeans_homogeneity: float
    seconds: float


def standardise(features: FloatArray) -> FloatArray:
    """Employees as log(1 + x), then each column to mean 0 and standard deviation 1 (a
    constant column stays 0)."""
    values = np.array(features, dtype=np.float64)
    values[:, 1] = np.log1p(values[:, 1])
    std = values.std(axis=0)
    std[std == 0] = 1.0
    return (values - values.mean(axis=0)) / std


def homogeneity(z: FloatArray, cohorts: Sequence[Sequence[int]]) -> float:
    """Mean over cohorts of the sum of squared distances to the cohort's centroid."""
    if not cohorts:
        return 0.0
    total = 0.0
    for members in cohorts:
        rows = z[np.asarray(members, dtype=np.intp)]
        total += float(((rows - rows.mean(axis=0)) ** 2).sum())
    return total / len(cohorts)


def even_sizes(n: int, min_size: int, max_size: int) -> list[int]:
    """The sizes of ceil(n / max) cohorts, as even as possible; [] when n is 0."""
    if n == 0:
        return []
    k = math.ceil(n / max_size)
    if k * min_size > n:
        raise CohortError(
            f"{n} ansøgere kan ikke deles i hold på {min_size}-{max_size} "
            f"({k} hold kræver mindst {k * min_size})"
        )
    return [n // k + (1 if index < n % k else 0) for index in range(k)]


class _Split:
    """One group's units (together-blocks) in cohorts, with running sums per cohort."""

    def __init__(
        self,
        z: FloatArray,
        blocks: list[list[int]],
        partners: list[set[int]],
        k: int,
        min_size: int,
        max_size: int,
    ) -> None:
        self.blocks = blocks
        self.partners = partners
        self.count = np.array([len(block) for block in blocks], dtype=np.intp)
        self.sums = np.array([z[block].sum(axis=0) for block in blocks]).reshape(
            len(blocks), z.shape[1]
        )
        self.k = k
        self.min_size = min_size
        self.max_size = max_size
        self.label = np.full(len(blocks), -1, dtype=np.intp)
        self.size = np.zeros(k, dtype=np.intp)
        self.total = np.zeros((k, z.shape[1]))

    def place(self, unit: int, cohort: int) -> None:
        old = self.label[unit]
        if old >= 0:
            self.size[old] -= self.count[unit]
            self.total[old] -= self.sums[unit]
        self.label[unit] = cohort
        self.size[cohort] += self.count[unit]
        self.total[cohort] += self.sums[unit]

    def clashes(self, unit: int, cohort: int, ignore: int = -1) -> bool:
        return any(self.label[p] == cohort for p in self.partners[unit] if p != ignore)

    def assign(self, centres: FloatArray, capacity: Sequence[int]) -> None:
        """Balanced assignment: blocks first (largest first), then singles by regret."""
        centroid = self.sums / self.count[:, None]
        distance = ((centroid[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        distance *= self.count[:, None]
        ordered = np.sort(distance, axis=1)
        regret = ordered[:, 1] - ordered[:, 0] if self.k > 1 else ordered[:, 0]
        order = sorted(
            range(len(self.blocks)),
            key=lambda unit: (-int(self.count[unit]), -float(regret[unit]), unit),
        )
        room = np.array(capacity, dtype=np.intp)
        for unit in order:
            size = int(self.count[unit])
            choices = [int(c) for c in np.argsort(distance[unit], kind="stable")]
            fits = [c for c in choices if room[c] >= size and not self.clashes(unit, c)]
            if not fits:
                fits = [
                    c
                    for c in choices
                    if self.size[c] + size <= self.max_size and not self.clashes(unit, c)
                ]
            if not fits:
                raise CohortError("Holdene kan ikke dannes med de ønskede par og grænser")
            room[fits[0]] -= size
            self.place(unit, fits[0])
        self.fill_short()

    def fill_short(self) -> None:
        """A cohort left below min_size (blocks that did not fit evenly) takes the nearest
        units that another cohort can spare."""
        while (short := np.flatnonzero(self.size < self.min_size)).size:
            cohort = int(short[0])
            best: tuple[float, int] | None = None
            centre = self.total[cohort] / max(int(self.size[cohort]), 1)
            for unit in range(len(self.blocks)):
                origin = int(self.label[unit])
                size = int(self.count[unit])
                if origin == cohort or self.size[origin] - size < self.min_size:
                    continue
                if self.size[cohort] + size > self.max_size or self.clashes(unit, cohort):
                    continue
                cost = float(((self.sums[unit] / size - centre) ** 2).sum())
                if best is None or cost < best[0]:
                    best = (cost, unit)
            if best is None:
                raise CohortError("Holdene kan ikke dannes med de ønskede par og grænser")
            self.place(best[1], cohort)

    def terms(self) -> FloatArray:
        return np.asarray((self.total**2).sum(axis=1) / self.size, dtype=np.float64)

    def improve(self, seed: int, max_passes: int, deadline: float | None) -> None:
        """Best move or swap per unit among the nearest cohorts, while any improves."""
        rng = np.random.default_rng(seed)
        units = len(self.blocks)
        near = min(NEAREST_COHORTS, self.k - 1)
        if near < 1:
            return
        partnered = [unit for unit in range(units) if self.partners[unit]]
        term = self.terms()
        for _ in range(max_passes):
            improved = False
            for unit in rng.permutation(units):
                if deadline is not None and time.monotonic() > deadline:
                    return
                a = int(self.label[unit])
                s, c = self.sums[unit], int(self.count[unit])
                centres = self.total / self.size[:, None]
                gaps = ((centres - s / c) ** 2).sum(axis=1)
                gaps[a] = np.inf
                nearest = np.argsort(gaps, kind="stable")[:near]
                allowed = np.zeros(self.k, dtype=bool)
                allowed[nearest] = True
                for p in self.partners[unit]:
                    allowed[self.label[p]] = False
                best_gain, best_move = TOLERANCE, None
                # moves
                if self.size[a] - c >= self.min_size:
                    rest = self.total[a] - s
                    rest_term = float(rest @ rest) / (self.size[a] - c)
                    targets = np.flatnonzero(allowed & (self.size + c <= self.max_size))
                    if targets.size:
                        grown = self.total[targets] + s
                        gain = (
                            rest_term
                            + (grown**2).sum(axis=1) / (self.size[targets] + c)
                            - term[a]
                            - term[targets]
                        )
                        top = int(np.argmax(gain))
                        if gain[top] > best_gain:
                            best_gain, best_move = float(gain[top]), (int(targets[top]), -1)
                # swaps
                others = np.flatnonzero(allowed[self.label])
                if others.size:
                    b = self.label[others]
                    size_a = self.size[a] - c + self.count[others]
                    size_b = self.size[b] - self.count[others] + c
                    valid = (
                        (size_a >= self.min_size)
                        & (size_a <= self.max_size)
                        & (size_b >= self.min_size)
                        & (size_b <= self.max_size)
                    )
                    for other in partnered:
                        if self.label[other] != a and self.clashes(other, a, ignore=unit):
                            valid[others == other] = False
                    new_a = self.total[a] - s + self.sums[others]
                    new_b = self.total[b] - self.sums[others] + s
                    gain = (
                        (new_a**2).sum(axis=1) / size_a
                        + (new_b**2).sum(axis=1) / size_b
                        - term[a]
                        - term[b]
                    )
                    gain[~valid] = -np.inf
                    top = int(np.argmax(gain))
                    if gain[top] > best_gain:
                        best_gain, best_move = float(gain[top]), (int(b[top]), int(others[top]))
                if best_move is None:
                    continue
                target, other = best_move
                self.place(unit, target)
                if other >= 0:
                    self.place(other, a)
                term[[a, target]] = (self.total[[a, target]] ** 2).sum(axis=1) / self.size[
                    [a, target]
                ]
                improved = True
            if not improved:
                return

    def cohorts(self) -> list[list[int]]:
        members: list[list[int]] = [[] for _ in range(self.k)]
        for unit, block in enumerate(self.blocks):
            members[int(self.label[unit])].extend(block)
        return [sorted(cohort) for cohort in members]


def kmeans_centres(z: FloatArray, k: int, seed: int, starts: int = 3) -> FloatArray:
    """Plain k-means: Lloyd's iterations from k-means++ starts, the best of `starts` by
    inertia, seeded (what sklearn's `KMeans(init="k-means++", algorithm="lloyd")` does; in
    numpy because importing sklearn alone takes longer than the whole split)."""
    if k == 1:
        return np.asarray(z.mean(axis=0, keepdims=True), dtype=np.float64)
    rng = np.random.default_rng(seed)
    best: tuple[float, FloatArray] | None = None
    for _ in range(starts):
        centres = np.empty((k, z.shape[1]))
        centres[0] = z[rng.integers(len(z))]
        nearest = ((z - centres[0]) ** 2).sum(axis=1)
        for number in range(1, k):
            weights = nearest / nearest.sum() if nearest.sum() > 0 else None
            centres[number] = z[rng.choice(len(z), p=weights)]
            nearest = np.minimum(nearest, ((z - centres[number]) ** 2).sum(axis=1))
        for _ in range(100):
            distance = ((z[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            labels = distance.argmin(axis=1)
            counts = np.bincount(labels, minlength=k)
            sums = np.zeros_like(centres)
            np.add.at(sums, labels, z)
            moved = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
            if np.allclose(moved, centres):
                break
            centres = moved
        inertia = float(distance[np.arange(len(z)), labels].sum())
        if best is None or inertia < best[0]:
            best = (inertia, centres)
    assert best is not None
    return best[1]


class _UnionFind:
    def __init__(self, items: Sequence[int]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build_cohorts(
    ids: Sequence[str],
    features: FloatArray,
    *,
    min_size: int,
    max_size: int,
    groups: Sequence[str] | None = None,
    together: Sequence[tuple[str, str]] = (),
    apart: Sequence[tuple[str, str]] = (),
    locked: Sequence[Sequence[str]] = (),
    seed: int = 0,
    max_passes: int = 50,
    time_budget: float | None = None,
) -> CohortResult:
    """Cohorts of the applicants `ids` (rows of `features`, columns as FEATURES).

    `locked` cohorts are kept as they are and their firms left out of the split; a pair
    with a firm in a locked cohort must already hold there. Raises CohortError."""
    started = time.monotonic()
    deadline = None if time_budget is None else started + time_budget
    if min_size < 1 or max_size < min_size:
        raise CohortError(f"Ugyldige grænser: min {min_size}, max {max_size}")
    features = np.asarray(features, dtype=np.float64)
    if features.shape != (len(ids), len(FEATURES)):
        raise CohortError(f"Forventede {len(ids)} rækker med {len(FEATURES)} kolonner")
    index = {firm: row for row, firm in enumerate(ids)}
    if len(index) != len(ids):
        raise CohortError("Samme id optræder flere gange")
    if groups is not None and len(groups) != len(ids):
        raise CohortError("Gruppekolonnen har ikke én værdi pr. ansøger")

    def row_of(firm: str) -> int:
        if firm not in index:
            raise CohortError(f"Ukendt id {firm!r}")
        return index[firm]

    locked_of: dict[int, int] = {}
    for number, cohort in enumerate(locked):
        for firm in cohort:
            row = row_of(firm)
            if row in locked_of:
                raise CohortError(f"{firm} står i mere end ét låst hold")
            locked_of[row] = number
    pairs_together = [(row_of(a), row_of(b)) for a, b in together]
    pairs_apart = [(row_of(a), row_of(b)) for a, b in apart]
    group_of = list(groups) if groups is not None else [""] * len(ids)

    free = [row for row in range(len(ids)) if row not in locked_of]
    union = _UnionFind(free)
    for a, b in pairs_together:
        if a in locked_of or b in locked_of:
            if locked_of.get(a) != locked_of.get(b):
                raise CohortError(f"{ids[a]} og {ids[b]} skal være sammen, men et hold er låst")
            continue
        if group_of[a] != group_of[b]:
            raise CohortError(f"{ids[a]} og {ids[b]} skal være sammen, men er i hver sin gruppe")
        union.union(a, b)
    for a, b in pairs_apart:
        if a == b or (a in locked_of and locked_of.get(a) == locked_of.get(b)):
            raise CohortError(f"{ids[a]} og {ids[b]} skal være adskilt, men kan ikke være det")
        if a in union.parent and b in union.parent and union.find(a) == union.find(b):
            raise CohortError(f"{ids[a]} og {ids[b]} skal både være sammen og adskilt")

    z = standardise(features) if len(ids) else np.zeros((0, len(FEATURES)))
    locked_rows = [sorted(index[firm] for firm in cohort) for cohort in locked if cohort]
    result: list[list[int]] = list(locked_rows)
    random_split: list[list[int]] = list(result)
    kmeans_split: list[list[int]] = list(result)
    rng = np.random.default_rng(seed)

    for group in sorted(set(group_of[row] for row in free)):
        rows = [row for row in free if group_of[row] == group]
        named = f"Gruppen {group!r}: " if groups is not None else ""
        try:
            sizes = even_sizes(len(rows), min_size, max_size)
        except CohortError as error:
            raise CohortError(f"{named}{error}") from None
        members: dict[int, list[int]] = {}
        for row in rows:
            members.setdefault(union.find(row), []).append(row)
        blocks = sorted(members.values())
        unit_of = {row: unit for unit, block in enumerate(blocks) for row in block}
        for block in blocks:
            if len(block) > max_size:
                raise CohortError(
                    f"{len(block)} ansøgere skal være sammen, flere end max {max_size}"
                )
        partners: list[set[int]] = [set() for _ in blocks]
        for a, b in pairs_apart:
            if a in unit_of and b in unit_of:
                partners[unit_of[a]].add(unit_of[b])
                partners[unit_of[b]].add(unit_of[a])
        centres = kmeans_centres(z[rows], len(sizes), seed)
        split = _Split(z, blocks, partners, len(sizes), min_size, max_size)
        try:
            split.assign(centres, sizes)
        except CohortError as error:
            raise CohortError(f"{named}{error}") from None
        split.improve(seed, max_passes, deadline)
        cohorts = split.cohorts()
        result.extend(cohorts)
        final_sizes = [len(cohort) for cohort in cohorts]

        shuffled = [rows[i] for i in rng.permutation(len(rows))]
        start = 0
        for size in final_sizes:
            random_split.append(shuffled[start : start + size])
            start += size

        plain = _Split(z, [[row] for row in rows], [set() for _ in rows], len(sizes), 1, max_size)
        plain.assign(centres, final_sizes)
        kmeans_split.extend(plain.cohorts())

    ordered = sorted(result[len(locked_rows) :], key=lambda rows: (group_of[rows[0]], rows[0]))
    result = result[: len(locked_rows)] + ordered
    return CohortResult(
        cohorts=[[ids[row] for row in rows] for rows in result],
        homogeneity=homogeneity(z, result),
        random_homogeneity=homogeneity(z, random_split),
        kmeans_homogeneity=homogeneity(z, kmeans_split),
        seconds=time.monotonic() - started,
    )
