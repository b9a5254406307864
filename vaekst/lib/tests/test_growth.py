"""High-growth definitions on hand-computed series."""

import numpy as np
import pytest

from vaekst.lib.growth import (
    EUROSTAT,
    OECD,
    YOUNG_FIRM,
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
