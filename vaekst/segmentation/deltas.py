"""Daily register changes: a delta file imported, then only the firms it touched re-scored.

The flow crosses two apps, so it is driven from here, the higher one: the register imports
the file and records the run (`register.imports`), then the one scoring mechanism scores the
touched firms (`run_scoring` with a run over those ids). A file counts as done only after
both have committed; a failure stops the run there, so no later file is taken before it,
and the next run takes the file again: its documents are then unchanged (their digests are
known) and nothing is written twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaekst.register.choices import ImportStatus
from vaekst.register.imports import (
    begin_register_import,
    companies_in_files,
    mark_register_import_done,
    mark_register_import_failed,
    mark_register_imported,
    pending_files,
)
from vaekst.register.models import RegisterImport
from vaekst.register.services import BATCH_SIZE, import_cvr_files
from vaekst.segmentation.models import ScoringRun
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring


@dataclass
class DeltaResult:
    """What taking one file did."""

    file: str
    register_import: RegisterImport
    run: ScoringRun | None
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def touched(self) -> int:
        return len(self.register_import.touched_company_ids)

    def line(self) -> str:
        counts = self.counts
        scored = self.run.summary.get("firms", 0) if self.run is not None else 0
        return (
            f"{self.file}: {counts.get('inserted', 0)} new, {counts.get('updated', 0)} changed, "
            f"{counts.get('unchanged', 0)} unchanged, {counts.get('rejected', 0)} rejected; "
            f"{self.touched} firms touched, {scored} re-scored"
        )


def import_delta(
    path: str | Path,
    *,
    digest: str,
    progress: bool = False,
    batch_size: int | None = None,
) -> DeltaResult:
    """Import one delta file and re-score the firms it touched; see the module's note."""
    record = begin_register_import(path=path, digest=digest)
    try:
        if record.status != ImportStatus.IMPORTED:
            summary = import_cvr_files(
                [path],
                progress=progress,
                register_import_id=record.pk,
                batch_size=batch_size or BATCH_SIZE,
            )
            if record.attempts > 1:
                # An earlier attempt may have committed some of the file's batches without
                # getting to record the firms they touched: take every firm the file names.
                summary.touched_company_ids |= companies_in_files([path])
            record = mark_register_imported(register_import=record, summary=summary)
        run = request_scoring(
            actor=None, companies=record.touched_company_ids, register_import=record
        )
        run_scoring(run)
        run.refresh_from_db()
        mark_register_import_done(register_import=record)
    except Exception as error:
        mark_register_import_failed(register_import=record, error=repr(error))
        raise
    return DeltaResult(Path(path).name, record, run, dict(record.counts))


def take_drop_directory(
    directory: str | Path,
    *,
    progress: bool = False,
    report: Callable[[DeltaResult], None] | None = None,
    batch_size: int | None = None,
) -> list[DeltaResult]:
    """Take the drop directory's files that are not done, in name order, each imported and
    its touched firms re-scored. Stops at the first failure (raised), leaving it and every
    later file for the next run."""
    results = []
    for path, digest in pending_files(directory):
        result = import_delta(path, digest=digest, progress=progress, batch_size=batch_size)
        results.append(result)
        if report is not None:
            report(result)
    return results
