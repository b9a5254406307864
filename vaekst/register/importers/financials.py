"""Yearly key figures per CVR number into `YearlyFigures` (docs/financials-format.md).

Both the key-figures file and annual reports (see `xbrl`) become `FinancialRecord`s and go
through `write_financials`, which merges them with the row already stored for that company
and year: a missing figure is unknown and keeps what was known; an employee count from a
report replaces a register band but never an exact register count. Rows whose merged
values equal the stored ones are not written, so a re-run writes nothing.
"""

# SQL is built only from this module's table and column constants; values are parameters.
# ruff: noqa: S608

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from vaekst.lib.bulk import Bulk
from vaekst.register.choices import FigureSource
from vaekst.register.importers.pipeline import prefetch
from vaekst.register.importers.reading import read_json_items
from vaekst.register.importers.summary import FinancialsSummary, Rejects
from vaekst.register.importers.values import cvr_problem
from vaekst.register.importers.writer import (
    COMPANY_TABLE,
    NOT_IN_REGISTER,
    YEAR_TABLE,
    refresh_headcounts,
)
from vaekst.register.models import RegisterChange

MONEY_FIELDS = ("gross_profit", "revenue", "profit", "export", "equity")
ROW_COLUMNS = (
    "employees",
    "fte",
    "employees_band",
    "employees_source",
    "employees_as_of",
    *MONEY_FIELDS,
    "financials_source",
    "financials_as_of",
)
KNOWN_SOURCES = frozenset(str(choice) for choice in FigureSource)
EMPTY_ROW: tuple[Any, ...] = (None, None, "", "", None, *([None] * len(MONEY_FIELDS)), "", None)


@dataclass(slots=True)
class FinancialRecord:
    """Key figures of one company for one financial year (None = unknown)."""

    cvr: int
    year: int
    period_end: str
    money: tuple[int | None, ...]  # in MONEY_FIELDS order
    employees: float | None
    source: str
    file: str = ""
    line: int = 0


class InvalidLine(ValueError):
    """A key-figures line that cannot be used; the message is the reason."""


def _money(data: dict[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidLine(f"{field} is not a number: {value!r}")
    return round(value)


def parse_financial_line(data: Any, *, file: str = "", line: int = 0) -> FinancialRecord:
    """One line of a key-figures file; raises `InvalidLine` with the reason."""
    if not isinstance(data, dict):
        raise InvalidLine("not a JSON object")
    error = cvr_problem(data.get("cvr"))
    if error is not None:
        raise InvalidLine(f"invalid CVR number: {error}")
    year = data.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise InvalidLine("year missing or not a number" if year is None else f"bad year {year!r}")
    period_end = data.get("period_end") or f"{year}-12-31"
    try:
        period_end = date.fromisoformat(str(period_end)).isoformat()
    except ValueError as exc:
        raise InvalidLine(f"period_end is not a date: {period_end!r}") from exc
    employees = data.get("employees")
    if employees is not None and (
        isinstance(employees, bool) or not isinstance(employees, int | float)
    ):
        raise InvalidLine(f"employees is not a number: {employees!r}")
    source = str(data.get("source") or FigureSource.FINANCIALS_FILE)
    return FinancialRecord(
        cvr=int(data["cvr"]),
        year=year,
        period_end=period_end,
        money=tuple(_money(data, field) for field in MONEY_FIELDS),
        employees=None if employees is None else float(employees),
        source=source if source in KNOWN_SOURCES else str(FigureSource.FINANCIALS_FILE),
        file=file,
        line=line,
    )


# The stored row as merge_row builds it: dates as ISO text, cast by the database (a
# conversion per value in Python cost a sixth of a national load).
SELECT_ROW = ", ".join(
    f"CAST({column} AS TEXT)" if column.endswith("_as_of") else column for column in ROW_COLUMNS
)


# The figures whose replaced values are kept as a RegisterChange (the sources and dates
# follow the values, so they are not history of their own).
HISTORY_COLUMNS = ("employees", "fte", *MONEY_FIELDS)
EMPLOYMENT_SOURCE = ROW_COLUMNS.index("employees_source")
FINANCIALS_SOURCE = ROW_COLUMNS.index("financials_source")


def _figure_diff(year: int, before: tuple[Any, ...], after: tuple[Any, ...]) -> dict[str, Any]:
    """Old and new value of every figure of `year` that a load corrected: replaced by a
    value of the same kind of source. A first fill is no history, and neither is a better
    source taking over (an annual report's headcount over the register's band)."""
    changes: dict[str, Any] = {}
    for column in HISTORY_COLUMNS:
        index = ROW_COLUMNS.index(column)
        source = EMPLOYMENT_SOURCE if column in ("employees", "fte") else FINANCIALS_SOURCE
        old, new = before[index], after[index]
        if old is not None and old != new and before[source] == after[source]:
            changes[f"{year}.{column}"] = [old, new]
    return changes


def merge_row(old: tuple[Any, ...] | None, record: FinancialRecord) -> tuple[Any, ...]:
    """The stored row (ROW_COLUMNS) after taking in `record`."""
    row = list(old or EMPTY_ROW)
    for index, value in enumerate(record.money, start=5):
        if value is not None:
            row[index] = value
    row[10], row[11] = record.source, record.period_end
    if record.employees is not None and row[3] != FigureSource.CVR_EXACT:
        row[0], row[3], row[4] = record.employees, record.source, record.period_end
    return tuple(row)


def write_financials(
    records: list[FinancialRecord], *, rejects: Rejects, summary: FinancialsSummary
) -> None:
    """Merge one batch of key figures into YearlyFigures, in one transaction."""
    bulk = Bulk()
    with transaction.atomic():
        ids = dict(
            bulk.select_in(
                f"SELECT cvr, id FROM {COMPANY_TABLE} WHERE cvr {{in}}",
                sorted({r.cvr for r in records}),
            )
        )
        existing = {
            (row[0], row[1]): tuple(row[2:])
            for row in bulk.select_in(
                f"SELECT company_id, year, {SELECT_ROW} FROM {YEAR_TABLE} WHERE company_id {{in}}",
                sorted(ids.values()),
            )
        }
        merged: dict[tuple[int, int], tuple[Any, ...]] = {}
        files: dict[tuple[int, int], str] = {}
        for record in records:
            if record.cvr not in ids:
                summary.rejected += 1
                rejects.add(
                    file=record.file,
                    line=record.line,
                    cvr=record.cvr,
                    reason=NOT_IN_REGISTER,
                )
                continue
            key = (ids[record.cvr], record.year)
            merged[key] = merge_row(merged.get(key) or existing.get(key), record)
            files[key] = record.file
        rows = []
        changes = []
        for key, row in merged.items():
            before = existing.get(key)
            if before == row:
                summary.unchanged += 1
                continue
            if before is None:
                summary.inserted += 1
            else:
                summary.updated += 1
                diff = _figure_diff(key[1], before, row)
                if diff:
                    changes.append(
                        RegisterChange(company_id=key[0], source=files[key][-200:], changes=diff)
                    )
            rows.append((*key, *row))
        RegisterChange.objects.bulk_create(changes)
        bulk.upsert(
            YEAR_TABLE,
            ("company_id", "year", *ROW_COLUMNS),
            rows,
            conflict=("company_id", "year"),
            update=ROW_COLUMNS,
        )
        refresh_headcounts(bulk, sorted({row[0] for row in rows}))


def write_in_batches(
    records: Iterable[FinancialRecord],
    *,
    rejects: Rejects,
    summary: FinancialsSummary,
    batch_size: int = 5000,
) -> None:
    batch: list[FinancialRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            write_financials(batch, rejects=rejects, summary=summary)
            batch = []
    if batch:
        write_financials(batch, rejects=rejects, summary=summary)


def read_financials(
    paths: Iterable[str | Path], *, rejects: Rejects, summary: FinancialsSummary
) -> Iterator[FinancialRecord]:
    """Valid records of key-figures files; bad lines go to `rejects`."""
    for path in paths:
        for item in read_json_items(path):
            summary.lines += 1
            cvr = item.value.get("cvr") if isinstance(item.value, dict) else None
            try:
                if item.error is not None:
                    raise InvalidLine(item.error)
                yield parse_financial_line(item.value, file=item.file, line=item.line)
            except InvalidLine as error:
                summary.rejected += 1
                rejects.add(file=item.file, line=item.line, cvr=cvr, reason=str(error))


class _Collected(Rejects):
    """Rejects held for the thread that writes them (the parser thread only collects)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.rows: list[dict[str, Any]] = []

    def add(self, *, file: str, line: int, cvr: Any, reason: str) -> None:
        self.rows.append({"file": file, "line": line, "cvr": cvr, "reason": reason})

    def take(self) -> list[dict[str, Any]]:
        rows, self.rows = self.rows, []
        return rows


def _parsed_batches(
    paths: Iterable[str | Path], parsed: FinancialsSummary, batch_size: int
) -> Iterator[tuple[list[FinancialRecord], list[dict[str, Any]]]]:
    collected = _Collected()
    batch: list[FinancialRecord] = []
    for record in read_financials(paths, rejects=collected, summary=parsed):
        batch.append(record)
        if len(batch) >= batch_size:
            yield batch, collected.take()
            batch = []
    yield batch, collected.take()


def import_financials(
    paths: Iterable[str | Path], *, rejects: Rejects, batch_size: int = 5000
) -> FinancialsSummary:
    """Load key-figures files (JSON lines, plain or gzip). The lines are parsed in a thread
    while the database writes the batch before (the driver lets go of the GIL)."""
    summary = FinancialsSummary()
    parsed = FinancialsSummary()  # lines and parse rejects, counted in the parser thread
    for batch, bad_lines in prefetch(_parsed_batches(paths, parsed, batch_size)):
        for row in bad_lines:
            rejects.add(**row)
        if batch:
            write_financials(batch, rejects=rejects, summary=summary)
    summary.lines, summary.rejected = parsed.lines, summary.rejected + parsed.rejected
    return summary
