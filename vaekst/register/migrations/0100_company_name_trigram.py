"""A trigram GIN index on Company.name so that the search's `name__icontains` (ILIKE '%...%')
uses an index on PostgreSQL at national scale. Nothing happens on SQLite.

Numbered 0100 to stay clear of the register model's own migrations; a model-level
GinIndex would tie the register's models to PostgreSQL.
"""

from django.db import migrations

INDEX = "register_company_name_trgm"


def _is_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create(apps, schema_editor) -> None:
    if not _is_postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON register_company "
        "USING gin (upper(name::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor) -> None:
    if _is_postgresql(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
