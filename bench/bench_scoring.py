"""Scoring and training on a loaded register (issue #3's speed targets).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench \
        .venv/bin/python bench/bench_scoring.py

Prints: the time to only read the panel (the baseline), a full scoring run reading from and
writing to the database (target < 60 s at 417,000 firms) with its ratio to the read, a second
(unchanged) run, and the time to train the prediction model (target < 2 minutes).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")

import django

django.setup()

from django.db import connection

from vaekst.register.models import Company
from vaekst.segmentation.indicators import Scope, load_assessments, load_companies, load_panel
from vaekst.segmentation.prediction import train
from vaekst.segmentation.scoring import _latest_panel_year, run_scoring
from vaekst.segmentation.services import request_scoring


def timed(label: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:8.2f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    print(f"database: {connection.vendor}, companies: {Company.objects.count():,}")
    as_of = _latest_panel_year(None)

    def read_only() -> int:
        companies = load_companies(Scope())
        panel = load_panel(Scope(), as_of - 3, as_of)
        load_assessments()
        return len(companies) + len(panel)

    rows, read_seconds = timed("read the panel only (baseline)", read_only)
    if not args.skip_training:
        model, train_seconds = timed("train the prediction model", train)
        metrics = model.metrics
        ours, naive = metrics["model"], metrics["baseline_past_growth"]
        print(
            f"  model AUC {ours['auc']:.3f} (baseline {naive['auc']:.3f}), "
            f"top-decile capture {ours['top_decile_capture']:.3f} "
            f"(baseline {naive['top_decile_capture']:.3f}), "
            f"train rows {metrics['train_rows']:,}, test n {ours['n']:,}"
        )
    summary, score_seconds = timed(
        "score all active firms (read, compute, write)", run_scoring, request_scoring(actor=None)
    )
    print(
        f"  {summary['firms']:,} firms, {summary['firms'] / score_seconds:,.0f} firms/s, "
        f"ratio to reading only: {score_seconds / read_seconds:.1f}x; levels {summary['by_level']}"
    )
    again, again_seconds = timed(
        "score again (no level changes)", run_scoring, request_scoring(actor=None)
    )
    print(f"  new placements {again['new_placements']}, moved {again['moved']}")


if __name__ == "__main__":
    main()
