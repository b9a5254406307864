"""`vaekst train_model`: train, calibrate and evaluate the high-growth prediction model on the
register panel (time-based split) and make it the active version."""

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vaekst.lib.growth import DEFINITIONS
from vaekst.segmentation.prediction import train


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = "Train the model of the chance of high growth in the next three years."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--definition", default="eurostat", choices=sorted(DEFINITIONS))
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        model = train(options["definition"])
        seconds = round(time.monotonic() - started, 1)
        metrics = model.metrics
        if options["json"]:
            self.stdout.write(json.dumps({"version": model.version, "seconds": seconds, **metrics}))
            return
        self.stdout.write(
            f"Model v{model.version} trænet på {seconds} s; år {model.train_years} → "
            f"test {model.test_years} ({metrics['train_rows']:,} træningsrækker)"
        )
        for name in ("model", "baseline_past_growth"):
            part = metrics[name]
            self.stdout.write(
                f"  {name:<22} AUC {_fmt(part['auc'])}  top-10 % fanger "
                f"{_fmt(part['top_decile_capture'])}  Brier {_fmt(part['brier'])}  "
                f"n={part['n']:,} positive={part['positives']:,}"
            )
