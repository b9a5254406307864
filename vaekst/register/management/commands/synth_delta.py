"""`vaekst synth_delta`: a night's register changes against a synthetic register file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.register.synth.delta import STAMP, make_delta


class Command(BaseCommand):
    help = (
        "Write a daily delta file against a register file of synth_register: --changed "
        "documents of active firms with one thing changed each, --new new firms. Same "
        "arguments, same bytes. Put it in a drop directory and run import_cvr_drop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")
        parser.add_argument("--changed", type=int, default=500)
        parser.add_argument("--new", type=int, default=25)
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--stamp", default=STAMP, help="the documents' sidstOpdateret")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        if not source.is_file():
            raise CommandError(f"no such register file: {source}")
        if options["changed"] < 0 or options["new"] < 0:
            raise CommandError("--changed and --new count documents: 0 or more")
        try:
            counts = make_delta(
                source,
                Path(options["out"]),
                changed=options["changed"],
                new=options["new"],
                seed=options["seed"],
                stamp=options["stamp"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{options['out']}: " + ", ".join(f"{kind} {count}" for kind, count in counts.items())
        )
