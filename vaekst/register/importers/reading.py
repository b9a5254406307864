"""Reading register files as they are distributed: plain, gzip or zip (by magic bytes), either one
Elasticsearch response (a whole JSON document) or JSON lines of documents.

Every reader yields `Item`s: the file, a line number (for an Elasticsearch response the
1-based position of the hit), and either the parsed object or the reason it could not be
parsed, so that one bad line never stops the rest of the file.
"""

import gzip
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
# Entries of a zip that are packaging, not content (an XBRL report package's META-INF, the
# resource forks a Mac adds).
ZIP_PACKAGING = ("META-INF/", "__MACOSX/")
UNIT_ROOTS = ("VrproduktionsEnhed", "Vrproduktionsenhed")


@dataclass(slots=True)
class Item:
    """One object read from a file, or the reason a line could not be read."""

    file: str
    line: int
    value: Any = None
    error: str | None = None
    # True when the whole file was one JSON value (the line is then a position in it).
    whole_file: bool = False
    # A production unit document (`VrproduktionsEnhed`) rather than a company's.
    is_unit: bool = False


class UnreadableFile(ValueError):
    """A file that cannot be opened as one stream of content; the message is the reason."""


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a file for reading bytes: plain, gzip (starts with 1f 8b) or a zip holding one file.

    A zip's packaging (`META-INF/`, `__MACOSX/`) is passed over; when the rest is more than one
    file, the one under a `reports/` folder is taken (an XBRL report package), and otherwise
    `UnreadableFile` names what the zip holds.
    """
    raw = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
    head = raw.peek(4)[:4]
    if head[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if head == ZIP_MAGIC:
        raw.close()
        # Opened by name, the archive shares its file with the member it opens, which keeps
        # the file open until the member itself is closed.
        with zipfile.ZipFile(path) as archive:
            return archive.open(_zip_member(archive, str(path)))
    return raw


def _zip_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    files = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not any(part in info.filename for part in ZIP_PACKAGING)
    ]
    if len(files) > 1:
        reports = [info for info in files if "/reports/" in f"/{info.filename}"]
        files = reports if len(reports) == 1 else files
    if len(files) != 1:
        held = ", ".join(info.filename for info in files) or "no file"
        raise UnreadableFile(f"a zip should hold one file, {name} holds {held}")
    return files[0]


def _first_value_line(handle: IO[bytes]) -> list[bytes]:
    """The lines up to and including the first non-blank one."""
    lines: list[bytes] = []
    for raw_line in handle:
        lines.append(raw_line)
        if raw_line.strip():
            break
    return lines


def _is_one_value(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def is_json_lines(path: str | Path) -> bool:
    """True when the file's first non-blank line is a complete JSON value (JSON lines)."""
    with open_binary(path) as handle:
        lines = _first_value_line(handle)
    return bool(lines) and _is_one_value(lines[-1])


def parse_line(file: str, number: int, raw_line: bytes) -> Item | None:
    """One line of a JSON-lines file (None when blank)."""
    if not raw_line.strip():
        return None
    try:
        return Item(file, number, value=orjson.loads(raw_line))
    except orjson.JSONDecodeError as error:
        return Item(file, number, error=f"malformed JSON line: {error}")


def read_json_items(path: str | Path) -> Iterator[Item]:
    """Objects of a JSON-lines file, or of a whole JSON file (object or array).

    The first non-empty line decides: when it is a complete JSON value the file is JSON
    lines; otherwise (a pretty-printed Elasticsearch response) the whole file is one value.
    """
    name = str(path)
    with open_binary(path) as handle:
        first_lines = _first_value_line(handle)
        if not first_lines or not first_lines[-1].strip():
            return
        if not _is_one_value(first_lines[-1]):
            # Not one value per line: the file is a single (pretty-printed) JSON document.
            content = b"".join(first_lines) + handle.read()
            try:
                whole = orjson.loads(content)
            except orjson.JSONDecodeError as error:
                yield Item(name, 1, error=f"invalid JSON: {error}")
                return
            values = whole if isinstance(whole, list) else [whole]
            for index, value in enumerate(values, start=1):
                yield Item(name, index, value=value, whole_file=True)
            return
        for number, raw_line in enumerate(_chain(first_lines, handle), start=1):
            item = parse_line(name, number, raw_line)
            if item is not None:
                yield item


def read_line_chunks(path: str | Path, size: int) -> Iterator[tuple[int, list[bytes]]]:
    """A JSON-lines file as (number of the first line, up to `size` raw lines)."""
    with open_binary(path) as handle:
        chunk: list[bytes] = []
        first = 1
        for number, raw_line in enumerate(handle, start=1):
            chunk.append(raw_line)
            if len(chunk) >= size:
                yield first, chunk
                chunk, first = [], number + 1
        if chunk:
            yield first, chunk


def _chain(first: list[bytes], rest: IO[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def iter_company_documents(path: str | Path) -> Iterator[Item]:
    """`Vrvirksomhed` documents of a file in any of the accepted shapes.

    Accepted per object: an Elasticsearch response (`hits.hits[]._source.Vrvirksomhed`),
    a hit (`{"_source": {"Vrvirksomhed": ...}}`), `{"Vrvirksomhed": ...}`, or the bare
    document. For a whole-file response the line is the hit's 1-based position.
    """
    for item in read_json_items(path):
        yield from company_documents(item)


def company_documents(item: Item) -> Iterator[Item]:
    """The documents of one read object (several for an Elasticsearch response)."""
    position = 0
    value = item.value
    if item.error is None and isinstance(value, dict) and isinstance(value.get("hits"), dict):
        for hit in value["hits"].get("hits") or []:
            position += 1
            line = position if item.whole_file else item.line
            yield _unwrap(Item(item.file, line, value=hit))
        return
    yield item if item.error is not None else _unwrap(item)


def _unwrap(item: Item) -> Item:
    value = item.value
    if isinstance(value, dict):
        if "_source" in value:
            value = value["_source"]
        if isinstance(value, dict) and "Vrvirksomhed" in value:
            value = value["Vrvirksomhed"]
        elif isinstance(value, dict):
            # The sibling index of production units spells its root key both ways.
            for key in UNIT_ROOTS:
                if key in value:
                    value, item.is_unit = value[key], True
                    break
    if not isinstance(value, dict):
        return Item(item.file, item.line, error="not a Vrvirksomhed document")
    item.value = value
    return item
