"""Small CVR documents for delta tests: one firm per call, the fields a delta changes."""

import json
import random
from pathlib import Path
from typing import Any

from vaekst.lib.cvr import make_cvr


def cvr_number(seed: int) -> int:
    return make_cvr(random.Random(seed))


def company_document(
    cvr: int,
    *,
    name: str = "Delta ApS",
    municipality: int = 101,
    status: str = "NORMAL",
    employees: dict[int, int] | None = None,
    updated: str = "2026-12-06T22:00:00.000+01:00",
    units: list[int] | None = None,
) -> dict[str, Any]:
    """A `Vrvirksomhed` document (JSON-lines shape) with exact headcounts per year."""
    since = {"gyldigFra": "2015-03-01", "gyldigTil": None}
    ceased = not status.startswith(("NORMAL", "UNDER"))
    return {
        "Vrvirksomhed": {
            "cvrNummer": cvr,
            "sidstOpdateret": updated,
            "navne": [{"navn": name, "periode": since}],
            "virksomhedsform": [
                {"virksomhedsformkode": 80, "langBeskrivelse": "Anpartsselskab", "periode": since}
            ],
            "virksomhedsstatus": [{"status": status, "periode": since}],
            "livsforloeb": [
                {
                    "periode": {
                        "gyldigFra": "2015-03-01",
                        "gyldigTil": "2026-12-01" if ceased else None,
                    }
                }
            ],
            "hovedbranche": [
                {"branchekode": "620100", "branchetekst": "Computerprogrammering", "periode": since}
            ],
            "beliggenhedsadresse": [
                {
                    "vejnavn": "Nørregade",
                    "husnummerFra": 7,
                    "postnummer": 1165,
                    "postdistrikt": "København K",
                    "kommune": {"kommuneKode": municipality},
                    "periode": since,
                }
            ],
            "penheder": [{"pNummer": number, "periode": since} for number in units or ()],
            "aarsbeskaeftigelse": [
                {"aar": year, "antalInklusivEjere": count, "antalAnsatte": count}
                for year, count in sorted((employees or {2021: 5, 2022: 6, 2023: 7}).items())
            ],
            "virksomhedMetadata": {"stiftelsesDato": "2015-02-20"},
        }
    }


def unit_document(p_number: int, cvr: int, *, name: str, municipality: int) -> dict[str, Any]:
    """A `VrproduktionsEnhed` document of a company's production unit."""
    since = {"gyldigFra": "2015-03-01", "gyldigTil": None}
    return {
        "VrproduktionsEnhed": {
            "pNummer": p_number,
            "sidstOpdateret": "2026-12-06T22:00:00.000+01:00",
            "virksomhedsrelation": [{"cvrNummer": cvr, "periode": since}],
            "navne": [{"navn": name, "periode": since}],
            "beliggenhedsadresse": [{"kommune": {"kommuneKode": municipality}, "periode": since}],
            "livsforloeb": [{"periode": since}],
        }
    }


def write_lines(path: Path, documents: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(document) + "\n" for document in documents))
    return path
