"""`vaekst import_annual_report FILE... [--rejects FILE] [--json]`: XBRL or Inline XBRL reports."""

import sys
import time
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.register.services import BATCH_SIZE, import_annual_reports


class Command(BaseCommand):
    help = (
        "Import key figures (both years) from annual reports in the Danish (fsa) or IFRS "
        "(ifrs-full) taxonomy, plain XBRL or Inline XBRL, into "
        "the yearly figures. "
        "Exit code 1 if any report was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            help="annual reports: XBRL instances or Inline XBRL (XHTML), plain, gzip or zip",
        )
        parser.add_argument("--rejects", help="write rejected reports here as JSON lines")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        given = [*options["files"], *(options.get("financials") or [])]
        missing = [str(path) for path in given if not Path(path).is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        started = time.perf_counter()
        summary = import_annual_reports(
            options["files"], rejects=options["rejects"], batch_size=options["batch_size"]
        )
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(orjson.dumps({**summary.as_dict(), "seconds": seconds}).decode())
        else:
            self.stdout.write(
                f"{summary.lines} reports in {seconds:.1f} s: {summary.inserted} years inserted, "
                f"{summary.updated} updated, {summary.unchanged} unchanged, "
                f"{summary.rejected} rejected"
            )
        if summary.rejected:
            if options["rejects"]:
                sys.stderr.write(f"rejected input written to {options['rejects']}\n")
            raise SystemExit(1)
