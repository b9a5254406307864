"""Benchmark of a daily register delta (issue #8): 5,000 changed documents against the
national-size register, imported from a drop directory and the touched firms re-scored.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench_delta \\
        .venv/bin/python bench/bench_delta.py [--firms 417000] [--changed 5000] [--new 250]

The register is the synthetic one of bench_import (`vaekst synth_register`, seed 1, under
var/bench/, generated when missing). An empty database is loaded from it first; with no
active prediction model one is trained, and with no national scoring run one is made, so
the touched firms are scored as the rest were (not timed). The delta is made from the same
file by `vaekst.register.synth.delta.make_delta` (what `vaekst synth_delta` writes):
`--changed` documents of active firms with one thing changed each, plus `--new` new firms.
Then, measured:

- the delta: `vaekst import_cvr_drop` on a drop directory holding it (import, re-scoring of
  the touched firms, change rows), target < 30 s;
- the full alternative in the same run: re-importing the whole register file (which puts
  the changed firms back) and scoring every active firm; the delta's ratio to it is printed.

The register is left as the full file has it (the delta's new firms stay). The database's
name must contain "bench" (or pass --force).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from vaekst.register.models import Company, CompanyEvent, RegisterImport  # noqa: E402
from vaekst.register.services import import_cvr_files  # noqa: E402
from vaekst.register.synth.delta import make_delta  # noqa: E402
from vaekst.register.synth.writer import generate as synth_generate  # noqa: E402
from vaekst.segmentation.choices import RunStatus  # noqa: E402
from vaekst.segmentation.deltas import take_drop_directory  # noqa: E402
from vaekst.segmentation.models import ScoringRun  # noqa: E402
from vaekst.segmentation.prediction import active_model, train  # noqa: E402
from vaekst.segmentation.scoring import run_scoring  # noqa: E402
from vaekst.segmentation.services import request_scoring  # noqa: E402


def timed(label: str, function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label:<52} {seconds:8.2f} s", flush=True)
    return result, seconds


def register_file(firms: int, years: int) -> tuple[Path, Path]:
    path = PROJECT / "var" / "bench" / f"synth_{firms}x{years}.jsonl"
    financials = path.with_name(path.stem + "_financials.jsonl")
    if not (path.exists() and financials.exists()):
        timed(
            "generate the synthetic register",
            synth_generate,
            firms=firms,
            years=years,
            seed=1,
            end_year=2025,
            out=path,
            financials=financials,
            truth=path.with_name(path.stem + "_truth.jsonl"),
        )
    return path, financials


def national_run() -> None:
    run = request_scoring(actor=None)
    summary, _ = timed("score every active firm (baseline, not compared)", run_scoring, run)
    print(f"  {summary['firms']:,} firms, levels {summary['by_level']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=417_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--changed", type=int, default=5000)
    parser.add_argument("--new", type=int, default=250)
    parser.add_argument("--force", action="store_true", help="use a non-bench database")
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    database = str(connection.settings_dict["NAME"])
    if "bench" not in database and not args.force:
        sys.exit(f"refusing to change the register of {database!r}: use a *bench* DB or --force")
    call_command("migrate", verbosity=0)
    path, financials = register_file(args.firms, args.years)
    print(f"database: {connection.vendor} {database}; register file {path}")
    if not Company.objects.exists():
        summary, _ = timed(
            "load the register (empty database)",
            import_cvr_files,
            [path],
            financials=financials,
            progress=False,
        )
        print(f"  {summary.inserted:,} inserted")
    if active_model() is None and not args.skip_training:
        timed("train the prediction model (once)", train)
    national = ScoringRun.objects.filter(
        status=RunStatus.DONE,
        region__isnull=True,
        municipality__isnull=True,
        company_ids__isnull=True,
    )
    if not national.exists():
        national_run()
    print(f"companies: {Company.objects.count():,}")

    with tempfile.TemporaryDirectory(prefix="delta-", dir=PROJECT / "var" / "bench") as drop:
        delta = Path(drop) / "2026-12-07-delta.jsonl"
        # Another delta on each run against the same database (a file is taken once).
        seed = 8 + RegisterImport.objects.count()
        counts, _ = timed(
            "make the delta file (not compared)",
            make_delta,
            path,
            delta,
            changed=args.changed,
            new=args.new,
            seed=seed,
            # New firms' numbers new to the database too (an earlier run's are in).
            taken=set(Company.objects.values_list("cvr", flat=True)),
        )
        print(f"  {counts}")
        events_before = CompanyEvent.objects.count()
        results, delta_seconds = timed(
            "delta: import + re-score touched firms", take_drop_directory, drop
        )
    result = results[0]
    import_counts = result.counts
    run = result.run
    assert run is not None
    print(
        f"  import {import_counts['seconds']:.2f} s: {import_counts['inserted']:,} inserted, "
        f"{import_counts['updated']:,} updated, {import_counts['unchanged']:,} unchanged, "
        f"{import_counts['rejected']:,} rejected; {result.touched:,} firms touched"
    )
    scoring_seconds = (run.finished_at - run.started_at).total_seconds()
    print(
        f"  re-scoring {scoring_seconds:.2f} s: {run.summary['firms']:,} firms, "
        f"moved {run.summary['moved']:,}, new placements {run.summary['new_placements']:,}"
    )
    print(f"  change rows written: {CompanyEvent.objects.count() - events_before:,}")

    full_import, import_seconds = timed(
        "full: re-import the whole register file", import_cvr_files, [path], progress=False
    )
    print(
        f"  {full_import.updated:,} updated, {full_import.unchanged:,} unchanged, "
        f"{full_import.inserted:,} inserted"
    )
    full_scoring, scoring_full_seconds = timed(
        "full: score every active firm", run_scoring, request_scoring(actor=None)
    )
    full_seconds = import_seconds + scoring_full_seconds
    print(f"  {full_scoring['firms']:,} firms")
    print(f"{'full re-import + full scoring':<52} {full_seconds:8.2f} s")
    print(
        f"{'ratio delta / (full re-import + full scoring)':<52} {delta_seconds / full_seconds:8.3f}"
    )
    print(f"{'ratio delta / full re-import alone':<52} {delta_seconds / import_seconds:8.3f}")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}; cores: {os.cpu_count()}")
    print(f"target: delta < 30 s {'OK' if delta_seconds < 30 else 'MISSED'}")


if __name__ == "__main__":
    main()
