"""Reading and normalising documents in batches, ahead of the database writes.

Parsing runs in a background thread: while the main thread waits for the database (the
driver releases the GIL), the next batch is parsed. For large JSON-lines files the batches
are normalised in worker processes instead (`parallel_company_batches`), in file order, so
both cores work when the database does not need them (an unchanged re-import is all
parsing). Database access stays on the main thread, which owns the Django connection.
"""

import collections
import gc
import multiprocessing
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson

from vaekst.register.importers import copytext
from vaekst.register.importers.cvr import (
    CompanyRecord,
    Rejected,
    UnitRecord,
    line_digest,
    normalise_company,
    normalise_production_unit,
)
from vaekst.register.importers.reading import (
    Item,
    company_documents,
    is_json_lines,
    iter_company_documents,
    parse_line,
    read_line_chunks,
)

T = TypeVar("T")
_DONE = object()


@dataclass
class Rejection:
    """One document that did not make it, and why."""

    file: str
    line: int
    cvr: Any
    reason: str


@dataclass(slots=True)
class Skipped:
    """A line whose digest is that of the line a company was last imported from: not parsed,
    presumed unchanged (the writer parses it after all if this run changed that company)."""

    line: int
    cvr: int
    raw: bytes
    digest: str


@dataclass
class Batch:
    """Normalised documents of one file, up to the batch size, and that stretch's rejects."""

    file: str
    records: list[CompanyRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    units: list[UnitRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.records) + len(self.rejections) + len(self.units) + len(self.skipped)


def _add(batch: Batch, item: Item, municipalities: Mapping[int, int]) -> None:
    if item.error is not None:
        batch.rejections.append(Rejection(item.file, item.line, None, item.error))
        return
    try:
        if item.is_unit:
            unit = normalise_production_unit(item.value, municipalities)
            unit.line = item.line
            batch.units.append(unit)
        else:
            record = normalise_company(item.value, municipalities)
            record.line = item.line
            batch.records.append(record)
    except Rejected as error:
        cvr = error.cvr if error.cvr is not None else _cvr_of(item.value)
        batch.rejections.append(Rejection(item.file, item.line, cvr, error.reason))
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
        # A field of the wrong type (a text where the format has a number, a list where it
        # has an object) is this document's fault, not the run's: reject it and go on.
        reason = f"malformed document: {type(error).__name__}: {error}"
        batch.rejections.append(Rejection(item.file, item.line, _cvr_of(item.value), reason))


def _cvr_of(value: Any) -> Any:
    return value.get("cvrNummer") if isinstance(value, dict) else None


def company_batches(
    paths: Iterable[str | Path], municipalities: Mapping[int, int], batch_size: int
) -> Iterator[Batch]:
    """Batches of normalised company documents; a batch never spans two files."""
    for path in paths:
        batch = Batch(str(path))
        for item in iter_company_documents(path):
            _add(batch, item, municipalities)
            if batch.documents >= batch_size:
                yield batch
                batch = Batch(str(path))
        if batch.documents:
            yield batch


_worker_municipalities: Mapping[int, int] = {}
# The key figures of the load, by CVR number, as the workers were forked (set_worker_figures).
_worker_figures: Mapping[int, Any] = {}


def set_worker_figures(figures: Mapping[int, Any]) -> None:
    """Key figures the worker processes forked after this call merge into new companies."""
    global _worker_figures
    _worker_figures = figures


def _start_worker(municipalities: Mapping[int, int]) -> None:
    global _worker_municipalities
    _worker_municipalities = municipalities
    # Batches are freed by reference counting; cyclic collections would only cost time.
    gc.disable()


def normalise_lines(
    batch: Batch, numbered: list[tuple[int, bytes, str]], municipalities: Mapping[int, int]
) -> Batch:
    """Parse and normalise (line number, raw line, digest) into `batch`; a record from a
    line that held only its document keeps the line's digest."""
    for number, raw_line, digest in numbered:
        item = parse_line(batch.file, number, raw_line)
        if item is None:
            continue
        documents = list(company_documents(item))
        before = len(batch.records)
        for document in documents:
            _add(batch, document, municipalities)
        if len(documents) == 1 and len(batch.records) == before + 1:
            batch.records[-1].source_hash = digest
    return batch


def _prepare(record: CompanyRecord) -> tuple[str, str, Any]:
    """A record's rows as COPY text for when it is new, its key figures merged (copytext)."""
    from vaekst.register.importers.financials import merge_years

    years, headline = merge_years(record.years, _worker_figures.get(record.cvr))
    return copytext.rows(record.periods), copytext.rows(years), headline


def _normalise_lines(file: str, numbered: list[tuple[int, bytes, str]]) -> bytes:
    """A batch normalised in a worker, as JSON: unpickling thousands of small tuples would
    cost the main process half of what normalising them did; orjson costs a fiftieth."""
    batch = normalise_lines(Batch(file), numbered, _worker_municipalities)
    return orjson.dumps(
        (
            [
                (
                    r.cvr,
                    r.values,
                    r.periods,
                    r.units,
                    r.years,
                    r.content_hash,
                    r.line,
                    r.source_hash,
                    *_prepare(r),
                )
                for r in batch.records
            ],
            [(r.line, r.cvr, r.reason) for r in batch.rejections],
            [astuple(unit) for unit in batch.units],
        ),
        default=str,
    )


def _decode_batch(file: str, data: bytes, skipped: list[Skipped]) -> Batch:
    records, rejections, units = orjson.loads(data)
    return Batch(
        file,
        [CompanyRecord(*record) for record in records],
        [Rejection(file, line, cvr, reason) for line, cvr, reason in rejections],
        [UnitRecord(*unit) for unit in units],
        skipped,
    )


def worker_pool(workers: int, municipalities: Mapping[int, int]) -> ProcessPoolExecutor:
    """Worker processes for `parallel_company_batches`, started now, from this thread.

    Forked (cheap, and Django is already set up); children leave with os._exit, so they
    never close the parent's database connection they inherited."""
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(dict(municipalities),),
    )
    pool.submit(int).result()  # with fork, every worker starts on the first task
    return pool


def parallel_company_batches(
    paths: Iterable[str | Path],
    municipalities: Mapping[int, int],
    batch_size: int,
    pool: ProcessPoolExecutor,
    ahead: int = 4,
    known: Mapping[str, int] | None = None,
) -> Iterator[Batch]:
    """As `company_batches`, with JSON-lines files normalised by `pool`, in file order.

    With `known` ({line digest: CVR} of the companies as last imported) a line whose digest
    is known is not sent to be parsed: it becomes a `Skipped` entry of its batch."""
    for path in paths:
        if not is_json_lines(path):
            yield from company_batches([path], municipalities, batch_size)
            continue
        name = str(path)
        pending: collections.deque[tuple[Future[bytes], list[Skipped]]] = collections.deque()
        for first_line, lines in read_line_chunks(path, batch_size):
            numbered, skipped = [], []
            for number, raw_line in enumerate(lines, start=first_line):
                digest = line_digest(raw_line)
                cvr = known.get(digest) if known else None
                if cvr is None:
                    numbered.append((number, raw_line, digest))
                else:
                    skipped.append(Skipped(number, cvr, raw_line, digest))
            pending.append((pool.submit(_normalise_lines, name, numbered), skipped))
            if len(pending) >= ahead:
                future, done = pending.popleft()
                yield _decode_batch(name, future.result(), done)
        while pending:
            future, done = pending.popleft()
            yield _decode_batch(name, future.result(), done)


def resolve_skipped(
    batch: Batch, touched: set[int], municipalities: Mapping[int, int]
) -> tuple[list[CompanyRecord], int]:
    """The batch's records to write, in line order, and how many skipped lines stay skipped.

    A skipped line is unchanged only if nothing earlier in this run wrote its company (an
    earlier line of the same CVR, in this batch or a batch before: `touched`); such a line
    is parsed now, so that the run ends as if every line had been read."""
    if not batch.skipped:
        return batch.records, 0
    first_line: dict[int, int] = {}
    for record in batch.records:
        first_line.setdefault(record.cvr, record.line)
    again = [
        (entry.line, entry.raw, entry.digest)
        for entry in batch.skipped
        if entry.cvr in touched or first_line.get(entry.cvr, entry.line) < entry.line
    ]
    if not again:
        return batch.records, len(batch.skipped)
    extra = normalise_lines(Batch(batch.file), again, municipalities)
    batch.rejections.extend(extra.rejections)
    records = sorted(batch.records + extra.records, key=lambda record: record.line)
    return records, len(batch.skipped) - len(again)


def prefetch(iterator: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Run `iterator` in a thread, up to `depth` items ahead; its errors re-raise here."""
    items: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in iterator:
                while not stop.is_set():
                    try:
                        items.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            items.put(_DONE)
        except BaseException as error:  # noqa: BLE001 (handed to the consumer)
            items.put(error)

    thread = threading.Thread(target=produce, name="register-parser", daemon=True)
    thread.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)
