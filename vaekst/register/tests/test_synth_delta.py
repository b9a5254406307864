"""The synthetic daily delta (`make_delta`, `vaekst synth_delta`): a night's changes against
a synthetic register file, as the register would send them."""

from pathlib import Path
from typing import Any

import orjson
import pytest
from django.core.management import CommandError, call_command

from vaekst.lib.cvr import is_valid_cvr
from vaekst.register.importers.cvr import (
    COMPANY_COLUMNS,
    normalise_company,
    normalise_production_unit,
)
from vaekst.register.synth.delta import STAMP, current_municipality, make_delta
from vaekst.register.synth.tables import municipalities
from vaekst.register.synth.writer import generate

# What each kind of change may touch of a document besides sidstOpdateret.
TOUCHES = {
    "employment": {"aarsbeskaeftigelse"},
    "bankruptcy": {"virksomhedsstatus"},
    "dissolution": {"virksomhedsstatus"},
    "closed": {"virksomhedsstatus", "livsforloeb"},  # a closing ends the lifetime with it
    "moved": {"beliggenhedsadresse"},
    "name": {"navne"},
}
TABLE = municipalities()
REGIONS = dict(zip(map(int, TABLE.code), map(int, TABLE.region_code), strict=True))


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("register") / "register.jsonl"
    generate(firms=600, years=4, seed=3, end_year=2025, out=out)
    return out


def _documents(path: Path) -> dict[int, dict[str, Any]]:
    rows = (orjson.loads(line) for line in path.read_bytes().splitlines())
    return {row["Vrvirksomhed"]["cvrNummer"]: row["Vrvirksomhed"] for row in rows}


def _delta(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    return (
        [row["Vrvirksomhed"] for row in rows if "Vrvirksomhed" in row],
        [row["VrproduktionsEnhed"] for row in rows if "VrproduktionsEnhed" in row],
    )


def _value(document: dict[str, Any], column: str) -> Any:
    return normalise_company(document, REGIONS).values[COMPANY_COLUMNS.index(column)]


def test_changed_documents_parse_and_each_differs_by_one_change(
    register: Path, tmp_path: Path
) -> None:
    # given a register of 600 active firms
    before = _documents(register)
    # when a delta of 40 changed and 5 new firms is made
    out = tmp_path / "delta.jsonl"
    counts = make_delta(register, out, changed=40, new=5, seed=1)
    # then every document parses as the importer reads it, and the changed ones are firms
    # that were active, each changed in what one kind of change touches
    firms, units = _delta(out)
    changed = [firm for firm in firms if firm["cvrNummer"] in before]
    assert (len(firms), len(changed)) == (45, 40)
    assert sum(counts[kind] for kind in TOUCHES) == 40
    assert counts["units"] == len(units)
    for unit in units:
        normalise_production_unit(unit, REGIONS)
    seen: dict[str, int] = dict.fromkeys(TOUCHES, 0)
    for firm in changed:
        old = before[firm["cvrNummer"]]
        assert _value(old, "is_active") is True
        differing = {key for key in firm.keys() | old.keys() if firm.get(key) != old.get(key)}
        assert firm["sidstOpdateret"] == STAMP
        kind = next(
            kind for kind, keys in TOUCHES.items() if differing - {"sidstOpdateret"} == keys
        )
        if kind == "bankruptcy" and "TVANGS" in _value(firm, "status"):
            kind = "dissolution"
        seen[kind] += 1
        if kind == "employment":
            assert _value(firm, "employees") > (_value(old, "employees") or 0)
        elif kind == "moved":
            assert current_municipality(firm) != current_municipality(old)
            assert _value(firm, "municipality_id") == current_municipality(firm)
        elif kind == "name":
            assert _value(firm, "name") == f"{_value(old, 'name')} Nord"
        elif kind == "closed":
            assert (_value(firm, "status"), _value(firm, "is_active")) == ("OPHØRT", False)
        else:
            assert _value(firm, "status") in ("UNDER KONKURS", "UNDER TVANGSOPLØSNING")
    assert seen == {kind: counts[kind] for kind in TOUCHES}


def test_new_firms_have_new_valid_cvr_numbers_and_ten_or_more_employees(
    register: Path, tmp_path: Path
) -> None:
    # given a register, and CVR numbers taken elsewhere (a database's, say)
    before = _documents(register)
    out = tmp_path / "delta.jsonl"
    make_delta(register, out, changed=0, new=8, seed=2)
    firms, _ = _delta(out)
    taken = {firm["cvrNummer"] for firm in firms}
    # when another delta is made with the same seed but those numbers taken
    again = tmp_path / "again.jsonl"
    make_delta(register, again, changed=0, new=8, seed=2, taken=taken)
    # then both deltas' firms are new, valid CVR numbers, active with 10 or more employees,
    # and the second has none of the taken numbers
    new_firms, _ = _delta(again)
    assert len(firms) == len(new_firms) == 8
    for firm in [*firms, *new_firms]:
        assert firm["cvrNummer"] not in before
        assert is_valid_cvr(firm["cvrNummer"])
        assert _value(firm, "is_active") is True
        assert _value(firm, "employees") >= 10
    assert not taken & {firm["cvrNummer"] for firm in new_firms}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(
    register: Path, tmp_path: Path
) -> None:
    # when deltas are made twice with one seed (plain and gzip) and once with another
    paths = [tmp_path / name for name in ("a.jsonl.gz", "b.jsonl.gz", "c.jsonl.gz")]
    for path, seed in zip(paths, (5, 5, 6), strict=True):
        make_delta(register, path, changed=30, new=3, seed=seed)
    # then the same seed wrote the same bytes, the other seed others
    first, second, other = (path.read_bytes() for path in paths)
    assert first == second
    assert first != other


def test_focus_firms_are_changed_as_asked_and_half_the_rest_come_from_the_areas(
    register: Path, tmp_path: Path
) -> None:
    # given two active firms to focus on, and the municipality of Copenhagen as the area
    before = _documents(register)
    active = sorted(cvr for cvr, doc in before.items() if _value(doc, "is_active"))
    focus = {active[0]: "employment", active[1]: "bankruptcy"}
    # when a delta of 20 changed firms is made
    out = tmp_path / "delta.jsonl"
    make_delta(register, out, changed=20, new=0, seed=3, focus=focus, kinds=focus, areas={101})
    # then the focused firms are in it, changed as asked, and at least half the other 18
    # firms are of Copenhagen
    firms = {firm["cvrNummer"]: firm for firm in _delta(out)[0]}
    assert len(firms) == 20
    assert _value(firms[active[0]], "employees") > (_value(before[active[0]], "employees") or 0)
    assert _value(firms[active[1]], "status") == "UNDER KONKURS"
    local = [cvr for cvr in firms if current_municipality(before[cvr]) == 101]
    assert len(set(local) - set(focus)) >= 9


def test_the_command_writes_the_delta_and_refuses_a_missing_file(
    register: Path, tmp_path: Path
) -> None:
    # when the command writes a delta
    out = tmp_path / "delta.jsonl"
    call_command("synth_delta", "--from", str(register), "--out", str(out), "--changed", "7",
                 "--new", "2", "--seed", "4")  # fmt: skip
    # then it is what the function writes with those arguments
    expected = tmp_path / "expected.jsonl"
    make_delta(register, expected, changed=7, new=2, seed=4)
    assert out.read_bytes() == expected.read_bytes()
    # and a missing register file, or more firms than it has, is refused and writes nothing
    with pytest.raises(CommandError, match="no such register file"):
        call_command("synth_delta", "--from", str(tmp_path / "nope"), "--out", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="asked for"):
        call_command("synth_delta", "--from", str(register), "--out", str(tmp_path / "y"),
                     "--changed", "100000")  # fmt: skip
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
