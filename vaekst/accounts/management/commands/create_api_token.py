"""`vaekst create_api_token USERNAME --name NAME`: issue an API key and print it, once."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vaekst.accounts.models import User
from vaekst.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="expire after this many days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}") from None
        if not user.is_active:
            raise CommandError(f"User {user.username!r} is not active")
        days: int | None = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be at least 1")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, raw = create_api_token(user=user, name=options["name"], expires_at=expires_at)
        # The key alone on stdout, so that scripts can capture it; the rest goes to stderr.
        self.stdout.write(raw)
        expiry = f", expires {token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else ""
        self.stderr.write(
            f"Token {token.public_id} ({token.name!r}) for {user.username}{expiry}. "
            "The key is not stored and cannot be shown again."
        )
