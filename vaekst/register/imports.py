"""The record of register files taken in from a drop directory (`RegisterImport`).

A file is known by the digest of its content, so the same delta dropped twice (or under a
new name) is taken once. Its row says how far it got: `running` while being read in,
`imported` once its documents have committed, `done` once the firms it touched have been
re-scored too (the re-scoring is the segmentation app's, which drives the whole flow),
`failed` with the error otherwise. A failed file is taken again on the next run, before
any later file, and its import is idempotent (see `importers.writer`).
"""

import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vaekst.lib.bulk import Bulk
from vaekst.organisations.models import Municipality
from vaekst.register.choices import ImportStatus
from vaekst.register.importers.pipeline import company_batches
from vaekst.register.importers.summary import ImportSummary
from vaekst.register.models import RegisterImport

# Files being written into the drop directory are named like this until they are complete.
INCOMPLETE_SUFFIXES = (".tmp", ".part", ".partial")


def file_digest(path: str | Path) -> str:
    """The hash of a file's content (blake2b, 32 hex digits)."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def drop_files(directory: str | Path) -> list[Path]:
    """The register files in a drop directory, in the order they are taken: by name (a
    delta's name starts with its date), leaving out hidden and still incomplete files."""
    return sorted(
        path
        for path in Path(directory).iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and not path.name.endswith(INCOMPLETE_SUFFIXES)
    )


def pending_files(directory: str | Path) -> list[tuple[Path, str]]:
    """(path, digest) of the drop directory's files that are not done, in order."""
    files = [(path, file_digest(path)) for path in drop_files(directory)]
    done = set(
        RegisterImport.objects.filter(
            digest__in=[digest for _, digest in files], status=ImportStatus.DONE
        ).values_list("digest", flat=True)
    )
    return [(path, digest) for path, digest in files if digest not in done]


@transaction.atomic
def begin_register_import(*, path: str | Path, digest: str) -> RegisterImport:
    """The file's row, started (again): a new row the first time, the same row on a retry."""
    record, _ = RegisterImport.objects.select_for_update().get_or_create(
        digest=digest, defaults={"file_name": Path(path).name}
    )
    if record.status == ImportStatus.DONE:
        raise ValueError(f"{Path(path).name} has been imported already")
    # A file whose documents have committed keeps that: only its re-scoring is left.
    imported = record.status == ImportStatus.IMPORTED
    RegisterImport.objects.filter(pk=record.pk).update(
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        status=ImportStatus.IMPORTED if imported else ImportStatus.RUNNING,
        error="",
    )
    record.refresh_from_db()
    return record


@transaction.atomic
def mark_register_imported(
    *, register_import: RegisterImport, summary: ImportSummary
) -> RegisterImport:
    """The file's documents have committed: keep its counts and the firms it touched (with
    those an earlier, interrupted attempt recorded)."""
    touched = set(register_import.touched_company_ids) | summary.touched_company_ids
    register_import.status = ImportStatus.IMPORTED
    register_import.imported_at = timezone.now()
    register_import.counts = summary.as_dict()
    register_import.touched_company_ids = sorted(touched)
    register_import.save(update_fields=["status", "imported_at", "counts", "touched_company_ids"])
    return register_import


def mark_register_import_done(*, register_import: RegisterImport) -> RegisterImport:
    register_import.status = ImportStatus.DONE
    register_import.finished_at = timezone.now()
    register_import.save(update_fields=["status", "finished_at"])
    return register_import


def mark_register_import_failed(*, register_import: RegisterImport, error: str) -> None:
    """Record the error; a file whose documents had committed stays `imported` (its
    re-scoring is what is left), any other is `failed`."""
    RegisterImport.objects.filter(pk=register_import.pk).exclude(
        status=ImportStatus.IMPORTED
    ).update(status=ImportStatus.FAILED)
    RegisterImport.objects.filter(pk=register_import.pk).update(
        error=error[:2000], finished_at=timezone.now()
    )


def companies_in_files(paths: Iterable[str | Path]) -> set[int]:
    """Ids of the register's companies whose documents (or production units) a file holds:
    what an interrupted import may have touched before it could record so."""
    municipalities = dict(Municipality.objects.values_list("code", "region_id"))
    cvrs: set[int] = set()
    for batch in company_batches(paths, municipalities, 5000):
        cvrs.update(record.cvr for record in batch.records)
        cvrs.update(unit.cvr for unit in batch.units)
    rows = Bulk().select_in("SELECT id FROM register_company WHERE cvr {in}", sorted(cvrs))
    return {pk for (pk,) in rows}


def last_finished_import() -> RegisterImport | None:
    """The latest file that is done (its re-scoring too): "since the last run" starts at its
    start."""
    return RegisterImport.objects.filter(status=ImportStatus.DONE).order_by("-finished_at").first()
