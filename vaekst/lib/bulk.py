"""Set-based writes for the bulk paths (register import, scoring), one implementation per
kind of database.

On PostgreSQL rows go in with psycopg's COPY, into the table itself or into a temporary
staging table followed by one `INSERT ... SELECT ... ON CONFLICT`. Elsewhere (SQLite, the
embedded default) the same statements run as `executemany`. Nothing here saves rows one
by one through the ORM.
"""

# SQL is built only from this module's table and column constants; values are parameters.
# ruff: noqa: S608

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

# SQLite allows 32766 variables per statement; stay well below for IN lists.
IN_CHUNK = 900
_stage_numbers = itertools.count()


class Bulk:
    """Bulk statements on one Django connection (inside the caller's transaction)."""

    def __init__(self, db: BaseDatabaseWrapper | None = None) -> None:
        self.db = db or connection
        self.postgres = self.db.vendor == "postgresql"

    def now(self) -> Any:
        """The current time as this database's driver wants a timestamp column value."""
        return self.db.ops.adapt_datetimefield_value(timezone.now())

    def relax_commit(self) -> None:
        """Let this transaction's commit return before its WAL reaches the disk. A crash
        can lose the last batches but never half a batch, and a re-run redoes them."""
        if self.postgres:
            with self.db.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")

    def next_ids(self, table: str, count: int) -> list[int]:
        """`count` fresh primary keys from a PostgreSQL table's identity sequence."""
        if not count:
            return []
        with self.db.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def select_in(self, sql: str, values: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        """Rows of `sql`, whose `{in}` placeholder is replaced by a membership test."""
        if not values:
            return []
        rows: list[Any] = []
        with self.db.cursor() as cursor:
            if self.postgres:
                cursor.execute(sql.replace("{in}", "= ANY(%s)"), [*params, list(values)])
                return list(cursor.fetchall())
            for start in range(0, len(values), IN_CHUNK):
                chunk = values[start : start + IN_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(sql.replace("{in}", f"IN ({marks})"), [*params, *chunk])
                rows.extend(cursor.fetchall())
        return rows

    def execute_in(self, sql: str, values: Sequence[Any]) -> int:
        """Run a statement (DELETE/UPDATE) with an `{in}` membership test; rows affected."""
        if not values:
            return 0
        affected = 0
        with self.db.cursor() as cursor:
            if self.postgres:
                cursor.execute(sql.replace("{in}", "= ANY(%s)"), [list(values)])
                return int(cursor.rowcount)
            for start in range(0, len(values), IN_CHUNK):
                chunk = values[start : start + IN_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(sql.replace("{in}", f"IN ({marks})"), list(chunk))
                affected += cursor.rowcount
        return affected

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Append rows to a table (COPY on PostgreSQL)."""
        names = ", ".join(columns)
        if self.postgres:
            self.db.ensure_connection()
            raw = self.db.connection
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        with self.db.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))

    def upsert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        conflict: Sequence[str],
        update: Sequence[str],
    ) -> None:
        """Insert rows, updating `update` columns of rows that clash on `conflict`."""
        names = ", ".join(columns)
        on_conflict = (
            f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in update)
            if update
            else f"ON CONFLICT ({', '.join(conflict)}) DO NOTHING"
        )
        if self.postgres:
            stage = self._stage(table, columns, rows)
            with self.db.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} {on_conflict}"
                )
            return
        marks = ", ".join(["%s"] * len(columns))
        with self.db.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks}) {on_conflict}", list(rows)
            )

    def _stage(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
        """A temporary table (dropped at commit) shaped like `columns` of `table`, filled."""
        stage = f"_stage_{table}_{next(_stage_numbers)}"
        names = ", ".join(columns)
        with self.db.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
        self.insert(stage, columns, rows)
        return stage

    def stage_frame(self, table: str, frame: Any) -> str:
        """A temporary table (dropped at commit) shaped like the columns of `table` that the
        polars `frame` names, filled with the frame's rows; returns its name.

        On PostgreSQL polars writes the rows as one CSV that COPY reads: building and
        adapting a Python tuple per row cost several times the database's own work. Nulls
        are unquoted empty fields; empty strings are quoted, so they stay empty strings."""
        if not self.postgres:
            raise NotImplementedError("stage_frame is for PostgreSQL; use upsert elsewhere")
        columns = list(frame.columns)
        stage = f"_stage_{table}_{next(_stage_numbers)}"
        names = ", ".join(columns)
        with self.db.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
        self._copy_csv(stage, frame)
        return stage

    def copy_text(self, table: str, columns: Sequence[str], text: str) -> None:
        """Append rows given as ready COPY text (PostgreSQL's text format) to a table."""
        if text:
            self._copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", text)

    def _copy(self, sql: str, data: str) -> None:
        self.db.ensure_connection()
        with self.db.connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(data)

    def insert_frame(self, table: str, frame: Any, **constants: Any) -> None:
        """Append a polars frame's rows to `table` (the frame's column names are the
        table's), each with the `constants` as further columns; CSV COPY on PostgreSQL."""
        if not len(frame):
            return
        if not self.postgres:
            extra = tuple(constants.values())
            self.insert(table, [*frame.columns, *constants], (row + extra for row in frame.rows()))
            return
        import polars as pl

        frame = frame.with_columns(
            *(pl.lit(str(value)).alias(name) for name, value in constants.items())
        )
        self._copy_csv(table, frame)

    def _copy_csv(self, table: str, frame: Any) -> None:
        data = frame.write_csv(include_header=False, null_value="")
        self._copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv)", data)
