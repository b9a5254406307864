"""Reading and normalising documents in batches, ahead of the database writes.

Parsing runs in a background thread: while the main thread waits for the database (the
driver releases the GIL), the next batch is parsed on the other core. Database access stays
on the main thread, which owns the Django connection.
"""

import queue
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from vaekst.register.importers.cvr import CompanyRecord, Rejected, normalise_company
from vaekst.register.importers.reading import iter_company_documents

T = TypeVar("T")
_DONE = object()


@dataclass
class Rejection:
    """One document that did not make it, and why."""

    file: str
    line: int
    cvr: Any
    reason: str


@dataclass
class Batch:
    """Normalised documents of one file, up to the batch size, and that stretch's rejects."""

    file: str
    records: list[CompanyRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.records) + len(self.rejections)


def company_batches(
    paths: Iterable[str | Path], municipalities: Collection[int], batch_size: int
) -> Iterator[Batch]:
    """Batches of normalised company documents; a batch never spans two files."""
    for path in paths:
        batch = Batch(str(path))
        for item in iter_company_documents(path):
            if item.error is not None:
                batch.rejections.append(Rejection(item.file, item.line, None, item.error))
            else:
                try:
                    batch.records.append(normalise_company(item.value, municipalities))
                except Rejected as error:
                    cvr = error.cvr if error.cvr is not None else item.value.get("cvrNummer")
                    batch.rejections.append(Rejection(item.file, item.line, cvr, error.reason))
            if batch.documents >= batch_size:
                yield batch
                batch = Batch(str(path))
        if batch.documents:
            yield batch


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
