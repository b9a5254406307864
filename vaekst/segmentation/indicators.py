"""Indicators of every firm in a scope, computed over the whole yearly panel at once.

One frame in, one frame out: a row per firm with a column per `Indicator`, as of a year
(default: the latest year with employment figures). Growth rates are annualised fractions;
a missing start or end value gives a missing rate, never zero.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from django.db import connection

from vaekst.lib.frames import read_frame
from vaekst.lib.growth import HighGrowthDefinition

PANEL_SCHEMA = {
    "company_id": pl.Int64,
    "year": pl.Int32,
    "employees": pl.Float64,
    "fte": pl.Float64,
    "gross_profit": pl.Float64,
    "export": pl.Float64,
}
COMPANY_SCHEMA = {
    "company_id": pl.Int64,
    "cvr": pl.Int64,
    "municipality_id": pl.Int32,
    "region_id": pl.Int32,
    "founded_on": pl.Date,
    "form_code": pl.Int32,
    "industry": pl.Utf8,
    "size_class": pl.Utf8,
}


@dataclass(frozen=True)
class Scope:
    """Which firms: all active firms, or those of one region or municipality; narrowed,
    when `companies` is given, to those firms (the ones a register delta touched)."""

    region: int | None = None
    municipality: int | None = None
    companies: tuple[int, ...] | None = None

    def where(self, alias: str = "c") -> tuple[str, list[Any]]:
        sql, params = self._area(alias)
        if self.companies is None:
            return sql, params
        if connection.vendor == "postgresql":
            return f"{sql} AND {alias}.id = ANY(%s)", [*params, list(self.companies)]
        if not self.companies:
            return f"{sql} AND 1 = 0", params
        marks = ", ".join(["%s"] * len(self.companies))
        return f"{sql} AND {alias}.id IN ({marks})", [*params, *self.companies]

    def _area(self, alias: str) -> tuple[str, list[Any]]:
        if self.municipality is not None:
            return f" AND {alias}.municipality_id = %s", [self.municipality]
        if self.region is not None:
            return " AND m.region_id = %s", [self.region]
        return "", []


# The scope's WHERE fragments are constants with %s placeholders, never user text.


def load_companies(scope: Scope) -> pl.DataFrame:
    where, params = scope.where()
    sql = (
        "SELECT c.id, c.cvr, c.municipality_id, m.region_id, c.founded_on, c.form_code, "  # noqa: S608
        "c.main_industry_code, c.size_class FROM register_company c "
        "LEFT JOIN organisations_municipality m ON m.code = c.municipality_id "
        "WHERE c.is_active" + where
    )
    return read_frame(sql, params, COMPANY_SCHEMA)


RAW_PANEL_SCHEMA = PANEL_SCHEMA | {"employees_band": pl.Utf8, "employees_source": pl.Utf8}
PANEL_COLUMNS = (
    "y.company_id, y.year, y.employees, y.fte, y.gross_profit, y.export, "
    "y.employees_band, y.employees_source"
)


def impute_banded(raw: pl.DataFrame) -> pl.DataFrame:
    """Better headcounts for the years where the register gives only a band.

    A band's midpoint (200-499 gives 349.5) beside exact years makes growth that never
    happened. Where the same firm has an exact count in another year (the previous one, else
    the next), that count clipped into the band is the estimate; with no exact year at all,
    the midpoint stays. Returns the panel columns only.
    """
    banded = pl.col("employees_source") == "cvr_band"
    low = pl.col("employees_band").str.extract(r"ANTAL_(\d+)", 1).cast(pl.Float64)
    high = (
        pl.col("employees_band")
        .str.extract(r"ANTAL_\d+_(\d+)", 1)
        .cast(pl.Float64)
        .fill_null(float("inf"))
    )
    exact = pl.when(banded).then(None).otherwise(pl.col("employees"))
    anchor = pl.coalesce(
        exact.forward_fill().over("company_id", order_by="year"),
        exact.backward_fill().over("company_id", order_by="year"),
    )
    estimate = (
        pl.when(banded & anchor.is_not_null() & low.is_not_null())
        .then(anchor.clip(lower_bound=low, upper_bound=high))
        .otherwise(pl.col("employees"))
    )
    return (
        raw.sort("company_id", "year").with_columns(employees=estimate).select(list(PANEL_SCHEMA))
    )


def load_panel(scope: Scope, first_year: int, last_year: int) -> pl.DataFrame:
    where, params = scope.where()
    sql = (
        f"SELECT {PANEL_COLUMNS} "  # noqa: S608
        "FROM register_yearlyfigures y JOIN register_company c ON c.id = y.company_id "
        "LEFT JOIN organisations_municipality m ON m.code = c.municipality_id "
        "WHERE c.is_active AND y.year BETWEEN %s AND %s" + where
    )
    return impute_banded(read_frame(sql, [first_year, last_year, *params], RAW_PANEL_SCHEMA))


ASSESSMENT_SCHEMA = {
    "company_id": pl.Int64,
    "ambition": pl.Int32,
    "capacity": pl.Int32,
    "assessed_on": pl.Date,
}
DEFAULT_ASSESSMENT_MAX_AGE_MONTHS = 24


def assessment_max_age_months() -> int:
    """How old an assessment may be and still count (setting
    SEGMENTATION_ASSESSMENT_MAX_AGE_MONTHS, default 24): a firm's will and capacity change."""
    from django.conf import settings

    months = getattr(
        settings, "SEGMENTATION_ASSESSMENT_MAX_AGE_MONTHS", DEFAULT_ASSESSMENT_MAX_AGE_MONTHS
    )
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ValueError(f"SEGMENTATION_ASSESSMENT_MAX_AGE_MONTHS must be >= 1, not {months!r}")
    return months


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def load_assessments(
    scope: Scope | None = None,
    *,
    on: datetime.date | None = None,
    max_age_months: int | None = None,
) -> pl.DataFrame:
    """The latest assessment of ambition and capacity per active firm in `scope`, as of `on`
    (default today): assessments dated after `on` are not yet known, and those older than
    `max_age_months` (default: the setting) no longer count."""
    on = on or datetime.date.today()
    oldest = months_before(on, max_age_months or assessment_max_age_months())
    where, params = (scope or Scope()).where()
    sql = (
        "SELECT a.company_id, a.ambition, a.capacity, a.assessed_on "  # noqa: S608
        "FROM segmentation_assessment a JOIN register_company c ON c.id = a.company_id "
        "LEFT JOIN organisations_municipality m ON m.code = c.municipality_id "
        "WHERE c.is_active AND a.assessed_on BETWEEN %s AND %s" + where + " "
        "ORDER BY a.company_id, a.assessed_on DESC, a.created_at DESC"
    )
    frame = read_frame(sql, [oldest, on, *params], ASSESSMENT_SCHEMA)
    return frame.unique(subset="company_id", keep="first", maintain_order=True)


def latest_year(panel: pl.DataFrame) -> int | None:
    years = panel.filter(pl.col("employees").is_not_null()).get_column("year")
    return int(years.max()) if len(years) else None  # type: ignore[arg-type]


def _rate(end: pl.Expr, start: pl.Expr, years: int) -> pl.Expr:
    ratio = pl.when(start > 0).then(end / start).otherwise(None)
    return pl.when(ratio >= 0).then(ratio.pow(1.0 / years) - 1.0).otherwise(None)


def wide_panel(panel: pl.DataFrame, as_of: int, depth: int = 3) -> pl.DataFrame:
    """One row per firm with columns `<measure>_<k>` for the years as_of-k, k = 0..depth."""
    recent = panel.filter(pl.col("year").is_between(as_of - depth, as_of)).with_columns(
        lag=(as_of - pl.col("year")).cast(pl.Int32)
    )
    columns = ["employees", "fte", "gross_profit", "export"]
    return recent.pivot(on="lag", index="company_id", values=columns, aggregate_function="first")


def compute_indicators(
    companies: pl.DataFrame,
    panel: pl.DataFrame,
    assessments: pl.DataFrame,
    as_of: int,
) -> pl.DataFrame:
    """The indicator frame: one row per firm in `companies`."""
    from vaekst.segmentation.highgrowth import definitions

    high_growth = definitions()
    depth = max(3, *(definition.years for definition in high_growth.values()))
    wide = wide_panel(panel, as_of, depth)
    for measure in ("employees", "fte", "gross_profit", "export"):
        for lag in range(depth + 1):
            name = f"{measure}_{lag}"
            if name not in wide.columns:
                wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(name))
    year_end = datetime.date(as_of, 12, 31)
    frame = companies.join(wide, on="company_id", how="left").join(
        assessments.select("company_id", "ambition", "capacity", "assessed_on"),
        on="company_id",
        how="left",
    )
    frame = frame.with_columns(
        high_growth_column(frame, definition, as_of) for definition in high_growth.values()
    )
    return frame.select(
        "company_id",
        "cvr",
        "municipality_id",
        "region_id",
        "founded_on",
        pl.col("employees_0").alias("employees"),
        pl.col("fte_0").alias("fte"),
        _rate(pl.col("employees_0"), pl.col("employees_1"), 1).alias("employee_growth_1y"),
        _rate(pl.col("employees_0"), pl.col("employees_2"), 2).alias("employee_growth_2y"),
        _rate(pl.col("employees_0"), pl.col("employees_3"), 3).alias("employee_growth_3y"),
        _rate(pl.col("gross_profit_0"), pl.col("gross_profit_1"), 1).alias(
            "gross_profit_growth_1y"
        ),
        _rate(pl.col("gross_profit_0"), pl.col("gross_profit_3"), 3).alias(
            "gross_profit_growth_3y"
        ),
        pl.col("gross_profit_0").alias("gross_profit"),
        ((pl.lit(year_end) - pl.col("founded_on")).dt.total_days() / 365.25)
        .floor()
        .alias("age_years"),
        (
            pl.max_horizontal(pl.col("export_0"), pl.col("export_1"), pl.col("export_2"))
            .fill_null(0)
            .gt(0)
        ).alias("exporter"),
        "industry",
        pl.col("form_code").alias("company_form"),
        "size_class",
        "ambition",
        "capacity",
        "assessed_on",
        *(f"high_growth_{key}" for key in high_growth),
    )


def high_growth_column(
    wide: pl.DataFrame, definition: HighGrowthDefinition, as_of: int
) -> pl.Series:
    """Whether each firm of a wide frame (`<measure>_<lag>` columns, founded_on) was
    high-growth under the definition over the window ending in `as_of`, in the definition's
    measure; for a young-firm definition the window must start `start_age` years after the
    founding year. Missing figures give False."""
    start_year = as_of - definition.years
    start = wide.get_column(f"{definition.measure}_{definition.years}")
    end = wide.get_column(f"{definition.measure}_0")
    age = (pl.lit(start_year) - pl.col("founded_on").dt.year()).cast(pl.Float64)
    ages = wide.select(age.alias("age")).get_column("age").fill_null(np.nan).to_numpy()
    result = definition.classify(
        start.fill_null(np.nan).to_numpy(), end.fill_null(np.nan).to_numpy(), start_age=ages
    )
    return pl.Series(f"high_growth_{definition.key}", result, dtype=pl.Boolean)
