"""Generate a synthetic register and write its files (JSON lines, gzip when the name ends in
.gz). Output is byte-identical for the same arguments: one seeded numpy Generator drives
everything, and gzip headers carry no timestamp or file name.
"""

import gzip
import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import orjson

from vaekst.register.synth.calibration import Calibration, measure
from vaekst.register.synth.documents import DocumentBuilder
from vaekst.register.synth.financials import financial_rows, truth_rows
from vaekst.register.synth.process import simulate
from vaekst.register.synth.tables import municipalities
from vaekst.register.synth.traits import draw_traits

Progress = Callable[[int], None]
CHUNK = 2000


@dataclass
class Result:
    """What was written, for the command's summary."""

    written: int
    active: int
    calibration: Calibration
    seconds: float
    financial_lines: int = 0


def _compressed(raw: BinaryIO, path: Path) -> BinaryIO:
    if path.suffix != ".gz":
        return raw
    # No name or timestamp in the header (byte-identical reruns); level 1 because the writer
    # is otherwise compression-bound at national size.
    return gzip.GzipFile(  # type: ignore[return-value]
        filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=1
    )


def write_lines(path: Path, rows: Iterable[Any], progress: Progress | None = None) -> int:
    count = 0
    dumps = orjson.dumps
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, _compressed(raw, path) as handle:
        buffer = io.BytesIO()
        for row in rows:
            buffer.write(dumps(row))
            buffer.write(b"\n")
            count += 1
            if count % CHUNK == 0:
                handle.write(buffer.getvalue())
                buffer = io.BytesIO()
                if progress:
                    progress(CHUNK)
        handle.write(buffer.getvalue())
        if progress and count % CHUNK:
            progress(count % CHUNK)
    return count


def generate(
    *,
    firms: int,
    years: int,
    seed: int,
    end_year: int,
    out: Path,
    financials: Path | None = None,
    truth: Path | None = None,
    progress: Progress | None = None,
    on_simulated: Callable[[int], None] | None = None,
) -> Result:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    panel = simulate(rng, firms=firms, years=years, end_year=end_year)
    traits = draw_traits(rng, panel)
    if on_simulated:
        on_simulated(panel.size)
    builder = DocumentBuilder(panel, traits)
    written = write_lines(out, ({"Vrvirksomhed": doc} for doc in builder), progress)
    lines = 0
    if financials is not None:
        lines = write_lines(financials, financial_rows(rng, panel, traits))
    if truth is not None:
        write_lines(truth, truth_rows(panel, traits))
    calibration = measure(panel)
    active_now = panel.headcount[:, -1] >= 0
    region = municipalities().region_name
    regions: dict[str, int] = {}
    for index in traits.municipality[active_now, 1].tolist():
        regions[region[index]] = regions.get(region[index], 0) + 1
    total = max(int(active_now.sum()), 1)
    calibration.regions = {name: count / total for name, count in sorted(regions.items())}
    return Result(
        written=written,
        active=int(active_now.sum()),
        calibration=calibration,
        seconds=time.perf_counter() - started,
        financial_lines=lines,
    )
