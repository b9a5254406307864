from typing import Any

from django.core.management.base import BaseCommand

from vaekst.growthplans.demo import seed_plans


class Command(BaseCommand):
    help = "Seed demo mappings, plans, partnerships and referrals (after seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = seed_plans()
        self.stdout.write(f"{seeded} virksomheder med vækstforløb oprettet.")
