"""Band-only headcounts next to exact years do not make growth that never happened."""

import polars as pl
import pytest

from vaekst.segmentation.indicators import RAW_PANEL_SCHEMA, impute_banded


def raw(rows: list[tuple[int, int, float | None, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "company_id": company,
                "year": year,
                "employees": employees,
                "fte": None,
                "gross_profit": None,
                "export": None,
                "employees_band": band,
                "employees_source": source,
            }
            for company, year, employees, band, source in rows
        ],
        schema=RAW_PANEL_SCHEMA,
    )


def test_band_year_takes_the_previous_exact_count_when_it_fits_the_band() -> None:
    panel = impute_banded(
        raw(
            [
                (1, 2020, 213.0, "ANTAL_200_499", "annual_report"),
                (1, 2021, 349.5, "ANTAL_200_499", "cvr_band"),  # midpoint of a wide band
                (1, 2022, 149.5, "ANTAL_100_199", "cvr_band"),  # fell below 200
                (1, 2023, 204.0, "ANTAL_200_499", "cvr_exact"),
            ]
        )
    )
    # 2021: 213 fits 200-499; 2022: 213 clipped into 100-199 gives 199
    assert panel.get_column("employees").to_list() == [213.0, 213.0, 199.0, 204.0]


def test_first_years_use_the_next_exact_count_and_open_top_band_works() -> None:
    panel = impute_banded(
        raw(
            [
                (2, 2020, 1500.0, "ANTAL_1000_", "cvr_band"),
                (2, 2021, 1200.0, "ANTAL_1000_999999", "cvr_exact"),
                (3, 2020, 7.0, "ANTAL_5_9", "cvr_band"),  # no exact year: midpoint stays
            ]
        )
    )
    assert panel.filter(pl.col("company_id") == 2).get_column("employees").to_list() == [
        1200.0,
        1200.0,
    ]
    assert panel.filter(pl.col("company_id") == 3).get_column("employees").to_list() == [
        pytest.approx(7.0)
    ]
    assert set(panel.columns) == {
        "company_id",
        "year",
        "employees",
        "fte",
        "gross_profit",
        "export",
    }
