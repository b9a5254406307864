"""The synthetic register: determinism, the real CVR format, geography and calibration."""

import gzip
import re
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from vaekst.lib.cvr import is_valid_cvr, is_valid_p_number
from vaekst.register.synth.calibration import measure
from vaekst.register.synth.documents import DocumentBuilder
from vaekst.register.synth.process import Panel, simulate
from vaekst.register.synth.tables import industries, municipalities
from vaekst.register.synth.traits import draw_traits
from vaekst.register.synth.writer import generate

BAND = re.compile(r"^ANTAL_\d+_\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_FIELDS = ("navne", "virksomhedsform", "virksomhedsstatus", "hovedbranche", "livsforloeb")


@pytest.fixture(scope="module")
def sample() -> tuple[Panel, list[dict[str, Any]]]:
    rng = np.random.default_rng(2024)
    panel = simulate(rng, firms=20_000, years=10, end_year=2025)
    traits = draw_traits(rng, panel)
    return panel, list(DocumentBuilder(panel, traits))


def _write(tmp_path: Path, name: str, seed: int) -> bytes:
    out = tmp_path / name
    generate(
        firms=1500,
        years=5,
        seed=seed,
        end_year=2025,
        out=out,
        financials=tmp_path / f"fin-{name}",
    )
    return out.read_bytes() + (tmp_path / f"fin-{name}").read_bytes()


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    # given / when
    first = _write(tmp_path, "a.jsonl.gz", seed=7)
    second = _write(tmp_path, "b.jsonl.gz", seed=7)
    other = _write(tmp_path, "c.jsonl.gz", seed=8)
    # then
    assert first == second
    assert first != other


def test_gzip_file_holds_one_vrvirksomhed_per_line(tmp_path: Path) -> None:
    out = tmp_path / "register.jsonl.gz"
    result = generate(firms=800, years=3, seed=1, end_year=2025, out=out)
    with gzip.open(out, "rb") as handle:
        lines = handle.read().splitlines()
    assert len(lines) == result.written
    assert all(set(orjson.loads(line)) == {"Vrvirksomhed"} for line in lines)
    assert result.active == 800


def test_every_cvr_is_valid_and_unique(sample: tuple[Panel, list[dict[str, Any]]]) -> None:
    _, documents = sample
    numbers = [doc["cvrNummer"] for doc in documents]
    assert all(is_valid_cvr(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    units = [unit["pNummer"] for doc in documents for unit in doc["penheder"]]
    assert all(is_valid_p_number(unit) for unit in units)
    assert len(set(units)) == len(units)


def test_documents_have_the_register_fields_as_lists_of_periods(
    sample: tuple[Panel, list[dict[str, Any]]],
) -> None:
    _, documents = sample
    for doc in documents[:3000]:
        for field in PERIOD_FIELDS:
            periods = doc[field]
            assert periods, field
            for entry in periods:
                assert DATE.match(entry["periode"]["gyldigFra"])
                end = entry["periode"]["gyldigTil"]
                assert end is None or end >= entry["periode"]["gyldigFra"]
        starts = [entry["periode"]["gyldigFra"] for entry in doc["navne"]]
        assert starts == sorted(starts)
        for entry in doc["aarsbeskaeftigelse"]:
            assert BAND.match(entry["intervalKodeAntalInklusivEjere"])
            assert BAND.match(entry["intervalKodeAntalAnsatte"])
            assert BAND.match(entry["intervalKodeAntalAarsvaerk"])
        for entry in doc["hovedbranche"]:
            assert len(entry["branchekode"]) == 6 and entry["branchekode"].isdigit()
        metadata = doc["virksomhedMetadata"]
        assert metadata["nyesteNavn"]["navn"] == doc["navne"][-1]["navn"]
        assert metadata["stiftelsesDato"] == doc["livsforloeb"][0]["periode"]["gyldigFra"]
        ceased = doc["livsforloeb"][-1]["periode"]["gyldigTil"] is not None
        assert ceased == (metadata["sammensatStatus"] != "NORMAL")
        if ceased:
            assert doc["virksomhedsstatus"][-1]["status"] != "NORMAL"


def test_no_new_ivs_after_april_2019_and_none_left_after_october_2021(
    sample: tuple[Panel, list[dict[str, Any]]],
) -> None:
    _, documents = sample
    for doc in documents:
        for entry in doc["virksomhedsform"]:
            if entry["virksomhedsformkode"] == 81:
                assert "2014-01-01" <= entry["periode"]["gyldigFra"] < "2019-04-15"
                end = entry["periode"]["gyldigTil"]
                assert end is not None and end <= "2021-10-15"


def test_industry_codes_switch_to_db25_from_2025(
    sample: tuple[Panel, list[dict[str, Any]]],
) -> None:
    _, documents = sample
    table = industries()
    unchanged = {
        (code, text)
        for code, text, code25, text25 in zip(
            table.code, table.text, table.code25, table.text25, strict=True
        )
        if (code, text) == (code25, text25)
    }
    switched = 0
    for doc in documents:
        periods = doc["hovedbranche"]
        for entry in periods:
            end = entry["periode"]["gyldigTil"]
            if entry["periode"]["gyldigFra"] < "2025" and (end is None or end >= "2025"):
                # A DB07 period runs on into 2025 only where DB25 kept code and text.
                assert (entry["branchekode"], entry["branchetekst"]) in unchanged
        switched += any(entry["periode"]["gyldigFra"] == "2025-01-01" for entry in periods)
    assert switched > 1000


def test_municipality_and_postcode_belong_together(
    sample: tuple[Panel, list[dict[str, Any]]],
) -> None:
    _, documents = sample
    table = municipalities()
    postcodes_of: dict[int, set[int]] = {}
    for index, code in enumerate(table.code.tolist()):
        start, end = table.postcode_start[index], table.postcode_start[index + 1]
        postcodes_of[code] = set(table.postcode[start:end])
    assert len(postcodes_of) == 98 and all(postcodes_of.values())
    moved = 0
    for doc in documents:
        for address in doc["beliggenhedsadresse"]:
            assert address["postnummer"] in postcodes_of[address["kommune"]["kommuneKode"]]
        codes = {a["kommune"]["kommuneKode"] for a in doc["beliggenhedsadresse"]}
        moved += len(codes) > 1
    assert moved > 100


def test_calibration_matches_the_published_figures(
    sample: tuple[Panel, list[dict[str, Any]]],
) -> None:
    panel, documents = sample
    figures = measure(panel)
    shares = figures.size_classes
    assert figures.active == 20_000
    assert shares["0"] == pytest.approx(0.47, abs=0.03)
    assert shares["1-9"] == pytest.approx(0.45, abs=0.03)
    assert shares["10-49"] == pytest.approx(0.065, abs=0.015)
    assert shares["50-249"] == pytest.approx(0.012, abs=0.006)
    assert shares["250+"] == pytest.approx(0.003, abs=0.0025)
    assert 0.07 <= figures.high_growth_10 <= 0.14
    assert 0.01 <= figures.high_growth_20 <= 0.05
    assert figures.survival[1] == pytest.approx(0.70, abs=0.04)
    assert figures.survival[2] == pytest.approx(0.59, abs=0.04)
    assert figures.survival[5] == pytest.approx(0.45, abs=0.04)
    assert 0.065 <= figures.entry_rate <= 0.09
    assert 0.035 <= figures.exporters <= 0.055
    assert figures.exporters_10_plus > 3 * figures.exporters

    table = municipalities()
    region_of = dict(zip(table.code.tolist(), table.region_name, strict=True))
    active = [d for d in documents if d["livsforloeb"][-1]["periode"]["gyldigTil"] is None]
    regions: dict[str, int] = {}
    for doc in active:
        region = region_of[doc["beliggenhedsadresse"][-1]["kommune"]["kommuneKode"]]
        regions[region] = regions.get(region, 0) + 1
    expected = {
        "Region Hovedstaden": 0.32,
        "Region Midtjylland": 0.23,
        "Region Syddanmark": 0.21,
        "Region Sjælland": 0.14,
        "Region Nordjylland": 0.10,
    }
    for region, share in expected.items():
        assert regions[region] / len(active) == pytest.approx(share, abs=0.02)
