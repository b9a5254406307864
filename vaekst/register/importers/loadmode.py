"""A first load into an empty register, as PostgreSQL's manual advises for populating a
database ("Remove Foreign Key Constraints", "Remove Indexes"): the keys from the register's
child tables to the company, and the company's search indexes, are dropped for the load and
added back after it; each key is then checked, each index built, in one pass over its table
instead of once for every row written (together most of a national load).

A crash in between would leave them missing: `restore_keys` adds back whatever is missing,
and runs at the end of such a load and at the start of every import, so the next run (the
re-run that finishes a crashed load) puts them back. Only PostgreSQL; elsewhere no-ops."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from vaekst.register.models import Company, CompanyPeriod, ProductionUnit, YearlyFigures

CHILD_KEYS: tuple[type[Model], ...] = (CompanyPeriod, YearlyFigures, ProductionUnit)
# The company's search indexes (migrations 0100 and 0103), built again after a first load:
# kept up row by row they were half of a national load; one build each takes seconds.
TRIGRAM_INDEXES = {
    "register_company_name_trgm": "USING gin (upper(name::text) gin_trgm_ops)",
    "register_company_active_name_trgm": (
        "USING gin (upper(name::text) gin_trgm_ops) WHERE is_active"
    ),
}


def _indexes(cursor: Any) -> set[str]:
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", ["register_company"])
    return {row[0] for row in cursor.fetchall()}


def _secondary_indexes() -> list[Any]:
    """The company's own indexes that no constraint needs (its Meta indexes)."""
    return list(Company._meta.indexes)


def _key_names(cursor: object, table: str, column: str) -> list[str]:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT con.conname FROM pg_constraint con JOIN pg_attribute a "
        "ON a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey) "
        "WHERE con.contype = 'f' AND con.conrelid = %s::regclass "
        "AND con.confrelid = %s::regclass AND a.attname = %s",
        [table, Company._meta.db_table, column],
    )
    return [row[0] for row in cursor.fetchall()]  # type: ignore[attr-defined]


def drop_keys() -> list[str]:
    """Drop the child tables' keys to the company; returns the tables whose key went."""
    if connection.vendor != "postgresql":
        return []
    dropped = []
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in CHILD_KEYS:
            table = model._meta.db_table
            for name in _key_names(cursor, table, "company_id"):
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                dropped.append(table)
        present = _indexes(cursor)
        names = [*TRIGRAM_INDEXES, *(index.name for index in _secondary_indexes())]
        for name in names:
            if name in present:
                cursor.execute(f"DROP INDEX {quote(name)}")
                dropped.append(name)
    return dropped


def restore_keys() -> list[str]:
    """Add back each missing key (named as the migrations name it); returns their tables."""
    if connection.vendor != "postgresql":
        return []
    restored = []
    quote = connection.ops.quote_name
    with connection.schema_editor() as editor, connection.cursor() as cursor:
        for model in CHILD_KEYS:
            table = model._meta.db_table
            if _key_names(cursor, table, "company_id"):
                continue
            field = model._meta.get_field("company")
            name = editor._fk_constraint_name(  # type: ignore[attr-defined]
                model, field, "_fk_%(to_table)s_%(to_column)s"
            )
            editor.execute(
                f"ALTER TABLE {quote(table)} ADD CONSTRAINT {name} FOREIGN KEY "
                f"({quote('company_id')}) REFERENCES {quote(Company._meta.db_table)} "
                f"({quote('id')}) DEFERRABLE INITIALLY DEFERRED"
            )
            restored.append(table)
        present = _indexes(cursor)
        for index in _secondary_indexes():
            if index.name not in present:
                editor.add_index(Company, index)
                restored.append(index.name)
        for name, definition in TRIGRAM_INDEXES.items():
            if name not in present:
                editor.execute(f"CREATE INDEX {quote(name)} ON register_company {definition}")
                restored.append(name)
    return restored


@contextmanager
def first_load(enabled: bool) -> Iterator[None]:
    """Around a load into an empty register: without the child tables' keys meanwhile.
    Only outside a transaction (as the importer runs: a transaction per batch), where no
    checks of earlier writes can still be pending on the tables."""
    restore_keys()
    if not enabled or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    drop_keys()
    try:
        yield
    finally:
        restore_keys()
