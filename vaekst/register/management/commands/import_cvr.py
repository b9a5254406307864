"""`vaekst import_cvr FILE... [--financials FILE] [--rejects FILE] [--json]`."""

import sys
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.register.services import BATCH_SIZE, import_cvr_files


class Command(BaseCommand):
    help = (
        "Import CVR company documents (Elasticsearch responses or JSON lines of Vrvirksomhed, "
        "plain or gzip) and optionally yearly key figures. Exit code 1 if anything was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="register files")
        parser.add_argument(
            "--financials", action="append", help="key-figures file (JSON lines), repeatable"
        )
        parser.add_argument("--rejects", help="write rejected input here as JSON lines")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        given = [*options["files"], *(options.get("financials") or [])]
        missing = [str(path) for path in given if not Path(path).is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        summary = import_cvr_files(
            options["files"],
            financials=options["financials"],
            rejects=options["rejects"],
            progress=not options["json"],
            batch_size=options["batch_size"],
        )
        if options["json"]:
            self.stdout.write(orjson.dumps(summary.as_dict()).decode())
        else:
            self.stdout.write(summary.line())
        if summary.any_rejected:
            if options["rejects"]:
                sys.stderr.write(f"rejected input written to {options['rejects']}\n")
            raise SystemExit(1)
