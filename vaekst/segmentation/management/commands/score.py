"""`vaekst score`: indicators and levels of every active firm in scope, stored with the
rule-set chain and an explanation."""

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring


class Command(BaseCommand):
    help = "Compute indicators and growth-potential levels (vectorised, whole scope at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", type=int, help="region code, e.g. 1084")
        parser.add_argument("--municipality", type=int, help="municipality code, e.g. 101")
        parser.add_argument("--as-of", type=int, help="year of the figures (default: latest)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        run = request_scoring(
            actor=None, region=options["region"], municipality=options["municipality"]
        )
        if options["as_of"]:
            run.as_of_year = options["as_of"]
            run.save(update_fields=["as_of_year"])
        started = time.monotonic()
        bar = tqdm(total=5, desc="scoring", file=sys.stderr, disable=options["json"])

        def progress(stage: str, done: int, total: int) -> None:
            bar.set_description(stage)
            bar.n = done
            bar.refresh()

        summary = run_scoring(run, progress)
        bar.close()
        summary["seconds"] = round(time.monotonic() - started, 2)
        summary["firms_per_second"] = round(summary["firms"] / max(summary["seconds"], 1e-9))
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"{summary['firms']:,} virksomheder placeret på {summary['seconds']} s "
            f"({summary['firms_per_second']:,}/s), figurer pr. {summary['as_of_year']}"
        )
        for key, count in summary["by_level"].items():
            self.stdout.write(f"  {key:<14} {count:>9,}")
        self.stdout.write(
            f"  nye placeringer {summary['new_placements']:,}, flyttet {summary['moved']:,}"
        )
