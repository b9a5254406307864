"""State changes of the register app: importing the CVR register and key figures.

`import_cvr_files` is what `vaekst import_cvr` and the demo call; `import_annual_reports`
is behind `vaekst import_annual_report`. Both work in batches, each its own transaction,
and are idempotent, so a crashed run is finished by running it again.
"""

import gc
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connection
from tqdm import tqdm

from vaekst.organisations.models import Municipality
from vaekst.register.importers.financials import (
    PendingFigures,
    import_financials,
    read_financials_in,
    write_in_batches,
)
from vaekst.register.importers.loadmode import first_load
from vaekst.register.importers.pipeline import (
    Batch,
    company_batches,
    parallel_company_batches,
    prefetch,
    resolve_skipped,
    set_worker_figures,
    worker_pool,
)
from vaekst.register.importers.summary import FinancialsSummary, ImportSummary, Rejects
from vaekst.register.importers.writer import EventContext, write_companies, write_units
from vaekst.register.importers.xbrl import read_annual_reports
from vaekst.register.models import Company

T = TypeVar("T")
BATCH_SIZE = 5000
# Files from this size on are normalised by worker processes (below it, start-up costs more).
PARALLEL_FROM_BYTES = 64 * 1024 * 1024
# From this many companies written (or into an empty register) an import refreshes the
# planner's statistics of the register's tables.
ANALYZE_FROM_ROWS = 50_000


def _progress(enabled: bool, unit: str, items: Sequence[T] | None = None) -> tqdm:  # type: ignore[type-arg]
    # A bar only for a person watching; logs get the summary line instead.
    return tqdm(
        items,
        unit=unit,
        unit_scale=True,
        file=sys.stderr,
        mininterval=0.5,
        disable=not (enabled and sys.stderr.isatty()),
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while importing: the import allocates millions of
    short-lived tuples, freed by reference counting, and every collection would walk them
    all again (it made decoding worker batches five times slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_cvr_files(
    paths: Sequence[str | Path],
    *,
    financials: Sequence[str | Path] | str | Path | None = None,
    rejects: str | Path | None = None,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    register_import_id: int | None = None,
) -> ImportSummary:
    """Import CVR company documents (Elasticsearch response or JSON lines, plain or gzip)
    and, when given, a key-figures file. Bad documents go to `rejects`; good ones land.

    A delta (the documents updated since the last run) is imported the same way: unchanged
    documents are compared and left, changed and new ones written, and what that means for
    "Hvad er ændret" (closed, moved, new with many employees) is kept as `CompanyEvent` rows
    of `register_import_id`. `summary.touched_company_ids` are the firms it changed.

    `workers` processes normalise JSON-lines files; by default one per core for large
    inputs and none (a parser thread) for small ones."""
    started = time.perf_counter()
    # Municipality code -> region code: validates addresses and places firms in a region.
    municipalities = dict(Municipality.objects.values_list("code", "region_id"))
    summary = ImportSummary(files=[str(path) for path in paths])
    if workers is None:
        large = sum(Path(path).stat().st_size for path in paths) >= PARALLEL_FROM_BYTES
        workers = min(os.cpu_count() or 1, 4) if large else 0
    touched: set[int] = set()  # CVR numbers this run has written or compared
    changed: set[int] = set()  # CVR numbers of companies this run updated
    files = [financials] if isinstance(financials, str | Path) else list(financials or ())
    pending: PendingFigures | None = None
    empty = not Company.objects.exists()
    # Into an empty register every firm is new: none of them is news.
    events = EventContext(
        register_import_id=register_import_id,
        new_firm_employees=None if empty else settings.REGISTER_NEW_FIRM_EMPLOYEES,
    )
    with ExitStack() as cleanup:
        # The first large load into an empty register runs without the child tables' keys
        # to the company, added back (and checked) once at the end; see loadmode.
        first = workers > 1 and empty
        cleanup.enter_context(first_load(first))
        cleanup.enter_context(gc_paused())
        sink = cleanup.enter_context(Rejects(rejects))
        if workers > 1 and files:
            # A large load with key figures: read them first (workers parse them), so that
            # each new company's yearly rows are written once, figures included: the
            # workers that normalise the companies are forked with the figures in memory.
            summary.financials = FinancialsSummary()
            pending = PendingFigures(summary.financials, PendingFigures.known_lines())
            readers = worker_pool(workers, municipalities)
            try:
                read_financials_in(files, readers, pending, rejects=sink)
            finally:
                readers.shutdown(cancel_futures=True)
        set_worker_figures(pending.by_cvr if pending else {})
        pool = worker_pool(workers, municipalities) if workers > 1 else None
        set_worker_figures({})
        if pool:
            cleanup.callback(pool.shutdown, cancel_futures=True)
        batches: Iterator[Batch] = (
            parallel_company_batches(paths, municipalities, batch_size, pool, known=known_lines())
            if pool
            else company_batches(paths, municipalities, batch_size)
        )
        bar = cleanup.enter_context(_progress(progress, " firms"))
        for batch in prefetch(batches):
            records, skipped = resolve_skipped(batch, touched, municipalities)
            for rejection in batch.rejections:
                sink.add(
                    file=rejection.file,
                    line=rejection.line,
                    cvr=rejection.cvr,
                    reason=rejection.reason,
                )
            result = write_companies(
                records, source=Path(batch.file).name, figures=pending, events=events
            )
            summary.touched_company_ids.update(result.touched_ids)
            touched.update(record.cvr for record in records)
            changed.update(result.changed_cvrs)
            summary.documents += batch.documents
            summary.rejected += len(batch.rejections)
            summary.inserted += result.inserted
            summary.updated += result.updated
            summary.unchanged += result.unchanged + skipped
            if batch.units:
                _write_units(batch, summary, sink)
            bar.update(batch.documents)
        if files:
            if summary.inserted:
                # The key figures look companies up by CVR number batch by batch; with the
                # counts of an empty table the planner would scan the whole table for each.
                refresh_statistics(("register_company",))
            if pending is not None and summary.financials is not None:
                todo = pending.remaining(changed, rejects=sink)
                write_in_batches(
                    todo, rejects=sink, summary=summary.financials, batch_size=batch_size
                )
            else:
                summary.financials = import_financials(files, rejects=sink, batch_size=batch_size)
    figures = summary.financials
    written = summary.inserted + summary.updated
    if figures is not None:
        written += figures.inserted + figures.updated
    # A delta of a few thousand firms leaves the planner's statistics of a register of
    # hundreds of thousands as good as they were (and autovacuum analyses later anyway);
    # ANALYZE of the register's tables would cost it seconds.
    if written and (empty or written >= ANALYZE_FROM_ROWS):
        refresh_statistics()
    summary.seconds = time.perf_counter() - started
    return summary


def known_lines() -> dict[str, int]:
    """{line digest: CVR} of the companies as last imported (see `Company.source_hash`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_hash, cvr FROM register_company WHERE source_hash <> ''")
        return dict(cursor.fetchall())


def _write_units(batch: Batch, summary: ImportSummary, sink: Rejects) -> None:
    """Write a batch's production unit documents; a refused one goes to the rejects."""
    result, refused = write_units(batch.units)
    summary.touched_company_ids.update(result.touched_ids)
    summary.production_units += len(batch.units)
    summary.inserted += result.inserted
    summary.updated += result.updated
    summary.unchanged += result.unchanged
    summary.rejected += len(refused)
    for unit, reason in refused:
        sink.add(
            file=batch.file, line=unit.line, cvr=unit.cvr, reason=f"{reason} (P {unit.p_number})"
        )


REGISTER_TABLES = ("register_company", "register_yearlyfigures", "register_companyperiod")


def refresh_statistics(tables: Sequence[str] = REGISTER_TABLES) -> None:
    """After a bulk import PostgreSQL's planner still has the old row counts and value
    spreads (autovacuum comes later), and picks slow plans for the search; ANALYZE now."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def import_annual_reports(
    paths: Iterable[str | Path],
    *,
    rejects: str | Path | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
) -> FinancialsSummary:
    """Import XBRL annual reports (current and prior year of each) into YearlyFigures."""
    summary = FinancialsSummary()
    with Rejects(rejects) as sink, _progress(progress, " reports", list(paths)) as bar:
        records = read_annual_reports(bar, rejects=sink, summary=summary)
        write_in_batches(records, rejects=sink, summary=summary, batch_size=batch_size)
    return summary
