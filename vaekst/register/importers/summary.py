"""What an import did (counts for the summary and `--json`) and where rejects go."""

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson


@dataclass
class FinancialsSummary:
    """Counts of a key-figures load (a financials file or annual reports)."""

    lines: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportSummary:
    """Counts of a register import; `financials` when key figures were loaded too."""

    documents: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Of the documents, the readable production units (`VrproduktionsEnhed`).
    production_units: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    financials: FinancialsSummary | None = None
    # Ids of the companies the run inserted or changed (their documents or units): what a
    # delta's re-scoring takes. Counted, not listed, in `as_dict`.
    touched_company_ids: set[int] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def any_rejected(self) -> bool:
        return bool(self.rejected or (self.financials and self.financials.rejected))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["touched_company_ids"] = len(self.touched_company_ids)
        data["seconds"] = round(self.seconds, 3)
        data["rate"] = round(self.rate, 1)
        data["financials"] = self.financials.as_dict() if self.financials else None
        return data

    def line(self) -> str:
        text = (
            f"{self.documents} documents in {self.seconds:.1f} s ({self.rate:,.0f}/s): "
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )
        if self.financials:
            f = self.financials
            text += (
                f"; key figures: {f.lines} lines, {f.inserted} inserted, {f.updated} updated, "
                f"{f.unchanged} unchanged, {f.rejected} rejected"
            )
        return text


class Rejects:
    """Writes rejected input as JSON lines `{"file", "line", "cvr", "reason"}` (or only
    counts them when no file was asked for)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = path
        self.count = 0
        # Truncated up front: the file holds this run's rejects only.
        self._handle: IO[bytes] | None = open(path, "wb") if path else None  # noqa: SIM115

    def add(self, *, file: str, line: int, cvr: Any, reason: str) -> None:
        self.count += 1
        if self._handle is None:
            return
        record = {"file": file, "line": line, "cvr": cvr, "reason": reason}
        self._handle.write(orjson.dumps(record, default=str) + b"\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "Rejects":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
