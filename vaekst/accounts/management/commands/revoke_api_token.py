"""`vaekst revoke_api_token TOKEN_ID` (or `--user USERNAME [--name NAME]`): revoke API keys."""

from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.accounts.models import APIToken
from vaekst.accounts.services import revoke_api_token


class Command(BaseCommand):
    help = "Revoke API tokens by id, or all of a user's tokens (optionally only those named NAME)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token_id", nargs="?", help="the token's id (printed on creation)")
        parser.add_argument("--user", help="revoke this user's tokens")
        parser.add_argument("--name", help="with --user: only tokens with this name")

    def handle(self, *args: Any, **options: Any) -> None:
        token_id: str | None = options["token_id"]
        username: str | None = options["user"]
        if bool(token_id) == bool(username):
            raise CommandError("Give either a token id or --user USERNAME")
        tokens = APIToken.objects.filter(revoked_at__isnull=True).select_related("user")
        if token_id:
            try:
                tokens = tokens.filter(public_id=UUID(token_id))
            except ValueError:
                raise CommandError(f"Not a token id: {token_id!r}") from None
        else:
            tokens = tokens.filter(user__username=username)
            if options["name"]:
                tokens = tokens.filter(name=options["name"])
        matched = tokens.order_by("created_at")
        revoked = [token for token in matched if revoke_api_token(token=token)]
        if not revoked:
            raise CommandError("No unrevoked token matched")
        for token in revoked:
            owner = token.user.username
            self.stdout.write(f"Revoked {token.public_id} ({token.name!r}) of {owner}")
        self.stdout.write(self.style.SUCCESS(f"{len(revoked)} token(s) revoked."))
