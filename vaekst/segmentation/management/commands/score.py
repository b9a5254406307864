"""`vaekst score [--scope national|region:CODE|municipality:CODE] [--json]`: indicators and
levels of every active firm in scope, stored with the rule-set chain and an explanation.
`--region` and `--municipality` are the older spellings of the same scopes."""

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from vaekst.organisations.models import Municipality, Region
from vaekst.segmentation.scoring import TOTAL_STEPS, run_scoring
from vaekst.segmentation.services import request_scoring


class Command(BaseCommand):
    help = "Compute indicators and growth-potential levels (vectorised, whole scope at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope",
            help="national, region:CODE (e.g. region:1084) or municipality:CODE (e.g. "
            "municipality:101); default national",
        )
        parser.add_argument("--region", type=int, help="region code, e.g. 1084")
        parser.add_argument("--municipality", type=int, help="municipality code, e.g. 101")
        parser.add_argument("--as-of", type=int, help="year of the figures (default: latest)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        region, municipality = resolve_scope(
            options["scope"], options["region"], options["municipality"]
        )
        run = request_scoring(actor=None, region=region, municipality=municipality)
        if options["as_of"]:
            run.as_of_year = options["as_of"]
            run.save(update_fields=["as_of_year"])
        started = time.monotonic()
        bar = tqdm(total=TOTAL_STEPS, desc="scoring", file=sys.stderr, disable=options["json"])

        def progress(stage: str, done: int, total: int) -> None:
            bar.set_description(stage)
            bar.total = total
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


def resolve_scope(
    scope: str | None, region: int | None, municipality: int | None
) -> tuple[int | None, int | None]:
    """(region code, municipality code) of the scope asked for; unknown codes and two
    scopes at once are errors rather than a silent national run."""
    if scope is not None:
        if region is not None or municipality is not None:
            raise CommandError("Angiv enten --scope eller --region/--municipality, ikke begge")
        kind, _, code = scope.strip().lower().partition(":")
        if kind == "national" and not code:
            return None, None
        if kind not in ("region", "municipality") or not code.isdigit():
            raise CommandError(
                f"Ukendt --scope {scope!r}: brug national, region:KODE eller municipality:KODE"
            )
        if kind == "region":
            region = int(code)
        else:
            municipality = int(code)
    if region is not None and municipality is not None:
        raise CommandError("Angiv enten en region eller en kommune, ikke begge")
    if region is not None and not Region.objects.filter(code=region).exists():
        raise CommandError(f"Ukendt region: {region}")
    if municipality is not None and not Municipality.objects.filter(code=municipality).exists():
        raise CommandError(f"Ukendt kommune: {municipality}")
    return region, municipality
