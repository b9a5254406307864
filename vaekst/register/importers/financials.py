"""Yearly key figures per CVR number into `YearlyFigures` (docs/financials-format.md).

Both the key-figures file and annual reports (see `xbrl`) become `FinancialRecord`s and go
through `write_financials`, which merges them with the row already stored for that company
and year: a missing figure is unknown and keeps what was known; an employee count from a
report replaces a register band but never an exact register count. Rows whose merged
values equal the stored ones are not written, so a re-run writes nothing.
"""

# SQL is built only from this module's table and column constants; values are parameters.
# ruff: noqa: S608

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from django.db import transaction

from vaekst.lib.bulk import Bulk
from vaekst.register.choices import FigureSource, size_class_for
from vaekst.register.importers.cvr import with_headline
from vaekst.register.importers.pipeline import prefetch
from vaekst.register.importers.reading import (
    Item,
    is_json_lines,
    parse_line,
    read_json_items,
    read_line_chunks,
)
from vaekst.register.importers.summary import FinancialsSummary, Rejects
from vaekst.register.importers.values import cvr_problem
from vaekst.register.importers.writer import (
    COMPANY_TABLE,
    FULL_YEAR_COLUMNS,
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
assert ("year", *ROW_COLUMNS, "financials_hash") == FULL_YEAR_COLUMNS
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
    digest: str = ""  # financials_digest of its line ("" for an annual report)


def financials_digest(raw_line: bytes) -> str:
    """The hash of one raw key-figures line, as `YearlyFigures.financials_hash`."""
    return hashlib.blake2b(
        raw_line.rstrip(b"\r\n"), digest_size=16, person=b"vaekst-figures-1"
    ).hexdigest()


def year_key(cvr: int, year: int) -> int:
    """One int for a company and year (CVR numbers have 8 digits, years 4)."""
    return cvr * 10000 + year


class InvalidLine(ValueError):
    """A key-figures line that cannot be used; the message is the reason."""


def _money(data: dict[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidLine(f"{field} is not a number: {value!r}")
    return round(value)


def record_of(item: Item) -> FinancialRecord:
    """The record of one read key-figures line; raises `InvalidLine` with the reason."""
    if item.error is not None:
        raise InvalidLine(item.error)
    return parse_financial_line(item.value, file=item.file, line=item.line)


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
    records: list[FinancialRecord],
    *,
    rejects: Rejects,
    summary: FinancialsSummary,
    touched: set[int] | None = None,
) -> None:
    """Merge one batch of key figures into YearlyFigures, in one transaction.

    A line whose digest is the row's `financials_hash` made the row as it is, and merging
    it again would change nothing: it is counted unchanged without reading the row, unless
    this run already merged another line into that company and year (`touched`, a set of
    year_key(cvr, year) kept by the caller across batches)."""
    bulk = Bulk()
    touched = set() if touched is None else touched
    with transaction.atomic():
        ids = dict(
            bulk.select_in(
                f"SELECT cvr, id FROM {COMPANY_TABLE} WHERE cvr {{in}}",
                sorted({r.cvr for r in records}),
            )
        )
        stored = {
            year_key(cvr, year): digest
            for cvr, year, digest in bulk.select_in(
                f"SELECT c.cvr, y.year, y.financials_hash FROM {YEAR_TABLE} y "
                f"JOIN {COMPANY_TABLE} c ON c.id = y.company_id "
                "WHERE y.financials_hash <> '' AND y.company_id {in}",
                sorted(ids.values()),
            )
        }
        todo = []
        skipped: set[tuple[int, int]] = set()
        for record in records:
            seen = year_key(record.cvr, record.year)
            if record.digest and seen not in touched and stored.get(seen) == record.digest:
                skipped.add((ids[record.cvr], record.year))
            else:
                todo.append(record)
            touched.add(seen)
        summary.unchanged += len(skipped)
        existing = {
            (row[0], row[1]): tuple(row[2:])
            for row in bulk.select_in(
                f"SELECT company_id, year, {SELECT_ROW} FROM {YEAR_TABLE} WHERE company_id {{in}}",
                sorted({ids[r.cvr] for r in todo if r.cvr in ids}),
            )
        }
        merged: dict[tuple[int, int], tuple[Any, ...]] = {}
        files: dict[tuple[int, int], str] = {}
        digests: dict[tuple[int, int], str] = {}
        for record in todo:
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
            digests[key] = record.digest
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
            rows.append((*key, *row, digests[key]))
        RegisterChange.objects.bulk_create(changes)
        bulk.upsert(
            YEAR_TABLE,
            ("company_id", "year", *ROW_COLUMNS, "financials_hash"),
            rows,
            conflict=("company_id", "year"),
            update=(*ROW_COLUMNS, "financials_hash"),
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
    touched: set[int] = set()
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            write_financials(batch, rejects=rejects, summary=summary, touched=touched)
            batch = []
    if batch:
        write_financials(batch, rejects=rejects, summary=summary, touched=touched)


def read_financials(
    paths: Iterable[str | Path], *, rejects: Rejects, summary: FinancialsSummary
) -> Iterator[FinancialRecord]:
    """Valid records of key-figures files, each line's digest with it; bad lines go to
    `rejects`."""
    for path in paths:
        if is_json_lines(path):
            items: Iterator[tuple[Item, str]] = (
                (item, financials_digest(raw))
                for number, raw in _numbered_lines(path)
                if (item := parse_line(str(path), number, raw)) is not None
            )
        else:
            items = ((item, "") for item in read_json_items(path))
        for item, digest in items:
            summary.lines += 1
            cvr = item.value.get("cvr") if isinstance(item.value, dict) else None
            try:
                record = record_of(item)
            except InvalidLine as error:
                summary.rejected += 1
                rejects.add(file=item.file, line=item.line, cvr=cvr, reason=str(error))
                continue
            record.digest = digest
            yield record


def _numbered_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    for first, lines in read_line_chunks(path, 10_000):
        yield from enumerate(lines, start=first)


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
    touched: set[int] = set()
    for batch, bad_lines in prefetch(_parsed_batches(paths, parsed, batch_size)):
        for row in bad_lines:
            rejects.add(**row)
        if batch:
            write_financials(batch, rejects=rejects, summary=summary, touched=touched)
    summary.lines, summary.rejected = parsed.lines, summary.rejected + parsed.rejected
    return summary


def _parse_chunk(file: str, numbered: list[tuple[int, bytes, str]]) -> bytes:
    """Key-figures lines parsed in a worker process, returned as JSON (see pipeline)."""
    records, bad = [], []
    for number, raw, digest in numbered:
        item = parse_line(file, number, raw)
        if item is None:
            continue
        try:
            record = record_of(item)
        except InvalidLine as error:
            cvr = item.value.get("cvr") if isinstance(item.value, dict) else None
            bad.append((number, cvr, str(error)))
            continue
        records.append(
            (
                record.cvr,
                record.year,
                record.period_end,
                record.money,
                record.employees,
                record.source,
                number,
                digest,
            )  # fmt: skip
        )
    return orjson.dumps((records, bad), default=str)


def read_financials_in(
    paths: Iterable[str | Path],
    pool: Any,
    pending: "PendingFigures",
    *,
    rejects: Rejects,
    chunk: int = 20_000,
) -> None:
    """Read key-figures files into `pending`, the JSON-lines files parsed by a worker pool.
    A line whose digest is one of `pending.known` (it made its row as that row is) is not
    parsed but set aside; `PendingFigures.remaining` decides on it after the companies."""
    summary = pending.summary
    for path in paths:
        if not is_json_lines(path):
            for record in read_financials([path], rejects=rejects, summary=summary):
                pending.add(record)
            continue
        name = str(path)
        futures = []
        for first, lines in read_line_chunks(path, chunk):
            numbered = []
            for number, raw in enumerate(lines, start=first):
                digest = financials_digest(raw)
                key = pending.known.get(digest)
                if key is None:
                    numbered.append((number, raw, digest))
                else:
                    pending.set_aside(Known(name, number, key, raw, digest))
            summary.lines += len(lines) - len(numbered)
            futures.append(pool.submit(_parse_chunk, name, numbered))
        for future in futures:
            records, bad = orjson.loads(future.result())
            summary.lines += len(records) + len(bad)
            summary.rejected += len(bad)
            for line, cvr, reason in bad:
                rejects.add(file=name, line=line, cvr=cvr, reason=reason)
            for cvr, year, period_end, money, employees, source, line, digest in records:
                pending.add(
                    FinancialRecord(
                        cvr, year, period_end, tuple(money), employees, source, name, line, digest
                    )
                )


@dataclass(slots=True)
class Known:
    """A key-figures line set aside unparsed: its digest is the hash of the row it made."""

    file: str
    line: int
    key: int  # year_key(cvr, year)
    raw: bytes
    digest: str


def merge_years(
    years: list[Any], figures: Iterable[FinancialRecord] | None
) -> tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]:
    """A new company's yearly rows ("year", *ROW_COLUMNS, "financials_hash"): its register
    document's employment (`years`, as YEAR_COLUMNS) with its key figures merged in file
    order, and, when there were figures, its headcount (employees, year, size class)."""
    rows: dict[int, tuple[Any, ...]] = {year[0]: (*year[1:], *EMPTY_ROW[5:]) for year in years}
    digests: dict[int, str] = {}
    for figure in figures or ():
        rows[figure.year] = merge_row(rows.get(figure.year), figure)
        digests[figure.year] = figure.digest
    headline = None
    if digests:
        latest = max((year for year, row in rows.items() if row[0] is not None), default=None)
        employees = rows[latest][0] if latest is not None else None
        headline = (employees, latest, str(size_class_for(employees)))
    return [(year, *row, digests.get(year, "")) for year, row in sorted(rows.items())], headline


class PendingFigures:
    """Key figures read before the companies of the same load. A company new to the register
    gets them merged into its yearly rows as those are first written (one write per row
    instead of a write and an update); the rest are merged after the companies, as a load
    of the key figures alone would (`remaining`)."""

    def __init__(self, summary: FinancialsSummary, known: dict[str, int] | None = None) -> None:
        self.summary = summary
        self.by_cvr: dict[int, list[FinancialRecord]] = {}
        # {digest: year_key(cvr, year)} of the rows as the load began (see known_lines)
        self.known = known or {}
        self.aside: list[Known] = []

    def add(self, record: FinancialRecord) -> None:
        self.by_cvr.setdefault(record.cvr, []).append(record)

    def set_aside(self, line: Known) -> None:
        self.aside.append(line)

    @staticmethod
    def known_lines() -> dict[str, int]:
        """{digest: year_key(cvr, year)} of the yearly rows a key-figures line made."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT y.financials_hash, CAST(c.cvr AS BIGINT) * 10000 + y.year "  # year_key
                f"FROM {YEAR_TABLE} y JOIN {COMPANY_TABLE} c ON c.id = y.company_id "
                "WHERE y.financials_hash <> ''"
            )
            return dict(cursor.fetchall())

    def years_of(self, record: Any) -> list[tuple[Any, ...]]:
        """The yearly rows ("year", *ROW_COLUMNS, "financials_hash") of a new company's
        register document with its key figures merged; sets the company's headcount."""
        figures = self.take(record)
        rows, headline = merge_years(record.years, figures)
        if headline is not None:
            record.values = with_headline(record.values, headline)
        return rows

    def take(self, record: Any) -> list[FinancialRecord]:
        """A new company's key figures, no longer pending, counted as a load of the key
        figures after the companies would count them."""
        figures = self.by_cvr.pop(record.cvr, [])
        years = {figure.year for figure in figures}
        registered = sum(1 for year in record.years if year[0] in years)
        self.summary.updated += registered
        self.summary.inserted += len(years) - registered
        return figures

    def remaining(self, changed_cvrs: set[int], *, rejects: Rejects) -> list[FinancialRecord]:
        """The key figures still to merge after the companies, in the order they were read.

        A line set aside stays unmerged (counted unchanged) unless its company changed in
        the register during this load (which clears the rows' hashes) or an earlier line of
        the same company and year is merged now: then it is parsed and merged after all, so
        the load ends as if every line had been read and merged."""
        entries: list[Any] = [record for figures in self.by_cvr.values() for record in figures]
        self.by_cvr = {}
        entries.extend(self.aside)
        self.aside = []
        entries.sort(key=lambda entry: (entry.file, entry.line))
        todo: list[FinancialRecord] = []
        merged: set[int] = set()
        for entry in entries:
            if isinstance(entry, FinancialRecord):
                merged.add(year_key(entry.cvr, entry.year))
                todo.append(entry)
            elif entry.key in merged or entry.key // 10000 in changed_cvrs:
                merged.add(entry.key)
                item = parse_line(entry.file, entry.line, entry.raw)
                try:
                    if item is None:
                        raise InvalidLine("empty line")
                    record = record_of(item)
                except InvalidLine as error:  # not as it was when it made the row
                    self.summary.rejected += 1
                    rejects.add(file=entry.file, line=entry.line, cvr=None, reason=str(error))
                    continue
                record.digest = entry.digest
                todo.append(record)
            else:
                self.summary.unchanged += 1
        return todo
