"""`vaekst export_openapi [--check]`: write the API's OpenAPI document to docs/openapi.json.

The document is committed so that API changes show up in review; `--check` (and a test) fail
when the committed copy differs from what the code generates. It lives in accounts, the app
that owns API access, because the project package that holds the NinjaAPI is not an app.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_OUTPUT = Path(settings.PROJECT_DIR) / "docs" / "openapi.json"


def openapi_document() -> str:
    """The OpenAPI document as stable text: sorted keys, two-space indent, final newline."""
    from vaekst.api import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document to docs/openapi.json, or --check that it is up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail if the file is stale")
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        document = openapi_document()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if options["check"]:
            if current != document:
                raise CommandError(
                    f"{output} is out of date; run `vaekst export_openapi` and commit it"
                )
            self.stdout.write(f"{output} is up to date.")
            return
        if current == document:
            self.stdout.write(f"{output} unchanged.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
