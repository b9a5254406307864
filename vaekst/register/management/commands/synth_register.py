"""`vaekst synth_register`: write a synthetic CVR register calibrated to published figures."""

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from vaekst.register.synth.calibration import describe
from vaekst.register.synth.writer import generate


def last_complete_year() -> int:
    return datetime.date.today().year - 1


class Command(BaseCommand):
    """Generate CVR documents (and optionally key figures and a truth file)."""

    help = (
        "Write a synthetic CVR register (Vrvirksomhed JSON lines, gzip when FILE ends in .gz) "
        "calibrated to Danish firm statistics; --firms counts firms active at the end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--firms", type=int, default=50_000, help="active firms at the end")
        parser.add_argument("--years", type=int, default=10, help="panel length in years")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--financials", type=Path, default=None)
        parser.add_argument("--truth", type=Path, default=None, help="latent potential per firm")
        parser.add_argument("--end-year", type=int, default=None, help="default: last full year")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        end_year = options["end_year"] or last_complete_year()
        bar: tqdm[Any] | None = None
        show = not options["no_progress"] and options["verbosity"] > 0

        def simulated(count: int) -> None:
            nonlocal bar
            if show:
                self.stderr.write(f"simulated {count:,} firms; writing documents")
                bar = tqdm(total=count, unit=" firms", mininterval=1.0)

        def progress(count: int) -> None:
            if bar is not None:
                bar.update(count)

        result = generate(
            firms=options["firms"],
            years=options["years"],
            seed=options["seed"],
            end_year=end_year,
            # call_command passes strings as given; argparse's type=Path only runs on the CLI.
            out=Path(options["out"]),
            financials=Path(options["financials"]) if options["financials"] else None,
            truth=Path(options["truth"]) if options["truth"] else None,
            progress=progress,
            on_simulated=simulated,
        )
        if bar is not None:
            bar.close()
        self.stdout.write(
            f"{result.written:,} firms written ({result.active:,} active at the end of "
            f"{end_year}, {result.written - result.active:,} ceased), "
            f"{result.financial_lines:,} key-figure lines, {result.seconds:.1f} s"
        )
        self.stdout.write(describe(result.calibration))
