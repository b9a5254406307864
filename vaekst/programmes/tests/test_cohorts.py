"""The eye-level cohort engine: its hard constraints, its objective and its determinism."""

import numpy as np
import pytest

from vaekst.programmes.cohorts import (
    CohortError,
    _Split,
    build_cohorts,
    even_sizes,
    homogeneity,
    standardise,
)


def applicants(n: int, seed: int = 3) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    features = np.column_stack(
        [
            rng.integers(1, 5, n),
            rng.lognormal(2.5, 1.0, n).round(),
            rng.integers(1, 40, n),
            rng.normal(0.05, 0.15, n),
        ]
    )
    return [f"F{i:03d}" for i in range(n)], features


def clustered(per_cluster: int) -> tuple[list[str], np.ndarray, list[set[str]]]:
    """Three tight, far-apart clusters of firms."""
    rng = np.random.default_rng(7)
    centres = [(1, 200, 30, 0.3), (2, 20, 10, 0.05), (4, 2, 2, -0.1)]
    rows, ids, clusters = [], [], []
    for number, centre in enumerate(centres):
        cluster = set()
        for i in range(per_cluster):
            firm = f"C{number}-{i:02d}"
            ids.append(firm)
            cluster.add(firm)
            rows.append(np.array(centre) * (1 + rng.normal(0, 0.02, 4)))
        clusters.append(cluster)
    return ids, np.array(rows), clusters


def cohort_of(cohorts: list[list[str]], firm: str) -> int:
    return next(number for number, cohort in enumerate(cohorts) if firm in cohort)


def test_homogeneity_is_the_mean_within_cohort_sum_of_squares() -> None:
    # given two cohorts of two points: (0,0,0,0),(2,0,0,0) and (0,0,0,0),(0,4,0,0)
    z = np.array([[0, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0], [0, 4, 0, 0]], dtype=float)
    # when / then: sums of squares 1+1 = 2 and 4+4 = 8, mean 5
    assert homogeneity(z, [[0, 1], [2, 3]]) == 5.0
    assert homogeneity(z, [[0, 2], [1, 3]]) == pytest.approx((0 + (1 + 4 + 1 + 4)) / 2)


def test_features_are_standardised_with_employees_as_log() -> None:
    # given employees 0 and e²-1 (log(1+x) = 0 and 2), a constant age
    features = np.array([[1, 0, 5, 0.0], [3, np.e**2 - 1, 5, 1.0]])
    # when
    z = standardise(features)
    # then
    assert z == pytest.approx(np.array([[-1, -1, 0, -1], [1, 1, 0, 1]]))


def test_even_sizes_use_as_few_cohorts_as_the_maximum_allows() -> None:
    assert even_sizes(50, 12, 20) == [17, 17, 16]
    assert even_sizes(40, 12, 20) == [20, 20]
    assert even_sizes(0, 12, 20) == []
    with pytest.raises(CohortError, match="25 ansøgere kan ikke deles i hold på 13-20"):
        even_sizes(25, 13, 20)


def test_every_firm_is_in_exactly_one_cohort_within_the_size_bounds() -> None:
    # given
    ids, features = applicants(95)
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=20, seed=1)
    # then
    flat = [firm for cohort in result.cohorts for firm in cohort]
    assert sorted(flat) == ids
    assert len(result.cohorts) == 5
    assert all(12 <= len(cohort) <= 20 for cohort in result.cohorts)


def test_bounds_that_cannot_be_met_are_refused() -> None:
    ids, features = applicants(25)
    with pytest.raises(CohortError, match="25 ansøgere kan ikke deles i hold på 13-20"):
        build_cohorts(ids, features, min_size=13, max_size=20)
    with pytest.raises(CohortError, match="Ugyldige grænser: min 21, max 20"):
        build_cohorts(ids, features, min_size=21, max_size=20)


def test_by_keeps_every_cohort_within_one_group() -> None:
    # given 30 firms in industry A and 26 in B
    ids, features = applicants(56)
    groups = ["A"] * 30 + ["B"] * 26
    group_of = dict(zip(ids, groups, strict=True))
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=20, groups=groups)
    # then
    assert all(len({group_of[firm] for firm in cohort}) == 1 for cohort in result.cohorts)
    assert [group_of[cohort[0]] for cohort in result.cohorts] == ["A", "A", "B", "B"]
    assert all(12 <= len(cohort) <= 20 for cohort in result.cohorts)


def test_a_group_that_cannot_be_split_is_named() -> None:
    ids, features = applicants(35)
    groups = ["A"] * 30 + ["C"] * 5
    with pytest.raises(CohortError, match="Gruppen 'C': 5 ansøgere kan ikke deles"):
        build_cohorts(ids, features, min_size=12, max_size=20, groups=groups)


def test_together_pairs_share_a_cohort_even_across_clusters() -> None:
    # given firms from two far-apart clusters, which the unconstrained split separates
    ids, features, clusters = clustered(15)
    first, second = "C0-00", "C2-00"
    free = build_cohorts(ids, features, min_size=12, max_size=15, seed=2)
    assert cohort_of(free.cohorts, first) != cohort_of(free.cohorts, second)
    # when
    result = build_cohorts(
        ids, features, min_size=12, max_size=15, together=[(first, second)], seed=2
    )
    # then
    assert cohort_of(result.cohorts, first) == cohort_of(result.cohorts, second)
    assert all(12 <= len(cohort) <= 15 for cohort in result.cohorts)
    assert sorted(firm for cohort in result.cohorts for firm in cohort) == sorted(ids)


def test_apart_pairs_are_in_different_cohorts_even_within_a_cluster() -> None:
    # given two firms of the same cluster, which the unconstrained split keeps together
    ids, features, clusters = clustered(15)
    first, second = "C1-00", "C1-01"
    free = build_cohorts(ids, features, min_size=12, max_size=15, seed=2)
    assert cohort_of(free.cohorts, first) == cohort_of(free.cohorts, second)
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=15, apart=[(first, second)], seed=2)
    # then
    assert cohort_of(result.cohorts, first) != cohort_of(result.cohorts, second)
    assert all(12 <= len(cohort) <= 15 for cohort in result.cohorts)


def test_contradictory_and_unknown_pairs_are_refused() -> None:
    ids, features = applicants(40)
    with pytest.raises(CohortError, match="F001 og F003 skal både være sammen og adskilt"):
        build_cohorts(
            ids,
            features,
            min_size=12,
            max_size=20,
            together=[("F001", "F002"), ("F002", "F003")],
            apart=[("F001", "F003")],
        )
    with pytest.raises(CohortError, match="Ukendt id 'X9'"):
        build_cohorts(ids, features, min_size=12, max_size=20, apart=[("F001", "X9")])


def test_a_together_block_larger_than_the_maximum_is_refused() -> None:
    ids, features = applicants(40)
    chain = [(ids[i], ids[i + 1]) for i in range(12)]
    with pytest.raises(CohortError, match="13 ansøgere skal være sammen, flere end max 12"):
        build_cohorts(ids, features, min_size=10, max_size=12, together=chain)


def test_together_blocks_that_cannot_be_packed_into_the_cohorts_are_refused() -> None:
    # given 24 firms in group A for two cohorts of 12, three of them blocks of 7
    ids, features = applicants(24)
    chains = [(ids[i], ids[i + 1]) for start in (0, 7, 14) for i in range(start, start + 6)]
    # when / then: two blocks of 7 never share a cohort of 12, so one is left without room
    with pytest.raises(
        CohortError, match="Gruppen 'A': Holdene kan ikke dannes med de ønskede par og grænser"
    ):
        build_cohorts(ids, features, min_size=12, max_size=12, groups=["A"] * 24, together=chains)


def test_together_blocks_are_packed_when_they_fit() -> None:
    # given the same firms with two blocks of 7 and one of 5
    ids, features = applicants(24)
    chains = [
        (ids[i], ids[i + 1])
        for start, size in ((0, 7), (7, 7), (14, 5))
        for i in range(start, start + size - 1)
    ]
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=12, together=chains)
    # then
    assert [len(cohort) for cohort in result.cohorts] == [12, 12]
    assert all(cohort_of(result.cohorts, a) == cohort_of(result.cohorts, b) for a, b in chains)


def test_locked_cohorts_are_kept_and_left_out_of_the_split() -> None:
    # given a locked cohort of firms from all three clusters
    ids, features, clusters = clustered(15)
    locked = ["C0-00", "C1-00", "C2-00"]
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=14, locked=[locked], seed=2)
    # then
    assert result.cohorts[0] == locked
    rest = result.cohorts[1:]
    assert sorted(firm for cohort in rest for firm in cohort) == sorted(set(ids) - set(locked))
    assert [len(cohort) for cohort in rest] == [14, 14, 14]
    assert [{firm[:2] for firm in cohort} for cohort in rest] == [{"C0"}, {"C1"}, {"C2"}]


def test_pairs_against_a_locked_cohort_must_already_hold() -> None:
    ids, features, clusters = clustered(15)
    locked = [["C0-00", "C1-00"]]
    with pytest.raises(CohortError, match="C0-00 og C2-00 skal være sammen, men et hold er låst"):
        build_cohorts(
            ids, features, min_size=12, max_size=15, locked=locked, together=[("C0-00", "C2-00")]
        )
    with pytest.raises(CohortError, match="C0-00 og C1-00 skal være adskilt"):
        build_cohorts(
            ids, features, min_size=12, max_size=15, locked=locked, apart=[("C0-00", "C1-00")]
        )
    with pytest.raises(CohortError, match="C0-00 står i mere end ét låst hold"):
        build_cohorts(ids, features, min_size=12, max_size=15, locked=[["C0-00"], ["C0-00"]])


def test_the_same_seed_gives_the_same_cohorts() -> None:
    ids, features = applicants(120)
    first = build_cohorts(ids, features, min_size=12, max_size=20, seed=5, apart=[("F001", "F002")])
    second = build_cohorts(
        ids, features, min_size=12, max_size=20, seed=5, apart=[("F001", "F002")]
    )
    assert first.cohorts == second.cohorts
    assert first.homogeneity == second.homogeneity
    assert first.random_homogeneity == second.random_homogeneity


def test_clustered_firms_are_found_and_beat_the_random_split() -> None:
    # given three clusters of 15
    ids, features, clusters = clustered(15)
    # when
    result = build_cohorts(ids, features, min_size=12, max_size=15, seed=4)
    # then
    assert sorted(map(sorted, map(set, result.cohorts))) == sorted(map(sorted, clusters))
    assert result.homogeneity < 0.1 * result.random_homogeneity
    assert result.homogeneity <= result.kmeans_homogeneity


def test_local_improvement_beats_random_and_kmeans_on_unclustered_firms() -> None:
    ids, features = applicants(300)
    result = build_cohorts(ids, features, min_size=12, max_size=20, seed=1)
    assert result.homogeneity < 0.7 * result.random_homogeneity
    assert result.homogeneity < result.kmeans_homogeneity


def test_a_spent_time_budget_keeps_the_constrained_seed() -> None:
    # given
    ids, features = applicants(120)
    # when: no time for local improvement
    seeded = build_cohorts(
        ids, features, min_size=12, max_size=20, apart=[("F001", "F002")], time_budget=0
    )
    full = build_cohorts(ids, features, min_size=12, max_size=20, apart=[("F001", "F002")])
    # then: the seed already meets every constraint, and improvement only lowers it
    assert sorted(firm for cohort in seeded.cohorts for firm in cohort) == ids
    assert all(12 <= len(cohort) <= 20 for cohort in seeded.cohorts)
    assert cohort_of(seeded.cohorts, "F001") != cohort_of(seeded.cohorts, "F002")
    assert full.homogeneity < seeded.homogeneity


def short_split(partners: list[set[int]]) -> _Split:
    """Four firms (at 0, 1, 10 and 12 on the first feature) in cohort 0, one at 10.5 alone
    in cohort 1, below the minimum of 2."""
    z = np.zeros((5, 4))
    z[:, 0] = [0, 1, 10, 12, 10.5]
    split = _Split(z, [[row] for row in range(5)], partners, k=2, min_size=2, max_size=4)
    for unit, cohort in enumerate([0, 0, 0, 0, 1]):
        split.place(unit, cohort)
    return split


def test_a_short_cohort_takes_the_nearest_firm_another_cohort_can_spare() -> None:
    # given
    split = short_split([set() for _ in range(5)])
    # when
    split.fill_short()
    # then: the firm at 10 joins the one at 10.5
    assert split.label.tolist() == [0, 0, 1, 0, 1]
    assert split.size.tolist() == [3, 2]
    assert split.total[:, 0].tolist() == [13.0, 20.5]


def test_a_short_cohort_takes_no_firm_kept_apart_from_its_members() -> None:
    # given the firm at 10 is to be kept apart from the one at 10.5
    partners: list[set[int]] = [set(), set(), {4}, set(), {2}]
    split = short_split(partners)
    # when
    split.fill_short()
    # then: the next nearest, at 12, moves instead
    assert split.label.tolist() == [0, 0, 0, 1, 1]


def test_a_short_cohort_nobody_can_fill_is_refused() -> None:
    # given cohort 0 could spare a firm, but every one is kept apart from the lone firm
    split = short_split([{4}, {4}, {4}, {4}, {0, 1, 2, 3}])
    # when / then
    with pytest.raises(CohortError, match="Holdene kan ikke dannes"):
        split.fill_short()
    assert split.label.tolist() == [0, 0, 0, 0, 1]
