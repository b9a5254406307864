"""One firm's high-growth window (segmentation/highgrowth.py): which years make the window
when some are missing, which measure is read, and the definitions taken from the setting."""

import pytest

from vaekst.lib.growth import EUROSTAT, OECD, YOUNG_FIRM, HighGrowthDefinition
from vaekst.segmentation.highgrowth import (
    WindowStatus,
    definition,
    definitions,
    panel_depth,
    window_status,
)


def employees(**by_year: float | None) -> dict[int, dict[str, float | None]]:
    return {int(year[1:]): {"employees": value} for year, value in by_year.items()}


def test_a_missing_year_inside_the_window_does_not_matter() -> None:
    # given 10 employees in 2018 and 14 in 2021, with 2019 and 2020 missing or empty
    figures = employees(y2018=10, y2019=None, y2021=14)
    # then the window is 2018-2021 all the same: only its ends are read
    status = window_status(EUROSTAT, figures, 2000)
    assert status == WindowStatus("eurostat", "employees", (2018, 2021), (10.0, 14.0), True)


def test_a_missing_last_year_moves_the_window_back_a_year() -> None:
    # given figures to 2021 with 2021's employees missing
    figures = employees(y2016=10, y2017=10, y2018=11, y2019=12, y2020=20, y2021=None)
    # then the latest window with both ends known is 2017-2020 (10 -> 20)
    status = window_status(EUROSTAT, figures, 2000)
    assert (status.window, status.values, status.high_growth) == ((2017, 2020), (10.0, 20.0), True)


def test_a_missing_first_year_moves_the_window_back_to_the_next_complete_one() -> None:
    # given 2021 known, but not 2018 three years before it; 2017 and 2020 both known
    figures = employees(y2017=12, y2019=13, y2020=12, y2021=40)
    status = window_status(EUROSTAT, figures, 2000)
    assert (status.window, status.values, status.high_growth) == (
        (2017, 2020),
        (12.0, 12.0),
        False,
    )


def test_no_complete_window_is_no_window_and_not_high_growth() -> None:
    status = window_status(EUROSTAT, employees(y2018=10, y2020=30, y2022=None), 2000)
    assert status == WindowStatus("eurostat", "employees", None, None, False)
    assert window_status(EUROSTAT, {}, None) == WindowStatus(
        "eurostat", "employees", None, None, False
    )


def test_the_definition_reads_its_own_measure() -> None:
    # given employees flat at 10 and FTE growing from 5 to 9
    figures = {
        2017: {"employees": 10.0, "fte": 5.0},
        2020: {"employees": 10.0, "fte": 9.0},
    }
    assert window_status(EUROSTAT, figures, 2015).values == (10.0, 10.0)
    young = window_status(YOUNG_FIRM, figures, 2015)
    assert (young.measure, young.values, young.high_growth) == ("fte", (5.0, 9.0), True)


def test_a_young_firm_has_one_window_only() -> None:
    # given a firm founded in 2015 whose fourth year (2020) is missing, and later years known
    figures = {year: {"fte": value} for year, value in ((2017, 5.0), (2018, 9.0), (2021, 20.0))}
    # then it has no window: the one starting two years after the founding is incomplete
    status = window_status(YOUNG_FIRM, figures, 2015)
    assert (status.window, status.high_growth) == (None, False)


def test_a_young_firm_window_follows_a_configured_start_age_and_length() -> None:
    # given a young-firm variant three years after the founding over two years
    variant = HighGrowthDefinition(
        key="young3",
        label="3+2",
        threshold=0.1,
        min_start=5,
        years=2,
        start_age=3,
        measure="fte",
    )
    figures = {year: {"fte": value} for year, value in ((2017, 5.0), (2018, 6.0), (2020, 8.0))}
    status = window_status(variant, figures, 2015)
    assert (status.window, status.values, status.high_growth) == ((2018, 2020), (6.0, 8.0), True)


def test_the_window_is_the_definitions_length() -> None:
    # given a four-year variant: 2017-2021 is the latest window
    four = HighGrowthDefinition(key="e4", label="E4", threshold=0.1, min_start=10, years=4)
    figures = employees(y2017=10, y2018=10, y2020=10, y2021=15)
    status = window_status(four, figures, None)
    assert (status.window, status.values, status.high_growth) == ((2017, 2021), (10.0, 15.0), True)


def test_window_status_as_a_dict() -> None:
    status = window_status(OECD, employees(y2017=10, y2020=20), 2000)
    assert status.as_dict() == {
        "measure": "employees",
        "window": [2017, 2020],
        "values": [10.0, 20.0],
        "high_growth": True,
    }
    assert window_status(OECD, {}, 2000).as_dict() == {
        "measure": "employees",
        "window": None,
        "values": None,
        "high_growth": False,
    }


def test_definitions_come_from_the_setting(settings) -> None:
    # given no setting, the published definitions
    del settings.HIGH_GROWTH_DEFINITIONS
    assert definitions() == {"eurostat": EUROSTAT, "oecd": OECD, "dst_young": YOUNG_FIRM}
    assert definition("oecd") == OECD
    # when the setting raises Eurostat's threshold, then that definition follows it
    settings.HIGH_GROWTH_DEFINITIONS = {"eurostat": {"threshold": 0.12}}
    assert definition("eurostat").threshold == 0.12
    assert definitions()["oecd"] == OECD


def test_an_unknown_definition_is_a_lookup_error(settings) -> None:
    with pytest.raises(LookupError) as raised:
        definition("eurostat_2030")
    assert str(raised.value) == "Unknown high-growth definition 'eurostat_2030'"


def test_the_panel_reaches_back_as_far_as_the_longest_window(settings) -> None:
    settings.HIGH_GROWTH_DEFINITIONS = {}
    assert panel_depth() == 3
    settings.HIGH_GROWTH_DEFINITIONS = {"oecd": {"years": 5}}
    assert panel_depth() == 5
    # never fewer than three years: the growth indicators look back three years
    settings.HIGH_GROWTH_DEFINITIONS = {
        "eurostat": {"years": 1},
        "oecd": {"years": 2},
        "dst_young": {"years": 2},
    }
    assert panel_depth() == 3
