"""Writing batches of normalised company documents: one transaction per batch.

Per batch one query loads `{cvr: (id, content_hash)}`; unchanged companies are skipped
without a write. New and changed companies are upserted by CVR number; a changed company's
periods and production units are replaced from the new document, its register employment
rows are merged (see `merge_employment`), and a `RegisterChange` row records the current
values that changed. Everything is keyed (cvr, p_number, (company, year)), so re-running a
batch after a crash ends in the same state.

Employment precedence per (company, year): cvr_exact > annual_report/financials > cvr_band.
"""

# SQL is built only from this module's table and column constants; values are parameters.
# ruff: noqa: S608

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from vaekst.lib.bulk import Bulk
from vaekst.register.choices import CompanyEventKind, FigureSource, ceasing_event
from vaekst.register.importers import copytext
from vaekst.register.importers.cvr import (
    COMPANY_COLUMNS,
    PERIOD_COLUMNS,
    UNIT_COLUMNS,
    YEAR_COLUMNS,
    CompanyRecord,
    UnitRecord,
    with_headline,
)
from vaekst.register.models import CompanyEvent, RegisterChange

if TYPE_CHECKING:
    from vaekst.register.importers.financials import PendingFigures


COMPANY_TABLE = "register_company"
PERIOD_TABLE = "register_companyperiod"
UNIT_TABLE = "register_productionunit"
YEAR_TABLE = "register_yearlyfigures"
REGISTER_SOURCES = (str(FigureSource.CVR_EXACT), str(FigureSource.CVR_BAND))
# The current values compared for RegisterChange: all but the register's own timestamp,
# which is noise and comes last.
TRACKED_COLUMNS = COMPANY_COLUMNS[:-1]
assert COMPANY_COLUMNS[-1] == "register_updated_at"
YEAR_EMPTY = (None, None, "", "", None)
# A yearly row with its key figures, as financials.merge_years writes it (ROW_COLUMNS there).
FULL_YEAR_COLUMNS = (
    *YEAR_COLUMNS,
    "gross_profit",
    "revenue",
    "profit",
    "export",
    "equity",
    "financials_source",
    "financials_as_of",
    "financials_hash",
)
NOT_IN_REGISTER = "company not in the register (import its CVR document first)"


@dataclass
class BatchResult:
    """What one batch did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_cvrs: list[int] = field(default_factory=list)  # of the updated companies
    # Ids of the companies this batch inserted or changed (for the re-scoring).
    touched_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class EventContext:
    """How a run records what changed for its firms ("Hvad er ændret", `CompanyEvent`):
    the import it belongs to, and from which headcount a new firm is worth listing (None:
    new firms are not listed, as on the first load into an empty register)."""

    register_import_id: int | None = None
    new_firm_employees: int | None = None


_STATUS = TRACKED_COLUMNS.index("status")
_ACTIVE = TRACKED_COLUMNS.index("is_active")
_MUNICIPALITY = TRACKED_COLUMNS.index("municipality_id")
_EMPLOYEES = TRACKED_COLUMNS.index("employees")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def company_events(
    old: Sequence[Any] | None, new: Sequence[Any], *, new_firm_employees: int | None
) -> list[tuple[str, str, str]]:
    """(kind, from, to) of what a company's new current values mean for "Hvad er ændret";
    `old` None for a company new to the register."""
    if old is None:
        employees = new[_EMPLOYEES]
        if (
            new_firm_employees is not None
            and new[_ACTIVE]
            and employees is not None
            and employees >= new_firm_employees
        ):
            return [(CompanyEventKind.NEW_LARGE, "", f"{employees:g}")]
        return []
    events = []
    old_status, new_status = _text(old[_STATUS]), _text(new[_STATUS])
    ceasing = ceasing_event(new_status) if new_status != old_status else None
    if ceasing is not None and ceasing_event(old_status) != ceasing:
        events.append((ceasing, old_status, new_status))
    elif old[_ACTIVE] and not new[_ACTIVE]:
        events.append((CompanyEventKind.CLOSED, old_status, new_status))
    old_place, new_place = old[_MUNICIPALITY], new[_MUNICIPALITY]
    if old_place is not None and new_place is not None and old_place != new_place:
        events.append((CompanyEventKind.MOVED, _text(old_place), _text(new_place)))
    return events


def _comparable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _diff(old: Sequence[Any], new: Sequence[Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for column, before, after in zip(TRACKED_COLUMNS, old, new, strict=True):
        before = _comparable(before)
        if isinstance(after, bool) and before is not None:
            before = bool(before)
        if before != after and not (before in (None, "") and after in (None, "")):
            changes[column.removesuffix("_id")] = [before, after]
    return changes


def merge_employment(
    existing: Sequence[Any] | None, new: Sequence[Any] | None
) -> tuple[Any, ...] | None:
    """The employment columns of one year after a re-import, or None to leave them.

    `existing` is (employees, fte, band, source, as_of) in the database; `new` the same from
    the register document (or None when the document no longer has the year). An annual
    report's figure beats a band; an exact register figure beats everything.
    """
    existing_source = existing[3] if existing else ""
    if new is None:
        return YEAR_EMPTY if existing_source in REGISTER_SOURCES else None
    if (
        new[3] == FigureSource.CVR_BAND
        and existing_source
        and existing_source not in REGISTER_SOURCES
    ):
        return None
    return tuple(new)


def write_companies(
    records: list[CompanyRecord],
    *,
    source: str,
    bulk: Bulk | None = None,
    figures: "PendingFigures | None" = None,
    events: EventContext | None = None,
) -> BatchResult:
    """Write one batch of company records in its own transaction; a new company's yearly
    rows take in its key figures from `figures` when the load has them. With `events`, what
    changed for a firm is recorded as `CompanyEvent` rows in the same transaction."""
    bulk = bulk or Bulk()
    by_cvr = {record.cvr: record for record in records}  # the last document of a CVR wins
    result = BatchResult()
    with transaction.atomic():
        bulk.relax_commit()
        existing = {
            cvr: (company_id, content_hash)
            for cvr, company_id, content_hash in bulk.select_in(
                f"SELECT cvr, id, content_hash FROM {COMPANY_TABLE} WHERE cvr {{in}}",
                list(by_cvr),
            )
        }
        fresh = [r for cvr, r in by_cvr.items() if cvr not in existing]
        changed = [
            r for cvr, r in by_cvr.items() if cvr in existing and existing[cvr][1] != r.content_hash
        ]
        result.unchanged = len(by_cvr) - len(fresh) - len(changed)
        result.inserted, result.updated = len(fresh), len(changed)
        result.changed_cvrs = [r.cvr for r in changed]
        if not fresh and not changed:
            return result
        changed_ids = [existing[r.cvr][0] for r in changed]
        # Rows a worker wrote as COPY text (a large load): the key figures are merged in.
        prepared = bulk.postgres and all(r.copy_years is not None for r in fresh)
        fresh_years = None
        if prepared:
            for r in fresh:
                if figures is not None:
                    figures.take(r)
                if r.headline is not None:
                    r.values = with_headline(r.values, r.headline)
        elif figures:
            # Before the insert: merging the key figures can change a company's headcount.
            fresh_years = {r.cvr: figures.years_of(r) for r in fresh}
        old_values = {
            row[0]: row[1:]
            for row in bulk.select_in(
                f"SELECT id, {', '.join(TRACKED_COLUMNS)} FROM {COMPANY_TABLE} WHERE id {{in}}",
                changed_ids,
            )
        }
        ids = _insert_companies(bulk, fresh)
        ids.update(_upsert_companies(bulk, changed))
        # A unit's name and municipality come from its own document, not the company's.
        unit_details = {
            p_number: (name, municipality)
            for p_number, name, municipality in bulk.select_in(
                f"SELECT p_number, name, municipality_id FROM {UNIT_TABLE} WHERE company_id {{in}}",
                changed_ids,
            )
        }
        if changed_ids:
            bulk.execute_in(f"DELETE FROM {PERIOD_TABLE} WHERE company_id {{in}}", changed_ids)
            bulk.execute_in(f"DELETE FROM {UNIT_TABLE} WHERE company_id {{in}}", changed_ids)
        if prepared:
            bulk.copy_text(
                PERIOD_TABLE,
                ("company_id", *PERIOD_COLUMNS),
                "".join(copytext.with_id(r.copy_periods or "", ids[r.cvr]) for r in fresh),
            )
        bulk.insert(
            PERIOD_TABLE,
            ("company_id", *PERIOD_COLUMNS),
            (
                (ids[r.cvr], *row)
                for r in ([] if prepared else fresh) + changed
                for row in r.periods
            ),
        )
        units = {
            row[0]: (ids[r.cvr], row[0], *unit_details.get(row[0], row[1:3]), *row[3:])
            for r in fresh + changed
            for row in r.units
        }
        bulk.upsert(
            UNIT_TABLE,
            ("company_id", *UNIT_COLUMNS),
            units.values(),
            conflict=("p_number",),
            update=("company_id", *UNIT_COLUMNS[1:]),
        )
        if prepared:
            bulk.copy_text(
                YEAR_TABLE,
                ("company_id", *FULL_YEAR_COLUMNS),
                "".join(copytext.with_id(r.copy_years or "", ids[r.cvr]) for r in fresh),
            )
        elif fresh_years is not None:
            bulk.insert(
                YEAR_TABLE,
                ("company_id", *FULL_YEAR_COLUMNS),
                ((ids[cvr], *row) for cvr, rows in fresh_years.items() for row in rows),
            )
        else:
            bulk.insert(
                YEAR_TABLE,
                ("company_id", *YEAR_COLUMNS, "financials_source"),
                ((ids[r.cvr], *row, "") for r in fresh for row in r.years),
            )
        if changed:
            _merge_years(bulk, changed, ids)
            # A merged year may keep an annual report's count over the document's band.
            refresh_headcounts(bulk, [ids[r.cvr] for r in changed])
            _record_changes(changed, ids, old_values, source)
        result.touched_ids = [ids[r.cvr] for r in fresh + changed]
        if events is not None:
            _record_events(fresh, changed, ids, old_values, source, events)
    return result


def _record_events(
    fresh: list[CompanyRecord],
    changed: list[CompanyRecord],
    ids: dict[int, int],
    old_values: dict[int, Sequence[Any]],
    source: str,
    context: EventContext,
) -> None:
    now = timezone.now()
    rows: list[CompanyEvent] = []
    for record, is_new in [(r, True) for r in fresh] + [(r, False) for r in changed]:
        company_id = ids[record.cvr]
        old = None if is_new else old_values.get(company_id)
        if not is_new and old is None:
            continue
        found = company_events(
            old,
            record.values[: len(TRACKED_COLUMNS)],
            new_firm_employees=context.new_firm_employees,
        )
        rows.extend(
            CompanyEvent(
                company_id=company_id,
                kind=kind,
                from_value=before[:300],
                to_value=after[:300],
                occurred_at=now,
                register_import_id=context.register_import_id,
                source=source[:200],
            )
            for kind, before, after in found
        )
    CompanyEvent.objects.bulk_create(rows)


# The size-class boundaries of choices.size_class_for, as SQL over the latest headcount.
_SIZE_CASE = (
    "CASE WHEN {e} IS NULL THEN '' WHEN {e} < 1 THEN '0' "
    "WHEN {e} < 10 THEN '1-9' WHEN {e} < 50 THEN '10-49' "
    "WHEN {e} < 250 THEN '50-249' ELSE '250+' END"
)


def refresh_headcounts(bulk: Bulk, company_ids: list[int]) -> None:
    """Set each company's current headcount, its year and size class from its latest yearly
    row with employees, so the headline follows the same precedence as the yearly rows
    (an annual report's count beats a register band)."""
    if not company_ids:
        return
    if bulk.postgres:
        # One statement, and only companies whose headline changes get a new row version:
        # a company row carries the search indexes, so every needless update is costly.
        size = _SIZE_CASE.format(e="latest.employees")
        with bulk.db.cursor() as cursor:
            cursor.execute(
                f"UPDATE {COMPANY_TABLE} c SET employees = latest.employees, "
                f"employees_year = latest.year, size_class = {size} "
                "FROM (SELECT ids.id, y.employees, y.year FROM unnest(%s::bigint[]) AS ids(id) "
                f"LEFT JOIN LATERAL (SELECT employees, year FROM {YEAR_TABLE} "
                "WHERE company_id = ids.id AND employees IS NOT NULL "
                "ORDER BY year DESC LIMIT 1) y ON true) latest "
                "WHERE c.id = latest.id AND (c.employees IS DISTINCT FROM latest.employees "
                "OR c.employees_year IS DISTINCT FROM latest.year "
                f"OR c.size_class IS DISTINCT FROM {size})",
                [company_ids],
            )
        return
    latest = (
        "SELECT {column} FROM register_yearlyfigures y WHERE y.company_id = {table}.id "
        "AND y.employees IS NOT NULL ORDER BY y.year DESC LIMIT 1"
    )
    bulk.execute_in(
        f"UPDATE {COMPANY_TABLE} SET "
        f"employees = ({latest.format(column='y.employees', table=COMPANY_TABLE)}), "
        f"employees_year = ({latest.format(column='y.year', table=COMPANY_TABLE)}) "
        "WHERE id {in}",
        company_ids,
    )
    bulk.execute_in(
        f"UPDATE {COMPANY_TABLE} SET size_class = {_SIZE_CASE.format(e='employees')} "
        "WHERE id {in}",
        company_ids,
    )


def _insert_companies(bulk: Bulk, records: list[CompanyRecord]) -> dict[int, int]:
    """Insert companies known to be new; on PostgreSQL with ids drawn from the table's
    sequence up front, so no conflict handling and no second query for the ids."""
    if not bulk.postgres:
        return _upsert_companies(bulk, records)
    ids = bulk.next_ids(COMPANY_TABLE, len(records))
    now = bulk.now()
    bulk.insert(
        COMPANY_TABLE,
        ("id", "cvr", *COMPANY_COLUMNS, "content_hash", "source_hash", "imported_at", "updated_at"),
        (
            (company_id, r.cvr, *r.values, r.content_hash, r.source_hash, now, now)
            for company_id, r in zip(ids, records, strict=True)
        ),
    )
    return {r.cvr: company_id for company_id, r in zip(ids, records, strict=True)}


def _upsert_companies(bulk: Bulk, records: list[CompanyRecord]) -> dict[int, int]:
    if not records:
        return {}
    now = bulk.now()
    columns = ("cvr", *COMPANY_COLUMNS, "content_hash", "source_hash", "imported_at", "updated_at")
    bulk.upsert(
        COMPANY_TABLE,
        columns,
        ((r.cvr, *r.values, r.content_hash, r.source_hash, now, now) for r in records),
        conflict=("cvr",),
        update=(*COMPANY_COLUMNS, "content_hash", "source_hash", "updated_at"),
    )
    return dict(
        bulk.select_in(
            f"SELECT cvr, id FROM {COMPANY_TABLE} WHERE cvr {{in}}", [r.cvr for r in records]
        )
    )


def _merge_years(bulk: Bulk, records: list[CompanyRecord], ids: dict[int, int]) -> None:
    company_ids = [ids[r.cvr] for r in records]
    existing = {
        (row[0], row[1]): row[2:]
        for row in bulk.select_in(
            f"SELECT company_id, year, {', '.join(YEAR_COLUMNS[1:])} FROM {YEAR_TABLE} "
            "WHERE company_id {in}",
            company_ids,
        )
    }
    new = {(ids[r.cvr], row[0]): row[1:] for r in records for row in r.years}
    rows = []
    for key in existing.keys() | new.keys():
        merged = merge_employment(existing.get(key), new.get(key))
        if merged is not None:
            rows.append((*key, *merged, "", ""))
    # A row whose employment the register changed is no longer what its key-figures line
    # made: its hash goes, so that the next key-figures load merges that line again.
    bulk.upsert(
        YEAR_TABLE,
        ("company_id", *YEAR_COLUMNS, "financials_source", "financials_hash"),
        rows,
        conflict=("company_id", "year"),
        update=(*YEAR_COLUMNS[1:], "financials_hash"),
    )
    # A year left with neither employment nor money is no longer a row of the panel.
    bulk.execute_in(
        f"DELETE FROM {YEAR_TABLE} WHERE employees_source = '' AND financials_source = '' "
        "AND company_id {in}",
        company_ids,
    )


def _record_changes(
    records: list[CompanyRecord],
    ids: dict[int, int],
    old_values: dict[int, Sequence[Any]],
    source: str,
) -> None:
    changes = []
    for record in records:
        company_id = ids[record.cvr]
        old = old_values.get(company_id, [None] * len(TRACKED_COLUMNS))
        diff = _diff(old, record.values[: len(TRACKED_COLUMNS)])
        if diff:
            changes.append(RegisterChange(company_id=company_id, source=source, changes=diff))
    RegisterChange.objects.bulk_create(changes)


def write_units(
    units: list[UnitRecord], *, bulk: Bulk | None = None
) -> tuple[BatchResult, list[tuple[UnitRecord, str]]]:
    """Write one batch of production unit documents by P-number, in its own transaction;
    a unit whose company is not in the register is handed back with the reason."""
    bulk = bulk or Bulk()
    by_number = {unit.p_number: unit for unit in units}  # the last document wins
    result = BatchResult()
    refused: list[tuple[UnitRecord, str]] = []
    with transaction.atomic():
        ids = dict(
            bulk.select_in(
                f"SELECT cvr, id FROM {COMPANY_TABLE} WHERE cvr {{in}}",
                sorted({unit.cvr for unit in by_number.values()}),
            )
        )
        existing = {
            row[1]: (row[0], *row[1:3], *(_comparable(v) for v in row[3:]))
            for row in bulk.select_in(
                f"SELECT company_id, {', '.join(UNIT_COLUMNS)} FROM {UNIT_TABLE} "
                "WHERE p_number {in}",
                sorted(by_number),
            )
        }
        rows = []
        for number, unit in by_number.items():
            if unit.cvr not in ids:
                refused.append((unit, NOT_IN_REGISTER))
                continue
            row = (
                ids[unit.cvr],
                number,
                unit.name,
                unit.municipality,
                unit.valid_from,
                unit.valid_to,
            )
            before = existing.get(number)
            if before == row:
                result.unchanged += 1
                continue
            result.touched_ids.append(ids[unit.cvr])
            if before is not None and before[0] != ids[unit.cvr]:
                result.touched_ids.append(before[0])  # the unit left that company
            if before is None:
                result.inserted += 1
            else:
                result.updated += 1
            rows.append(row)
        bulk.upsert(
            UNIT_TABLE,
            ("company_id", *UNIT_COLUMNS),
            rows,
            conflict=("p_number",),
            update=("company_id", *UNIT_COLUMNS[1:]),
        )
    return result, refused
