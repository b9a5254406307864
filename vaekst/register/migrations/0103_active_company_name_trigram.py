"""A second trigram index on the names of active firms only. The search looks among active
firms by default; with this partial index PostgreSQL reads far fewer table pages for a
common word (measured on 729,000 documents: 240 ms to 76 ms for "Vest"). The full index
still serves searches that include ceased firms. Nothing happens on SQLite."""

from django.db import migrations

INDEX = "register_company_active_name_trgm"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON register_company "
        "USING gin (upper(name::text) gin_trgm_ops) WHERE is_active"
    )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("register", "0102_company_area_name_indexes")]

    operations = [migrations.RunPython(create, drop)]
