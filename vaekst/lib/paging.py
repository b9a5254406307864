"""Paging without COUNT: fetch one row more than a page to know whether there is a next one.
A COUNT over the whole register on every keystroke would cost more than the page itself.

The pages use `page_number` and `paginate`; the API's list endpoints take `PageQuery`
(`limit`/`offset`, both bounded here once) and answer with `api_page`."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# More rows than any list of the API holds (the whole CVR register, closed firms included, is
# under 3 million), and far inside the database's 64-bit OFFSET: a larger offset is a 422 with
# a message, not a database error.
MAX_OFFSET = 10_000_000


class PageQuery(Schema):
    """`limit` and `offset` of every paged list of the API."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (1-200).")
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Rows to skip, at most 10,000,000 (follow `next` instead).",
    )


def api_page(
    request: HttpRequest, queryset: QuerySet[Any], query: PageQuery
) -> tuple[list[Any], str | None]:
    """One page of an API list and the URL of the next page (None on the last one), from one
    row read beyond the page instead of a COUNT(*)."""
    rows = list(queryset[query.offset : query.offset + query.limit + 1])
    if len(rows) <= query.limit:
        return rows, None
    params = request.GET.copy()
    params["offset"] = str(query.offset + query.limit)
    return rows[: query.limit], request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items)

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_number(raw: Any, *, maximum: int = 10_000) -> int:
    """A page number from a query parameter; anything odd is page 1."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), maximum)


def paginate(queryset: QuerySet[Any], *, number: int, size: int) -> Page[Any]:
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Page(items=rows[:size], number=number, size=size, has_next=len(rows) > size)
