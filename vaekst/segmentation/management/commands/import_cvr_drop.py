"""`vaekst import_cvr_drop DIR [--enqueue]`: the register's daily deltas from a drop directory."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.segmentation.deltas import DeltaResult, take_drop_directory


class Command(BaseCommand):
    help = (
        "Import the CVR files in a drop directory that are not done yet, in name order, and "
        "re-score only the firms each one touched. A failed file stops the run; the next run "
        "takes it again (without duplicates) before any later file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="the drop directory")
        parser.add_argument(
            "--enqueue", action="store_true", help="run it as a background task instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"no such directory: {directory}")
        if options["enqueue"]:
            from vaekst.segmentation.tasks import import_drop_directory_task

            result = import_drop_directory_task.enqueue(str(directory.resolve()))
            self.stdout.write(f"queued as task {result.id}")
            return

        def report(result: DeltaResult) -> None:
            self.stdout.write(result.line())

        try:
            results = take_drop_directory(directory, progress=True, report=report)
        except Exception as error:
            raise CommandError(f"stopped: {error!r}; the next run takes the file again") from error
        if not results:
            self.stdout.write("nothing new in the drop directory")
