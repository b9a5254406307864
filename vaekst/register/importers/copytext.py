"""Rows as PostgreSQL COPY text, written by the worker processes that normalise documents.

The main process owns the database connection and, in a large load, was the bottleneck:
turning ten million period and yearly rows into COPY data one `write_row` at a time cost
it more than the database's own work. Workers therefore write a new company's rows as COPY
text with `ID` in place of the company's id, which only the main process knows; it puts the
id in with one replace per company and hands the text to COPY as it is."""

from collections.abc import Iterable, Sequence
from typing import Any

# PostgreSQL text never holds a NUL character, so it cannot clash with a value.
ID = "\x00"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None})


def field(value: Any) -> str:
    """One value in COPY's text format (NULL as \\N; a NUL, never valid text, dropped)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)


def rows(values: Iterable[Sequence[Any]]) -> str:
    """Lines of COPY text, each starting with the `ID` placeholder column."""
    return "".join(ID + "\t" + "\t".join(map(field, row)) + "\n" for row in values)


def with_id(text: str, company_id: int) -> str:
    return text.replace(ID, str(company_id))
