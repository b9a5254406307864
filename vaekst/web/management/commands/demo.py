"""`vaekst demo`: migrate, generate and import a synthetic register of Denmark through the
real importer, seed users for every role, take a night's register changes through the
daily drop-directory path, print the logins and serve the site.

A second run reuses the generated files, skips an import it has already done and creates
no users or activity twice."""

import hashlib
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from vaekst.growthplans.choices import PlanStatus
from vaekst.growthplans.demo import seed_plans
from vaekst.growthplans.models import GrowthPlan
from vaekst.programmes.demo import seed_programmes
from vaekst.register.models import Company
from vaekst.register.synth.delta import make_delta
from vaekst.segmentation.models import Assessment, CompanyScore, PredictionModel
from vaekst.segmentation.prediction import TrainingError
from vaekst.web.demo import DEMO_AREAS, DEMO_PASSWORD, seed_demo

DEMO_SEED = 20140101
DEMO_YEARS = 10
# The overnight delta the demo takes: changed documents (one in 50 firms, at most this many;
# new firms a tenth of it).
DELTA_CHANGED = 300


class Command(BaseCommand):
    help = "Set up and serve the demo (what `make demo` runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up, do not serve")
        parser.add_argument("--firms", type=int, default=int(os.environ.get("DEMO_FIRMS", "50000")))
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        firms: int = options["firms"]
        demo_dir = Path(settings.VAR_DIR) / "demo"
        demo_dir.mkdir(parents=True, exist_ok=True)
        stem = f"register-{firms}-{DEMO_YEARS}y-{DEMO_SEED}"
        register_file = demo_dir / f"{stem}.jsonl.gz"
        financials_file = demo_dir / f"{stem}-financials.jsonl.gz"
        truth_file = demo_dir / f"{stem}-truth.jsonl.gz"
        if not register_file.exists() or not financials_file.exists():
            self.stdout.write(f"Genererer syntetisk register med {firms:,} virksomheder ...")
            call_command(
                "synth_register",
                firms=firms,
                years=DEMO_YEARS,
                seed=DEMO_SEED,
                out=str(register_file),
                financials=str(financials_file),
                truth=str(truth_file),
            )
        imported = self._import(register_file, financials_file, demo_dir)
        logins = seed_demo()
        self._segment(rescore=imported)
        seed_plans()
        seed_programmes()
        self._overnight(register_file, demo_dir / f"drop-{stem}", firms)
        self.stdout.write(self.style.SUCCESS(f"\nDemo klar på {time.monotonic() - started:.0f} s."))
        self.stdout.write(f"Log ind på http://{options['addr']}/ med adgangskoden {DEMO_PASSWORD}:")
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.username:<20} {login.role:<30} {login.organisation}{note}")
        if not options["no_serve"]:
            self._serve(options["addr"])

    def _serve(self, addr: str) -> None:
        """The site, with a task worker beside it for work started from the web (scoring)."""
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "vaekst.cli", "db_worker", "--no-reload", "--interval", "1"]
        )
        self.stdout.write(f"Baggrundsopgaver kører (proces {worker.pid}).")
        try:
            call_command("runserver", addr, use_reloader=False, insecure_serving=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _segment(self, *, rescore: bool) -> None:
        """Train the prediction model once, and place firms on levels after an import."""
        if not PredictionModel.objects.exists():
            self.stdout.write("Træner modellen for chancen for høj vækst ...")
            try:
                call_command("train_model")
            except TrainingError as error:
                # A very small demo register may not support a model; levels work without it.
                self.stdout.write(f"Ingen model: {error}")
        if rescore or not CompanyScore.objects.exists():
            self.stdout.write("Placerer virksomhederne på vækstpotentialeniveauer ...")
            call_command("score")

    def _overnight(self, register_file: Path, drop: Path, firms: int) -> None:
        """A night's register changes through the daily path (the drop directory and
        `import_cvr_drop`), so "Hvad er ændret" has something to show: changes around the
        demo areas, the demo firms with a growth plan among them. Made once; a file the
        drop directory has taken is not taken again."""
        if not drop.is_dir() or not any(drop.glob("*.jsonl")):
            night = timezone.localtime().replace(hour=2, minute=0, second=0, microsecond=0)
            # A delta's name starts with its date, as the register names them.
            delta = drop / f"{night.date().isoformat()}-delta.jsonl"
            part = drop / f".{delta.name}.part"
            plans = GrowthPlan.objects.filter(status=PlanStatus.ACTIVE)
            planned = sorted(set(plans.values_list("company__cvr", flat=True)))
            assessed = sorted(
                set(Assessment.objects.values_list("company__cvr", flat=True)) - set(planned)
            )
            # The firms with a plan grow (a level move, "plan first"); assessed ones change.
            focus = [*planned, *random.Random(DEMO_SEED).sample(assessed, min(30, len(assessed)))]
            changed = max(30, min(DELTA_CHANGED, firms // 50))
            counts = make_delta(
                register_file,
                part,
                changed=changed,
                new=max(1, changed // 10),
                seed=DEMO_SEED,
                stamp=night.isoformat(timespec="milliseconds"),
                focus=focus,
                kinds=dict.fromkeys(planned, "employment"),
                areas=[code for _, code in DEMO_AREAS],
            )
            # Whole or not at all: the drop directory takes a file when it is there.
            part.rename(delta)
            self.stdout.write(f"Nattens registerændringer lagt i {drop}: {counts}")
        call_command("import_cvr_drop", str(drop))

    def _import(self, register_file: Path, financials_file: Path, demo_dir: Path) -> bool:
        digest = hashlib.sha256()
        for path in (register_file, financials_file):
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
        marker = demo_dir / f"imported-{digest.hexdigest()[:16]}.done"
        if marker.exists() and Company.objects.exists():
            self.stdout.write("Registeret er allerede indlæst; springer importen over.")
            return False
        self.stdout.write("Indlæser registeret gennem CVR-importen ...")
        try:
            call_command(
                "import_cvr",
                str(register_file),
                financials=[str(financials_file)],
                rejects=str(demo_dir / "rejects.jsonl"),
            )
        except SystemExit as exit_:
            if exit_.code not in (0, None):
                self.stderr.write(f"Nogle linjer blev afvist; se {demo_dir / 'rejects.jsonl'}")
        marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
        return True
