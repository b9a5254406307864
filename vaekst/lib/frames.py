"""Reading query results into polars frames fast: COPY ... TO STDOUT on PostgreSQL, a plain
cursor elsewhere. For the bulk paths (scoring, training, KPIs) that read the register in sets."""

import io
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import connection


def read_frame(sql: str, params: Sequence[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Run `sql` (with %s placeholders) and return its rows with the given column schema."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        raw = connection.connection
        query = psycopg.ClientCursor(raw).mogrify(sql, list(params))
        buffer = io.BytesIO()
        with raw.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT WITH CSV") as copy:
            for block in copy:
                buffer.write(block)
        if buffer.tell() == 0:
            return pl.DataFrame(schema=schema)
        buffer.seek(0)
        return pl.read_csv(
            buffer, has_header=False, new_columns=list(schema), schema_overrides=schema
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")
