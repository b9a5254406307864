"""A night's register changes against a synthetic register file: the daily delta.

`make_delta` reads a register file of `vaekst synth_register` (JSON lines, gzip when the
name ends in .gz) and writes a delta file as the register would send one: `changed`
documents of active firms with one thing changed each (employment, closed, bankruptcy,
compulsory dissolution, a move to another municipality with its production unit's document,
a new name; half the moves stay in the region), `sidstOpdateret` bumped to `stamp`, plus
`new` firms with new CVR numbers and ten or more employees. Same arguments, same bytes.
`vaekst synth_delta` writes one; `bench/bench_delta.py` and `vaekst demo` use it.
"""

import datetime
import gzip
import random
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import orjson

from vaekst.lib.cvr import make_cvr
from vaekst.register.importers.values import band_midpoint
from vaekst.register.synth.documents import band
from vaekst.register.synth.names import SURNAMES
from vaekst.register.synth.tables import municipalities

STAMP = "2026-12-07T02:00:00.000+01:00"
KINDS = ("employment", "closed", "bankruptcy", "dissolution", "moved", "name")
WEIGHTS = (40, 15, 5, 5, 20, 15)
CVR_PATTERN = re.compile(rb'"cvrNummer":\s*(\d+)')
ACTIVE = b'"sammensatStatus":"NORMAL"'


def _lines(path: Path) -> Iterator[bytes]:
    if path.name.endswith(".gz"):
        with gzip.open(path) as handle:
            yield from handle
    else:
        with path.open("rb") as plain:
            yield from plain


class _Changer:
    """Changes documents as the register would on the day of `stamp`."""

    def __init__(self, stamp: str, rng: random.Random) -> None:
        self.stamp = stamp
        self.rng = rng
        table = municipalities()
        self.regions = dict(zip(map(int, table.code), map(int, table.region_code), strict=True))
        day = datetime.date.fromisoformat(stamp[:10])
        self.today = day.isoformat()
        self.yesterday = (day - datetime.timedelta(days=1)).isoformat()

    def _close(self, periods: list[dict[str, Any]]) -> dict[str, Any] | None:
        """Close the current period of a field; returns it."""
        current = next(
            (p for p in reversed(periods) if p["periode"].get("gyldigTil") is None), None
        )
        if current is not None:
            current["periode"] = {**current["periode"], "gyldigTil": self.yesterday}
        return current

    def _period(self) -> dict[str, Any]:
        return {"gyldigFra": self.today, "gyldigTil": None}

    def employment(self, document: dict[str, Any], count: int | None = None) -> None:
        """A new headcount for the firm's latest year: of the annual list, or of the monthly
        or quarterly one when that has a later year (the importer takes that year's mean)."""
        fields = ("aarsbeskaeftigelse", "maanedsbeskaeftigelse", "kvartalsbeskaeftigelse")
        latest: list[dict[str, Any]] = []
        latest_year = -1
        for name in fields:
            rows = [row for row in document.get(name) or () if isinstance(row.get("aar"), int)]
            year = max((row["aar"] for row in rows), default=-1)
            if year > latest_year:
                latest_year = year
                latest = [row for row in rows if row["aar"] == year]
                if name == "aarsbeskaeftigelse":
                    latest = latest[-1:]
        if not latest:
            return
        if count is None:
            before = max(
                row.get("antalInklusivEjere")
                or band_midpoint(row.get("intervalKodeAntalInklusivEjere"))
                or 0
                for row in latest
            )
            count = max(int(before * self.rng.uniform(1.3, 2.0)) + self.rng.randint(1, 12), 1)
        for row in latest:
            row.update(
                antalInklusivEjere=count,
                antalAnsatte=count,
                antalAarsvaerk=count,
                intervalKodeAntalInklusivEjere=band(count),
                intervalKodeAntalAnsatte=band(count),
                intervalKodeAntalAarsvaerk=band(count),
                sidstOpdateret=self.stamp,
            )

    def change(self, document: dict[str, Any], kind: str) -> dict[str, Any] | None:
        """Change one thing of a document; a move returns the unit document of the firm's
        first production unit, moved with it."""
        document["sidstOpdateret"] = self.stamp
        if kind == "employment":
            self.employment(document)
        elif kind in ("closed", "bankruptcy", "dissolution"):
            status = {
                "closed": "OPHØRT",
                "bankruptcy": "UNDER KONKURS",
                "dissolution": "UNDER TVANGSOPLØSNING",
            }[kind]
            statuses = document.setdefault("virksomhedsstatus", [])
            self._close(statuses)
            statuses.append({"status": status, "periode": self._period()})
            if kind == "closed":
                # A closing ends the firm's lifetime with its status: one change.
                self._close(document.get("livsforloeb") or [])
        elif kind == "moved":
            addresses = document.get("beliggenhedsadresse") or []
            current = self._close(addresses)
            if current is not None:
                old = (current.get("kommune") or {}).get("kommuneKode")
                # Most firms move nearby: half the moves stay in the firm's region.
                stay = self.rng.random() < 0.5
                region = self.regions.get(old) if stay and old is not None else None
                code = self.rng.choice(
                    [c for c, r in self.regions.items() if c != old and region in (None, r)]
                )
                moved = {**current, "periode": self._period()}
                moved["kommune"] = {**(current.get("kommune") or {}), "kommuneKode": code}
                addresses.append(moved)
                units = document.get("penheder") or []
                if units:
                    return self.unit_document(units[0]["pNummer"], document["cvrNummer"], code)
        elif kind == "name":
            names = document.setdefault("navne", [])
            current = self._close(names)
            names.append(
                {"navn": f"{(current or {}).get('navn', 'Firma')} Nord", "periode": self._period()}
            )
        else:
            raise ValueError(f"unknown change {kind!r}")
        return None

    def unit_document(self, p_number: int, cvr: int, municipality: int) -> dict[str, Any]:
        since = {"gyldigFra": "2020-01-01", "gyldigTil": None}
        return {
            "VrproduktionsEnhed": {
                "pNummer": p_number,
                "sidstOpdateret": self.stamp,
                "virksomhedsrelation": [{"cvrNummer": cvr, "periode": since}],
                "navne": [{"navn": f"Afdeling {p_number % 1000}", "periode": since}],
                "beliggenhedsadresse": [
                    {"kommune": {"kommuneKode": municipality}, "periode": since}
                ],
                "livsforloeb": [{"periode": since}],
            }
        }


def new_name(template: str, rng: random.Random) -> str:
    """A new firm's name after its template's: another family name in front of its trade
    and form ('Holm Tømrer ApS' -> 'Lund Tømrer ApS')."""
    family = rng.choice(SURNAMES)
    words = template.split()
    return " ".join([family, *words[1:]]) if len(words) > 1 else f"{family} {template}"


def current_municipality(document: dict[str, Any]) -> int | None:
    for address in reversed(document.get("beliggenhedsadresse") or []):
        if address.get("periode", {}).get("gyldigTil") is None:
            return (address.get("kommune") or {}).get("kommuneKode")
    return None


def make_delta(
    register_file: str | Path,
    out: str | Path,
    *,
    changed: int,
    new: int,
    seed: int,
    stamp: str = STAMP,
    taken: Collection[int] = (),
    focus: Collection[int] = (),
    areas: Collection[int] = (),
    kinds: dict[int, str] | None = None,
) -> dict[str, int]:
    """Write the delta file `out` (gzip when it ends in .gz): `changed` documents of active
    firms of `register_file` changed, `new` new firms; return the count of each change.

    `taken`: CVR numbers new firms must not have besides the file's (a database's, say).
    `focus`: CVR numbers of active firms changed before any other (counted in `changed`);
    `kinds` may say how each is changed (a CVR number to a kind of KINDS).
    `areas`: municipality codes; half of the other changed firms and new firms are drawn
    from them (as many as they have)."""
    register_file, out = Path(register_file), Path(out)
    rng = random.Random(seed)
    changer = _Changer(stamp, rng)
    kinds = kinds or {}
    wanted = set(focus)
    areas = set(areas)
    candidates: list[int] = []
    in_areas: list[int] = []
    focused: list[int] = []
    cvrs: set[int] = set(taken)
    for number, line in enumerate(_lines(register_file)):
        found = CVR_PATTERN.search(line)
        cvr = int(found.group(1)) if found else None
        if cvr is not None:
            cvrs.add(cvr)
        if ACTIVE not in line:
            continue
        if cvr in wanted:
            focused.append(number)
        elif areas:
            wrapper = orjson.loads(line)
            document = wrapper.get("Vrvirksomhed", wrapper)
            if current_municipality(document) in areas:
                in_areas.append(number)
            else:
                candidates.append(number)
        else:
            candidates.append(number)
    focused = focused[:changed]
    rest = changed + new - len(focused)
    local = rng.sample(in_areas, min(len(in_areas), rest // 2))
    others = [*candidates, *sorted(set(in_areas) - set(local))]
    if rest - len(local) > len(others):
        raise ValueError(
            f"{register_file.name} has {len(focused) + len(local) + len(others)} active firms; "
            f"{changed + new} asked for"
        )
    drawn = [*local, *rng.sample(others, rest - len(local))]
    templates = set(rng.sample(sorted(drawn), new))
    chosen = set(focused) | set(drawn)
    counts = dict.fromkeys((*KINDS, "new", "units"), 0)
    lines: list[bytes] = []
    for number, line in enumerate(_lines(register_file)):
        if number not in chosen:
            continue
        wrapper = orjson.loads(line)
        document = wrapper.get("Vrvirksomhed", wrapper)
        if number in templates:
            cvr = make_cvr(rng)
            while cvr in cvrs:
                cvr = make_cvr(rng)
            cvrs.add(cvr)
            names = document.get("navne") or [{"navn": "Firma"}]
            document.update(
                cvrNummer=cvr,
                penheder=[],
                sidstOpdateret=stamp,
                navne=[{"navn": new_name(names[-1]["navn"], rng), "periode": changer._period()}],
            )
            changer.employment(document, rng.randint(10, 120))
            counts["new"] += 1
        else:
            kind = kinds.get(document["cvrNummer"]) or rng.choices(KINDS, WEIGHTS)[0]
            unit = changer.change(document, kind)
            counts[kind] += 1
            if unit is not None:
                lines.append(orjson.dumps(unit))
                counts["units"] += 1
        lines.append(orjson.dumps({"Vrvirksomhed": document}))
    rng.shuffle(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = b"\n".join(lines) + b"\n"
    # No time in a gzip header: same arguments, same bytes.
    out.write_bytes(gzip.compress(data, mtime=0) if out.name.endswith(".gz") else data)
    return counts
