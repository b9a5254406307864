import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from vaekst.growthplans.reminders import send_reminders


class Command(BaseCommand):
    help = "Mail reminders about overdue milestones and actions (once a day per item)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = (
            datetime.date.fromisoformat(options["date"])
            if options["date"]
            else timezone.localdate()
        )
        sent = send_reminders(today)
        self.stdout.write(f"{sent} påmindelser sendt for {today:%d.%m.%Y}.")
