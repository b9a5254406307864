"""High-growth definitions on hand-computed series."""

import warnings

import numpy as np
import pytest

from vaekst.lib.growth import (
    EUROSTAT,
    OECD,
    YOUNG_FIRM,
    HighGrowthDefinition,
    annualised_growth,
    configured_definitions,
)


def test_annualised_growth_matches_hand_computation() -> None:
    # 10 -> 13.31 over 3 years is exactly 10 % a year; 10 -> 17.28 is exactly 20 %.
    growth = annualised_growth(np.array([10.0, 10.0, 0.0, 8.0]), np.array([13.31, 17.28, 5, 8]), 3)
    assert growth[0] == pytest.approx(0.10)
    assert growth[1] == pytest.approx(0.20)
    assert np.isnan(growth[2])
    assert growth[3] == 0.0


@pytest.mark.parametrize(
    ("start", "end", "eurostat", "oecd"),
    [
        (10, 13.32, True, False),  # just above 10 % a year
        (10, 13.30, False, False),  # just below
        (10, 17.29, True, True),  # just above 20 %
        (10, 17.27, True, False),  # just below 20 %
        (9, 30, False, False),  # too small at the start, however fast it grows
        (100, 140, True, False),  # 11.9 % a year
        (50, 40, False, False),  # shrinking
    ],
)
def test_eurostat_and_oecd(start: float, end: float, eurostat: bool, oecd: bool) -> None:
    assert bool(EUROSTAT.classify(np.array([start]), np.array([end]))[0]) is eurostat
    assert bool(OECD.classify(np.array([start]), np.array([end]))[0]) is oecd


def test_exactly_ten_percent_is_not_above_ten_percent() -> None:
    # 1000 -> 1331 is exactly 10 % a year: the definition says "above".
    assert not EUROSTAT.classify(np.array([1000.0]), np.array([1331.0]))[0]


def test_young_firm_needs_five_fte_two_years_after_start() -> None:
    start = np.array([5.0, 5.0, 4.0, 6.0])
    end = np.array([7.0, 7.0, 7.0, 7.0])  # 5 -> 7 is 11.9 % a year
    age = np.array([2, 3, 2, 2])
    result = YOUNG_FIRM.classify(start, end, start_age=age)
    # the second is too old at the window's start, the third too small, the fourth too slow
    assert result.tolist() == [True, False, False, False]


def test_young_firm_without_ages_is_an_error() -> None:
    with pytest.raises(ValueError, match="age"):
        YOUNG_FIRM.classify(np.array([5.0]), np.array([9.0]))


def test_young_firm_population_is_the_right_size_and_age() -> None:
    fte = np.array([5.0, 4.9, 5.0, np.nan])
    age = np.array([2.0, 2.0, 3.0, 2.0])
    assert YOUNG_FIRM.in_population(fte, age).tolist() == [True, False, False, False]


def test_configured_definitions_replace_only_the_named_thresholds() -> None:
    # given the young-firm variant at 6 FTE and a 4-year Eurostat window
    definitions = configured_definitions(
        {"dst_young": {"min_start": 6}, "eurostat": {"years": 4, "label": "E4"}}
    )
    # then 5 FTE is now too few, and 10 -> 14.641 (exactly 10 % over 4 years) is not above it
    young = definitions["dst_young"]
    assert (young.min_start, young.threshold, young.measure, young.start_age) == (6, 0.1, "fte", 2)
    assert not young.classify(np.array([5.0]), np.array([9.0]), start_age=np.array([2]))[0]
    eurostat = definitions["eurostat"]
    assert (eurostat.years, eurostat.label, eurostat.min_start) == (4, "E4", 10)
    assert eurostat.classify(np.array([10.0, 10.0]), np.array([14.641, 14.7])).tolist() == [
        False,
        True,
    ]
    assert definitions["oecd"] == OECD


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"eurostat_new": {"threshold": 0.1}}, "Unknown high-growth definition"),
        ({"oecd": {"treshold": 0.1}}, "unknown fields"),
        ({"oecd": {"measure": "revenue"}}, "measure must be one of"),
        ({"oecd": {"years": 0}}, "at least one year"),
    ],
)
def test_configured_definitions_refuse_what_they_do_not_know(
    overrides: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        configured_definitions(overrides)


@pytest.mark.parametrize(
    ("start", "end", "years", "growth"),
    [
        (1, 8, 3, 1.0),  # from a start of one: doubling every year
        (1, 1, 1, 0.0),
        (1, 2, 1, 1.0),
        (10, 0, 3, -1.0),  # down to nothing: all of it lost
        (8, 0, 1, -1.0),
        (8, 1, 3, -0.5),  # halving every year
        (2, 1, 1, -0.5),
    ],
)
def test_annualised_growth_from_one_and_down_to_zero(
    start: float, end: float, years: int, growth: float
) -> None:
    assert annualised_growth(np.array([start]), np.array([end]), years)[0] == pytest.approx(growth)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (0, 5),  # no start to grow from
        (0, 0),
        (-2, 5),  # a negative start is not a size
        (5, -1),  # nor a negative end
        (float("nan"), 5),
        (5, float("nan")),
    ],
)
def test_annualised_growth_is_missing_without_a_positive_start_or_an_end(
    start: float, end: float
) -> None:
    assert np.isnan(annualised_growth(np.array([start]), np.array([end]), 3)[0])


def test_growth_over_a_register_warns_about_nothing() -> None:
    # given a register with zero starts, missing values and firms that shrank to nothing
    start = np.array([0.0, 0.0, np.nan, 10.0, -1.0, 10.0])
    end = np.array([5.0, 0.0, 3.0, np.nan, 2.0, 0.0])
    # when growth, the classification and the population are computed, then numpy's
    # division and invalid-value warnings are silenced (every such firm is simply missing)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        growth = annualised_growth(start, end, 3)
        flagged = EUROSTAT.classify(start, end)
        population = EUROSTAT.in_population(start)
        young = YOUNG_FIRM.in_population(start, np.array([2.0, 2, 2, np.nan, 2, 2]))
    assert np.isnan(growth[:5]).all() and growth[5] == -1.0
    assert flagged.tolist() == [False] * 6
    assert population.tolist() == [False, False, False, True, False, True]
    assert young.tolist() == [False, False, False, False, False, True]


def test_plain_lists_with_none_are_read_as_missing_values() -> None:
    # given sizes as they come from rows: Python lists, None for a missing year
    start: list[float | None] = [10, None, 10, 12]
    end: list[float | None] = [14, 14, None, 20]
    # then None is a missing value, never an error
    growth = annualised_growth(start, end, 3)  # type: ignore[arg-type]
    assert growth[0] == pytest.approx((14 / 10) ** (1 / 3) - 1)
    assert np.isnan(growth[1]) and np.isnan(growth[2])
    assert EUROSTAT.classify(start, end).tolist() == [True, False, False, True]  # type: ignore[arg-type]
    assert EUROSTAT.in_population(start).tolist() == [True, False, True, True]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"years": 0}, "x: the window must be at least one year"),
        ({"years": -3}, "x: the window must be at least one year"),
        ({"start_age": -1}, "x: start_age cannot be negative"),
        ({"measure": "revenue"}, "x: measure must be one of ('employees', 'fte'), not 'revenue'"),
    ],
)
def test_a_definition_refuses_a_window_it_cannot_mean(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        HighGrowthDefinition(key="x", label="x", threshold=0.1, min_start=1, **fields)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_a_one_year_window_and_a_firm_of_age_zero_are_allowed() -> None:
    # given a definition over one year for firms in their founding year
    definition = HighGrowthDefinition(
        key="newborn", label="New", threshold=0.5, min_start=2, years=1, start_age=0
    )
    # then 2 -> 4 in one year (100 %) is above 50 %, 2 -> 3 (exactly 50 %) is not
    result = definition.classify(
        np.array([2.0, 2.0, 2.0]), np.array([4.0, 3.0, 4.0]), start_age=np.array([0, 0, 1])
    )
    assert result.tolist() == [True, False, False]
    assert definition.in_population(np.array([2.0, 2.0]), np.array([0, 1])).tolist() == [
        True,
        False,
    ]


def test_young_firm_population_without_ages_is_an_error() -> None:
    with pytest.raises(ValueError) as raised:
        YOUNG_FIRM.in_population(np.array([5.0]))
    assert str(raised.value) == "dst_young needs the firms' age at the window's start"
    with pytest.raises(ValueError) as raised:
        YOUNG_FIRM.classify(np.array([5.0]), np.array([9.0]))
    assert str(raised.value) == "dst_young needs the firms' age at the window's start"


def test_a_definition_as_a_dict_lists_every_field() -> None:
    assert YOUNG_FIRM.as_dict() == {
        "key": "dst_young",
        "label": "Danmarks Statistik, vækstiværksætter (≥5 årsværk efter 2 år, >10 % p.a.)",
        "threshold": 0.10,
        "min_start": 5,
        "years": 3,
        "start_age": 2,
        "measure": "fte",
    }
