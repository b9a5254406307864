"""The synthetic register's fixed tables: sectors, industries, municipalities and postcodes.

Industries, postcodes and municipal populations live in committed CSV files under `data/`;
the sector parameters (how a sector's firms hire, grow, earn and export) are set here, next
to the calibration figures they come from (docs: /work/shared/reference/calibration.md).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "organisations/data/municipalities.csv"


@dataclass(frozen=True)
class Sector:
    """One of the calibration's sectors with the parameters of its firms."""

    key: str
    label: str
    firms_2022: float  # thousands of active firms (calibration.md)
    employer_share: float  # share of entrants that ever hire (holding companies rarely do)
    drift: float  # added to yearly log growth
    potential: float  # mean latent growth potential
    export_logit: float  # propensity to start exporting


SECTORS: tuple[Sector, ...] = (
    Sector("finance", "Finansiering og forsikring", 86.9, 0.05, -0.02, -0.3, -1.0),
    Sector("trade", "Handel og transport", 68.3, 0.7, 0.0, 0.0, 0.6),
    Sector("business", "Erhvervsservice", 62.4, 0.52, 0.01, 0.15, 0.0),
    Sector("realestate", "Ejendomshandel og udlejning", 38.5, 0.2, -0.01, -0.3, -1.5),
    Sector("construction", "Bygge og anlæg", 36.8, 0.75, 0.0, 0.0, -1.0),
    Sector("agriculture", "Landbrug, skovbrug og fiskeri", 26.2, 0.45, -0.01, -0.2, 0.4),
    Sector("industry", "Industri, råstof og forsyning", 20.5, 0.8, 0.01, 0.1, 1.6),
    Sector("ict", "Information og kommunikation", 20.5, 0.55, 0.03, 0.45, 0.8),
    Sector("other", "Kultur, sundhed og andre serviceydelser", 57.0, 0.5, -0.01, -0.1, -1.6),
)
SECTOR_INDEX = {sector.key: index for index, sector in enumerate(SECTORS)}


@dataclass(frozen=True)
class Industries:
    """The industry table as parallel arrays (index = industry id)."""

    sector: npt.NDArray[np.int64]
    code: list[str]
    text: list[str]
    code25: list[str]
    text25: list[str]
    weight: npt.NDArray[np.float64]
    gross_profit_per_employee: npt.NDArray[np.float64]  # DKK
    revenue_ratio: npt.NDArray[np.float64]
    name_words: list[list[str]]

    def of_sector(self, sector: int) -> npt.NDArray[np.int64]:
        return np.flatnonzero(self.sector == sector)


@cache
def industries() -> Industries:
    with (DATA / "industries.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return Industries(
        sector=np.array([SECTOR_INDEX[row["sector"]] for row in rows], dtype=np.int64),
        code=[row["code"] for row in rows],
        text=[row["text"] for row in rows],
        code25=[row["code25"] for row in rows],
        text25=[row["text25"] for row in rows],
        weight=np.array([float(row["weight"]) for row in rows]),
        gross_profit_per_employee=np.array(
            [float(row["gross_profit_per_employee"]) * 1000 for row in rows]
        ),
        revenue_ratio=np.array([float(row["revenue_ratio"]) for row in rows]),
        name_words=[row["name_words"].split("|") for row in rows],
    )


@dataclass(frozen=True)
class Municipalities:
    """The 98 municipalities as parallel arrays with their postcodes (index = municipality id)."""

    code: npt.NDArray[np.int64]
    name: list[str]
    region_code: npt.NDArray[np.int64]
    region_name: list[str]
    population: npt.NDArray[np.float64]
    # Postcodes of municipality i are postcode[postcode_start[i]:postcode_start[i + 1]].
    postcode_start: npt.NDArray[np.int64]
    postcode: list[int]
    postal_district: list[str]


@cache
def municipalities() -> Municipalities:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["kommunekode"]))
    with (DATA / "population.csv").open(encoding="utf-8") as handle:
        population = {int(r["kommunekode"]): float(r["population"]) for r in csv.DictReader(handle)}
    postcodes: dict[int, list[tuple[int, str]]] = {}
    with (DATA / "postcodes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            postcodes.setdefault(int(row["kommunekode"]), []).append(
                (int(row["postnummer"]), row["postdistrikt"])
            )
    codes = [int(row["kommunekode"]) for row in rows]
    starts = [0]
    flat: list[tuple[int, str]] = []
    for code in codes:
        flat.extend(postcodes[code])
        starts.append(len(flat))
    return Municipalities(
        code=np.array(codes, dtype=np.int64),
        name=[row["kommunenavn"] for row in rows],
        region_code=np.array([int(row["regionskode"]) for row in rows], dtype=np.int64),
        region_name=[row["regionsnavn"] for row in rows],
        population=np.array([population[code] for code in codes]),
        postcode_start=np.array(starts, dtype=np.int64),
        postcode=[number for number, _ in flat],
        postal_district=[district for _, district in flat],
    )
