"""Where synthetic firms are: municipality by population, a real postcode of it, a street.

Firms are spread over the 98 municipalities in proportion to population, which gives the
regional shares of calibration.md (Hovedstaden ~32%, Midtjylland ~23%, Syddanmark ~21%,
Sjælland ~14%, Nordjylland ~10%). Postcodes come from `data/postcodes.csv`, so a firm's
postcode always belongs to its municipality.
"""

import numpy as np
import numpy.typing as npt

from vaekst.register.synth.tables import municipalities

IntArray = npt.NDArray[np.int64]

STREETS = (
    "Vestergade", "Østergade", "Nørregade", "Søndergade", "Storegade", "Algade", "Jernbanegade",
    "Banegårdsgade", "Kirkevej", "Skolevej", "Møllevej", "Industrivej", "Håndværkervej",
    "Erhvervsvej", "Fabriksvej", "Hovedgaden", "Bygaden", "Strandvejen", "Havnegade", "Parkvej",
    "Skovvej", "Engvej", "Vænget", "Toften", "Ågade", "Slotsgade", "Kongensgade",
    "Dronningensgade", "Torvet", "Stationsvej", "Lundvej", "Birkevej", "Egevej", "Bøgevej",
    "Ahornvej", "Rosenvej", "Lærkevej", "Solvej", "Bakkevej", "Grønnegade", "Nygade",
    "Præstevej", "Mejerivej", "Savværksvej", "Smedevej", "Tømrervej", "Snedkervej", "Murervej",
    "Industriparken", "Erhvervsparken", "Teknologiparken", "Vestre Ringvej", "Østre Allé",
    "Gl. Kongevej", "Fredensvej", "Tværgade", "Åboulevarden", "Kastanievej", "Hybenvej",
    "Elmevej", "Nordre Ringgade", "Sønder Allé", "Marktoften", "Agerhøjvej", "Brogade",
)  # fmt: skip


def municipality_weights() -> npt.NDArray[np.float64]:
    population = municipalities().population
    return population / population.sum()


def draw_municipalities(rng: np.random.Generator, size: int) -> IntArray:
    """Municipality indices (into `tables.municipalities()`), by population."""
    return rng.choice(len(municipalities().code), size=size, p=municipality_weights())


def draw_postcodes(rng: np.random.Generator, municipality: IntArray) -> IntArray:
    """A postcode index of each firm's own municipality, chosen uniformly among its codes."""
    table = municipalities()
    start = table.postcode_start[municipality]
    count = table.postcode_start[municipality + 1] - start
    return start + np.floor(rng.random(municipality.size) * count).astype(np.int64)


def draw_streets(rng: np.random.Generator, size: int) -> tuple[IntArray, IntArray]:
    """Street indices and house numbers (small numbers far more common, as on real streets)."""
    streets = rng.integers(0, len(STREETS), size=size)
    numbers = np.minimum(np.ceil(rng.pareto(1.2, size=size) * 8 + 1), 250).astype(np.int64)
    return streets, numbers
