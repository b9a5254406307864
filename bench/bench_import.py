"""Benchmark of the CVR register import (issue #2): parse, import and unchanged re-import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench \\
        .venv/bin/python bench/bench_import.py [--firms 417000] [--years 10] [--file F]

Without `--file` it writes the calibrated synthetic register (`vaekst synth_register`, seed
1: `--firms` active firms plus those that ceased in the panel years, with their key-figures
file) as plain JSON lines under var/bench/, and imports both, as `make demo` does.
`--simple` uses a small generator of its own instead (one period per field, no key figures).
The register tables of the target database are emptied first, so the database's name must
contain "bench" (or pass --force). Targets: import < 180 s, unchanged re-import < 60 s
(417,000 firms, 10 years, PostgreSQL, 2 cores). Ratios are to only reading and parsing the
file's JSON, measured in the same run.
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import orjson

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from vaekst.lib.cvr import make_cvr  # noqa: E402
from vaekst.register.importers.pipeline import company_batches  # noqa: E402
from vaekst.register.importers.reading import iter_company_documents  # noqa: E402
from vaekst.register.services import gc_paused, import_cvr_files  # noqa: E402
from vaekst.register.synth.writer import generate as synth_generate  # noqa: E402

MUNICIPALITIES = PROJECT / "vaekst" / "organisations" / "data" / "municipalities.csv"
FORMS = [(80, "Anpartsselskab"), (10, "Enkeltmandsvirksomhed"), (60, "Aktieselskab"),
         (30, "Interessentskab"), (110, "Forening")]  # fmt: skip
INDUSTRIES = [("620100", "Computerprogrammering"), ("692000", "Bogføring og revision"),
              ("561010", "Restauranter"), ("412000", "Opførelse af bygninger"),
              ("471100", "Supermarkeder"), ("011100", "Dyrkning af korn"),
              ("702200", "Virksomhedsrådgivning"), ("432100", "El-installation")]  # fmt: skip
BANDS = [(0, 0), (1, 1), (2, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, 199), (200, 499)]
STREETS = ["Vestergade", "Østergade", "Nørregade", "Søndergade", "Jernbanegade", "Industrivej"]
WORDS = ["Nord", "Syd", "Dansk", "Jysk", "Fyns", "Byg", "Data", "Consult", "Handel", "Service"]


def _period(start: str, end: str | None = None) -> dict[str, Any]:
    return {"gyldigFra": start, "gyldigTil": end}


def make_document(rng: random.Random, cvr: int, years: int, codes: list[tuple[int, str]]) -> dict:
    founded = f"{rng.randint(1950, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.randint(1, 999)}"
    form_code, form_text = rng.choice(FORMS)
    industry = rng.choice(INDUSTRIES)
    municipality, municipality_name = rng.choice(codes)
    stamp = "2024-03-01T10:00:00.000+01:00"
    address = {
        "vejnavn": rng.choice(STREETS),
        "husnummerFra": rng.randint(1, 200),
        "bogstavFra": None,
        "postnummer": rng.randint(1000, 9990),
        "postdistrikt": municipality_name,
        "kommune": {"kommuneKode": municipality, "kommuneNavn": municipality_name},
        "landekode": "DK",
        "periode": _period(founded),
    }
    band = rng.choice(BANDS)
    employment = []
    for year in range(2024 - years + 1, 2025):
        exact = rng.randint(band[0], band[1]) if rng.random() < 0.3 else None
        employment.append(
            {
                "aar": year,
                "antalInklusivEjere": exact,
                "antalAnsatte": exact,
                "antalAarsvaerk": None,
                "intervalKodeAntalInklusivEjere": f"ANTAL_{band[0]}_{band[1]}",
                "intervalKodeAntalAnsatte": f"ANTAL_{band[0]}_{band[1]}",
                "intervalKodeAntalAarsvaerk": f"ANTAL_{band[0]}_{band[1]}",
                "sidstOpdateret": stamp,
            }
        )
    return {
        "cvrNummer": cvr,
        "reklamebeskyttet": rng.random() < 0.3,
        "navne": [{"navn": name, "periode": _period(founded), "sidstOpdateret": stamp}],
        "binavne": [],
        "virksomhedsform": [
            {
                "virksomhedsformkode": form_code,
                "kortBeskrivelse": "",
                "langBeskrivelse": form_text,
                "periode": _period(founded),
            }
        ],
        "virksomhedsstatus": [{"status": "NORMAL", "periode": _period(founded)}],
        "livsforloeb": [{"periode": _period(founded)}],
        "hovedbranche": [
            {"branchekode": industry[0], "branchetekst": industry[1], "periode": _period(founded)}
        ],
        "bibranche1": [],
        "beliggenhedsadresse": [address],
        "telefonNummer": [
            {
                "kontaktoplysning": f"{rng.randint(20000000, 99999999)}",
                "hemmelig": False,
                "periode": _period(founded),
            }
        ],  # fmt: skip
        "elektroniskPost": [],
        "hjemmeside": [],
        "penheder": [{"pNummer": 1000000000 + cvr, "periode": _period(founded)}],
        "aarsbeskaeftigelse": employment,
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": name},
            "stiftelsesDato": founded,
            "sammensatStatus": "NORMAL",
        },  # fmt: skip
        "sidstOpdateret": stamp,
    }


def generate(path: Path, firms: int, years: int) -> None:
    with MUNICIPALITIES.open(encoding="utf-8") as handle:
        codes = [(int(row["kommunekode"]), row["kommunenavn"]) for row in csv.DictReader(handle)]
    rng = random.Random(417)
    seen: set[int] = set()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        while len(seen) < firms:
            cvr = make_cvr(rng)
            if cvr in seen:
                continue
            seen.add(cvr)
            document = make_document(rng, cvr, years, codes)
            out.write(orjson.dumps({"Vrvirksomhed": document}) + b"\n")


def reset_register() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE register_registerchange, register_yearlyfigures, "
                "register_productionunit, register_companyperiod, register_company CASCADE"
            )
        else:
            for table in ("registerchange", "yearlyfigures", "productionunit", "companyperiod",
                          "companymembership", "company"):  # fmt: skip
                cursor.execute(f"DELETE FROM register_{table}")  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=417_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--file", type=Path, help="use this register file instead")
    parser.add_argument("--force", action="store_true", help="empty a non-bench database")
    parser.add_argument("--simple", action="store_true", help="the small generator, no figures")
    args = parser.parse_args()

    database = str(connection.settings_dict["NAME"])
    if "bench" not in database and not args.force:
        sys.exit(f"refusing to empty the register of {database!r}: use a *bench* DB or --force")
    financials: Path | None = None
    if args.file:
        path = args.file
    elif args.simple:
        path = PROJECT / "var" / "bench" / f"cvr_{args.firms}x{args.years}.jsonl"
        if not path.exists():
            started = time.perf_counter()
            generate(path, args.firms, args.years)
            print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    else:
        path = PROJECT / "var" / "bench" / f"synth_{args.firms}x{args.years}.jsonl"
        financials = path.with_name(path.stem + "_financials.jsonl")
        if not (path.exists() and financials.exists()):
            started = time.perf_counter()
            synth_generate(
                firms=args.firms,
                years=args.years,
                seed=1,
                end_year=2025,
                out=path,
                financials=financials,
                truth=path.with_name(path.stem + "_truth.jsonl"),
            )
            print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    size_mb = path.stat().st_size / 1e6
    call_command("migrate", verbosity=0)

    # Parse-only baselines in one thread, under the same GC setting as the import.
    with gc_paused():
        started = time.perf_counter()
        documents = sum(1 for _ in iter_company_documents(path))
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        from vaekst.organisations.models import Municipality

        codes = dict(Municipality.objects.values_list("code", "region_id"))
        normalised = sum(len(b.records) for b in company_batches([path], codes, 5000))
        parse_seconds = time.perf_counter() - started

    reset_register()
    first = import_cvr_files([path], financials=financials, progress=False)
    second = import_cvr_files([path], financials=financials, progress=False)

    print(f"database: {connection.vendor} {database}; file {path} ({size_mb:.0f} MB)")
    if financials:
        print(f"key figures: {financials} ({financials.stat().st_size / 1e6:.0f} MB)")
    print(f"documents: {documents:,} ({normalised:,} normalised)")
    print(f"read + JSON parse:        {read_seconds:7.1f} s  ({documents / read_seconds:,.0f}/s)")
    print(f"parse + normalise + hash: {parse_seconds:7.1f} s  ({documents / parse_seconds:,.0f}/s)")
    print(f"import (empty register):  {first.seconds:7.1f} s  ({first.rate:,.0f} firms/s)"
          f"  inserted {first.inserted:,}, rejected {first.rejected:,}")  # fmt: skip
    for label, summary in (("import", first), ("re-import", second)):
        if summary.financials:
            figures = summary.financials
            print(f"  key figures in {label}: {figures.lines:,} lines, inserted "
                  f"{figures.inserted:,}, updated {figures.updated:,}, "
                  f"unchanged {figures.unchanged:,}, rejected {figures.rejected:,}")  # fmt: skip
    print(f"ratio import / JSON parse:         {first.seconds / read_seconds:7.2f}")
    print(f"ratio import / parse + normalise:  {first.seconds / parse_seconds:7.2f}")
    print(f"re-import (unchanged):    {second.seconds:7.1f} s  ({second.rate:,.0f} firms/s)"
          f"  unchanged {second.unchanged:,}, updated {second.updated:,}")  # fmt: skip
    print(f"ratio re-import / JSON parse:      {second.seconds / read_seconds:7.2f}")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}; cores: {os.cpu_count()}")
    print(
        f"targets: import < 180 s {'OK' if first.seconds < 180 else 'MISSED'}, "
        f"re-import < 60 s {'OK' if second.seconds < 60 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
