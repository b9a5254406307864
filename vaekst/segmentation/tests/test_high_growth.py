"""The three high-growth definitions where they are used: the model's training labels, the
scoring indicators and show_company, on hand-computed multi-year series."""

import datetime

import numpy as np
import polars as pl
import pytest

from vaekst.lib.growth import OECD
from vaekst.segmentation.highgrowth import window_status
from vaekst.segmentation.indicators import COMPANY_SCHEMA, PANEL_SCHEMA, compute_indicators
from vaekst.segmentation.prediction import (
    ALL_COMPANIES_SCHEMA,
    TrainingData,
    TrainingError,
    labelled,
    train,
)

# company id: (founded year, {year: (employees, fte)}), over the window 2017-2020.
SERIES: dict[int, tuple[int | None, dict[int, tuple[float | None, float | None]]]] = {
    # 10 -> 13.31 is exactly 10 % a year: not above it
    1: (2000, {2017: (10, None), 2018: (11, None), 2019: (12.1, None), 2020: (13.31, None)}),
    # 10 -> 13.4 is 10.25 % a year: Eurostat, not OECD
    2: (2000, {2017: (10, None), 2018: (11, None), 2019: (12, None), 2020: (13.4, None)}),
    # 9 at the start is too few, however fast it grows
    3: (2000, {2017: (9, None), 2020: (20, None)}),
    # 10 -> 17.29 is 20.007 % a year: both
    4: (2000, {2017: (10, None), 2020: (17.29, None)}),
    # 20 -> 34.56 is exactly 20 % a year: Eurostat only
    5: (2000, {2017: (20, None), 2020: (34.56, None)}),
    # gone before the window's end
    6: (2000, {2017: (12, None)}),
    # founded 2015: 5 FTE in 2017, 6.66 in 2020 is 10.03 % a year: a young high-growth firm
    7: (2015, {2017: (3, 5), 2018: (3, 5.5), 2019: (4, 6.1), 2020: (4, 6.66)}),
    # 5 -> 6.655 FTE is exactly 10 % a year
    8: (2015, {2017: (None, 5), 2020: (None, 6.655)}),
    # 4.9 FTE two years after the start is too few
    9: (2015, {2017: (None, 4.9), 2020: (None, 10)}),
    # three years old at the window's start: too old
    10: (2014, {2017: (None, 5), 2020: (None, 8)}),
    # 10 -> 20 employees but 4 -> 8 FTE: the young-firm definition counts FTE
    11: (2015, {2017: (10, 4), 2020: (20, 8)}),
    # no founding date: not a young firm as far as anyone knows
    12: (None, {2017: (None, 8), 2020: (None, 14)}),
}


def panel_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "company_id": company,
                "year": year,
                "employees": employees,
                "fte": fte,
                "gross_profit": None,
                "export": None,
            }
            for company, (_, years) in SERIES.items()
            for year, (employees, fte) in years.items()
        ],
        schema=PANEL_SCHEMA,
    )


def founded(year: int | None) -> datetime.date | None:
    return datetime.date(year, 3, 1) if year is not None else None


def training_data() -> TrainingData:
    companies = pl.DataFrame(
        [
            {
                "company_id": company,
                "founded_on": founded(year),
                "form_code": 80,
                "industry": "620100",
                "region_id": 1084,
            }
            for company, (year, _) in SERIES.items()
        ],
        schema=ALL_COMPANIES_SCHEMA,
    )
    return TrainingData(companies, panel_frame(), 2017, 2020)


def labels(definition_key: str) -> dict[int, bool]:
    frame = labelled(training_data(), 2017, definition_key)
    return dict(zip(frame.get_column("company_id"), frame.get_column("label"), strict=True))


def test_eurostat_labels_over_the_three_years_after_the_base_year() -> None:
    # the population is the firms with at least 10 employees in 2017 (not 3, 7-10 or 12)
    assert labels("eurostat") == {1: False, 2: True, 4: True, 5: True, 6: False, 11: True}


def test_oecd_labels_need_more_than_twenty_percent_a_year() -> None:
    assert labels("oecd") == {1: False, 2: False, 4: True, 5: False, 6: False, 11: True}


def test_young_firm_labels_count_fte_two_years_after_the_start() -> None:
    # given the register above, when labelling base year 2017 (two years after 2015)
    # then only the firms with at least 5 FTE and founded in 2015 are in the population
    assert labels("dst_young") == {7: True, 8: False}


def test_young_firm_training_no_longer_fails_on_the_firms_age() -> None:
    # given a panel read as 2014-2023: training on base years 2015-2017, testing on 2020
    data = training_data()
    data = TrainingData(data.companies, data.panel, 2014, 2023)
    # when training the young-firm variant, then the labels are made (firms 7 and 8 in
    # 2017, one of them high-growth) and the two rows are too few: a clear TrainingError
    with pytest.raises(TrainingError) as raised:
        train("dst_young", data)
    assert str(raised.value) == (
        "For lidt data til at træne modellen: 2 rækker, 1 højvækstforløb (mindst 200 og 10)"
    )


def test_definitions_are_configured_by_the_setting(settings) -> None:
    # given thresholds lowered to 5 % a year from 9 employees
    settings.HIGH_GROWTH_DEFINITIONS = {"eurostat": {"threshold": 0.05, "min_start": 9}}
    # then exactly 10 % and the 9-employee firm count, and the population takes in firm 3
    assert labels("eurostat") == {
        1: True,
        2: True,
        3: True,
        4: True,
        5: True,
        6: False,
        11: True,
    }
    # and the other definitions are untouched
    assert labels("oecd") == {1: False, 2: False, 4: True, 5: False, 6: False, 11: True}


def test_a_misspelt_setting_fails_loudly(settings) -> None:
    settings.HIGH_GROWTH_DEFINITIONS = {"eurostat": {"treshold": 0.05}}
    with pytest.raises(ValueError, match="unknown fields"):
        labels("eurostat")


def indicators(as_of: int = 2020) -> dict[int, dict[str, object]]:
    companies = pl.DataFrame(
        [
            {
                "company_id": company,
                "cvr": 10000000 + company,
                "municipality_id": 101,
                "region_id": 1084,
                "founded_on": founded(year),
                "form_code": 80,
                "industry": "620100",
                "size_class": None,
            }
            for company, (year, _) in SERIES.items()
        ],
        schema=COMPANY_SCHEMA,
    )
    assessments = pl.DataFrame(
        schema={
            "company_id": pl.Int64,
            "ambition": pl.Int32,
            "capacity": pl.Int32,
            "assessed_on": pl.Date,
        }
    )
    frame = compute_indicators(companies, panel_frame(), assessments, as_of)
    return {row["company_id"]: row for row in frame.to_dicts()}


def flagged(rows: dict[int, dict[str, object]], key: str) -> list[int]:
    return sorted(company for company, row in rows.items() if row[f"high_growth_{key}"])


def test_indicators_flag_high_growth_over_the_window_ending_in_the_scoring_year() -> None:
    rows = indicators(2020)
    assert flagged(rows, "eurostat") == [2, 4, 5, 11]
    assert flagged(rows, "oecd") == [4, 11]
    assert flagged(rows, "dst_young") == [7]
    # every flag is a plain boolean, never missing
    assert {type(row["high_growth_dst_young"]) for row in rows.values()} == {bool}


def test_indicators_of_a_year_without_a_complete_window_flag_nothing() -> None:
    rows = indicators(2019)  # 2016 is not in the panel
    assert [flagged(rows, key) for key in ("eurostat", "oecd", "dst_young")] == [[], [], []]


def test_window_status_takes_the_latest_complete_window() -> None:
    # given employees up to 2021: 2018-2021 is the latest window with both ends known
    figures = {
        2017: {"employees": 8.0},
        2018: {"employees": 10.0},
        2019: {"employees": 12.0},
        2020: {"employees": 14.0},
        2021: {"employees": 13.31},
    }
    status = window_status(OECD, figures, 2000)
    # 10 -> 13.31 is exactly 10 % a year
    assert (status.window, status.values, status.high_growth) == ((2018, 2021), (10, 13.31), False)


def test_window_status_of_a_young_firm_is_the_window_after_its_second_year() -> None:
    from vaekst.lib.growth import YOUNG_FIRM

    figures = {year: {"employees": e, "fte": f} for year, (e, f) in SERIES[7][1].items()}
    figures[2021] = {"employees": 4.0, "fte": 20.0}  # later years do not matter
    status = window_status(YOUNG_FIRM, figures, 2015)
    assert (status.measure, status.window, status.values) == ("fte", (2017, 2020), (5, 6.66))
    assert status.high_growth is True
    # without the founding year there is no window
    assert window_status(YOUNG_FIRM, figures, None).window is None


@pytest.mark.django_db
def test_young_firm_model_trains_on_a_register_of_young_firms() -> None:
    # given 1,200 firms founded 2009-2017, each with 5-15 FTE two years after its founding
    # and a steady yearly FTE growth between -10 % and +30 %
    rng = np.random.default_rng(7)
    founded_years = rng.integers(2009, 2018, size=1200)
    start_fte = rng.uniform(5, 15, size=1200)
    yearly = rng.uniform(-0.10, 0.30, size=1200)
    rows = []
    for company, (year, fte, rate) in enumerate(
        zip(founded_years, start_fte, yearly, strict=True), start=1
    ):
        for panel_year in range(int(year) + 2, 2023):
            value = round(float(fte * (1 + rate) ** (panel_year - year - 2)), 2)
            rows.append((company, panel_year, round(value * 1.2), value))
    panel = pl.DataFrame(
        [
            {
                "company_id": c,
                "year": y,
                "employees": e,
                "fte": f,
                "gross_profit": None,
                "export": None,
            }
            for c, y, e, f in rows
        ],
        schema=PANEL_SCHEMA,
    )
    companies = pl.DataFrame(
        [
            {
                "company_id": company,
                "founded_on": datetime.date(int(year), 3, 1),
                "form_code": 80,
                "industry": "620100",
                "region_id": 1084,
            }
            for company, year in enumerate(founded_years, start=1)
        ],
        schema=ALL_COMPANIES_SCHEMA,
    )
    # when training on base years 2011-2016 and testing on 2019
    model = train("dst_young", TrainingData(companies, panel, 2010, 2022))
    # then the training population is the firms two years old in 2011-2016 (founded
    # 2009-2014), labelled by their rounded FTE three years on, and the test set those
    # founded in 2017
    trained = (founded_years >= 2009) & (founded_years <= 2014)
    start = np.array([round(float(f), 2) for f in start_fte])
    end = np.array(
        [round(float(f * (1 + r) ** 3), 2) for f, r in zip(start_fte, yearly, strict=True)]
    )
    above = (end / start) ** (1 / 3) - 1 > 0.10 + 1e-9
    assert (model.definition, model.train_years, model.test_years) == (
        "dst_young",
        [2011, 2012, 2013, 2014, 2015, 2016],
        [2019],
    )
    assert model.metrics["train_rows"] == int(trained.sum())
    assert model.metrics["train_positives"] == int((trained & above).sum())
    assert model.metrics["model"]["n"] == int((founded_years == 2017).sum())
    assert model.metrics["definition"]["measure"] == "fte"
    assert model.metrics["definition"]["start_age"] == 2
