"""Opening files as they are distributed: plain, gzip, or a zip holding one file."""

import gzip
import zipfile
from pathlib import Path

import pytest

from vaekst.register.importers.reading import UnreadableFile, open_binary, read_json_items

CONTENT = b'{"cvrNummer": 62601817}\n'


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("form", ["plain", "gzip", "zip", "package"])
def test_each_form_opens_as_its_content(tmp_path: Path, form: str) -> None:
    # given
    path = tmp_path / "file.bin"
    if form == "plain":
        path.write_bytes(CONTENT)
    elif form == "gzip":
        path.write_bytes(gzip.compress(CONTENT))
    elif form == "zip":
        _zip(path, {"inside.jsonl": CONTENT, "folder/": b""})
    else:  # an XBRL report package: packaging beside the one report under reports/
        _zip(
            path,
            {
                "kaffe/META-INF/reportPackage.json": b"{}",
                "kaffe/META-INF/catalog.xml": b"<catalog/>",
                "__MACOSX/._inside": b"fork",
                "kaffe/reports/inside.jsonl": CONTENT,
            },
        )
    # when
    with open_binary(path) as handle:
        read = handle.read()
    # then
    assert read == CONTENT


def test_a_zip_is_read_by_every_reader(tmp_path: Path) -> None:
    path = _zip(tmp_path / "lines.zip", {"lines.jsonl": CONTENT * 2})
    assert [(item.line, item.value) for item in read_json_items(path)] == [
        (1, {"cvrNummer": 62601817}),
        (2, {"cvrNummer": 62601817}),
    ]


@pytest.mark.parametrize(
    ("members", "held"),
    [
        ({"a.xhtml": b"1", "b.xml": b"2"}, "a.xhtml, b.xml"),
        (
            {"p/reports/a.xhtml": b"1", "p/reports/b.xhtml": b"2"},
            "p/reports/a.xhtml, p/reports/b.xhtml",
        ),
        ({"p/META-INF/reportPackage.json": b"{}"}, "no file"),
    ],
)
def test_a_zip_not_holding_one_file_is_refused_with_what_it_holds(
    tmp_path: Path, members: dict[str, bytes], held: str
) -> None:
    path = _zip(tmp_path / "several.zip", members)
    with pytest.raises(UnreadableFile) as refused:
        open_binary(path)
    assert str(refused.value) == f"a zip should hold one file, {path} holds {held}"
