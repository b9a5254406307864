"""Register traits of simulated firms, drawn in bulk: CVR numbers, forms, names, addresses,
changes over time, contacts, production units and capital.

None of these feed back into growth (the process already ran), except that they are drawn
from it where the register would show it: company forms follow founding date and size (no
new IVS after 15 April 2019, IVS converted to ApS by 15 October 2021, the largest ApS become
A/S), and capital follows latent potential, so that it is one of its visible traces.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vaekst.lib.cvr import WEIGHTS
from vaekst.register.synth import days
from vaekst.register.synth.geography import draw_municipalities, draw_postcodes, draw_streets
from vaekst.register.synth.process import Panel
from vaekst.register.synth.tables import SECTOR_INDEX, industries

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
NONE = -1

IVS_FIRST = days.ordinal(2014, 1, 1)
IVS_LAST_NEW = days.ordinal(2019, 4, 15)
IVS_DEADLINE = days.ordinal(2021, 10, 15)
APS_INTRODUCED = days.ordinal(1973, 6, 1)


@dataclass
class Traits:
    """Parallel arrays, one entry per panel firm; day values are ordinals, NONE when absent."""

    cvr: IntArray
    founded: IntArray
    ceased: IntArray
    form: IntArray
    form_after: IntArray
    form_change: IntArray
    name_words: IntArray  # [firm, 6]: style, word, surname, second surname, first name, place
    name_change: IntArray
    municipality: IntArray  # [firm, 2] before and after a move
    postcode: IntArray  # [firm, 2]
    street: IntArray  # [firm, 2]
    house_number: IntArray  # [firm, 2]
    move: IntArray
    industry_after: IntArray
    industry_change: IntArray
    secondary_industries: IntArray  # [firm, 3], NONE where absent
    phone: IntArray  # 0 = none
    email: BoolArray
    advertising_protected: BoolArray
    production_units: list[IntArray]  # P-numbers per firm
    exact_counts: BoolArray  # whether the register publishes exact headcounts
    fte_ratio: FloatArray
    closing_status: IntArray  # index into CLOSING_STATUSES
    capital: FloatArray  # registered capital in DKK, 0 for personal firms
    adresse_id: list[str]


CLOSING_STATUSES = (
    "TVANGSOPLØST",
    "OPLØST EFTER KONKURS",
    "OPLØST EFTER FRIVILLIG LIKVIDATION",
    "OPLØST EFTER ERKLÆRING",
    "OPLØST EFTER FUSION",
    "OPHØRT",
)
CLOSING_WEIGHTS = np.array([0.30, 0.22, 0.22, 0.20, 0.06])


def unique_numbers(
    rng: np.random.Generator, count: int, low: int, high: int, check: bool = False
) -> IntArray:
    """`count` distinct random integers in [low, high), in drawing order. With `check` the
    numbers are 7-digit bases extended by the CVR mod-11 check digit."""
    found = np.empty(0, dtype=np.int64)
    while found.size < count:
        draw = rng.integers(low, high, size=int((count - found.size) * 1.2) + 16)
        if check:
            digits = (draw[:, None] // 10 ** np.arange(6, -1, -1)) % 10
            digit = (-(digits * np.array(WEIGHTS[:7])).sum(axis=1)) % 11
            draw = (draw * 10 + digit)[digit != 10]
        merged = np.concatenate([found, draw])
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]
    return found[:count]


def _within(rng: np.random.Generator, start: IntArray, end: IntArray) -> IntArray:
    return start + np.floor(rng.random(start.size) * np.maximum(end - start, 1)).astype(np.int64)


def _event(rng: np.random.Generator, rate: float, start: IntArray, end: IntArray) -> IntArray:
    """A day in [start, end) for firms with an event at `rate` a year, else NONE."""
    years = np.maximum(end - start, 0) / 365.25
    happens = rng.random(start.size) < 1.0 - (1.0 - rate) ** years
    return np.where(happens, _within(rng, start, end), NONE)


def draw_traits(rng: np.random.Generator, panel: Panel) -> Traits:
    n = panel.size
    table = industries()
    founded = days.from_fractional_years(panel.entry)
    ceased = np.where(
        np.isnan(panel.exit), NONE, days.from_fractional_years(np.nan_to_num(panel.exit))
    )
    ceased = np.where(ceased != NONE, np.maximum(ceased, founded + 1), NONE)
    panel_start = days.year_start(int(panel.years[0]))
    panel_end = days.year_start(int(panel.years[-1]) + 1)
    span_start = np.maximum(founded, panel_start)
    span_end = np.where(ceased == NONE, panel_end, ceased)
    peak = panel.headcount.max(axis=1)

    # Company form at founding.
    finance = panel.sector == SECTOR_INDEX["finance"]
    limited_share = np.clip(0.45 + 0.12 * panel.potential, 0.15, 0.9)
    limited_share[finance] = 0.97
    limited_share[panel.sector == SECTOR_INDEX["realestate"]] = 0.8
    limited = (rng.random(n) < limited_share) | (peak >= 50)
    public = rng.random(n) < np.where(peak >= 250, 0.5, np.where(peak >= 50, 0.2, 0.05))
    form = np.where(limited, np.where(public, 60, 80), np.where(rng.random(n) < 0.9, 10, 30))
    form[(form == 80) & (founded < APS_INTRODUCED)] = 60
    ivs_era = (founded >= IVS_FIRST) & (founded < IVS_LAST_NEW)
    form[(form == 80) & ivs_era & (rng.random(n) < 0.4)] = 81
    code = np.array(table.code)[panel.industry]
    form[code == "682020"] = 110
    form[code == "949900"] = 115
    form[(code == "691000") & limited & (rng.random(n) < 0.3)] = 70

    # Form changes: IVS converted to ApS by the deadline; large ApS become A/S.
    form_after = np.full(n, NONE)
    form_change = np.full(n, NONE)
    converts = (form == 81) & ((ceased == NONE) | (ceased > IVS_DEADLINE))
    form_after[converts] = 80
    form_change[converts] = _within(
        rng, np.maximum(founded[converts], IVS_LAST_NEW), np.full(int(converts.sum()), IVS_DEADLINE)
    )
    first_large = np.argmax(panel.headcount >= 250, axis=1)
    grows_public = (form == 80) & (peak >= 250) & (rng.random(n) < 0.6)
    change_day = np.array([days.year_start(int(y)) for y in panel.years])[first_large] + 120
    grows_public &= change_day > founded + 30
    form_after[grows_public] = 60
    form_change[grows_public] = change_day[grows_public]

    municipality = draw_municipalities(rng, n)
    moved_to = draw_municipalities(rng, n)
    move = _event(rng, 0.035, span_start, span_end)
    stays_local = rng.random(n) < 0.5
    moved_to = np.where(stays_local, municipality, moved_to)
    streets, numbers = draw_streets(rng, 2 * n)
    postcode = draw_postcodes(rng, municipality)
    moved_postcode = draw_postcodes(rng, moved_to)

    industry_change = _event(rng, 0.01, span_start, span_end)
    industry_after = np.full(n, NONE)
    for sector in np.unique(panel.sector):
        choices = table.of_sector(int(sector))
        chosen = (panel.sector == sector) & (industry_change != NONE)
        industry_after[chosen] = rng.choice(choices, size=int(chosen.sum()))
    same = industry_after == panel.industry
    industry_change[same] = NONE
    industry_after[same] = NONE

    secondary = np.full((n, 3), NONE)
    has = rng.random(n)
    for rank, threshold in enumerate((0.15, 0.05, 0.015)):
        chosen = has < threshold
        secondary[chosen, rank] = rng.integers(0, len(table.code), size=int(chosen.sum()))

    units = np.where(
        panel.employer, 1 + np.minimum(np.maximum(peak, 0) // 40, 30), rng.random(n) < 0.4
    ).astype(np.int64)
    p_numbers = unique_numbers(rng, int(units.sum()), 1_000_000_000, 10_000_000_000)
    offsets = np.concatenate([[0], np.cumsum(units)])
    production_units = [p_numbers[offsets[i] : offsets[i + 1]] for i in range(n)]

    minimum_capital = np.select(
        [form == 60, form == 80, form == 81], [500_000.0, 50_000.0, 1.0], 0.0
    )
    capital = np.round(
        minimum_capital * np.exp(np.maximum(0.0, 0.9 * panel.potential + rng.normal(0, 0.8, n))),
        -3,
    )
    capital[form == 81] = np.round(np.exp(rng.uniform(0, 9, int((form == 81).sum()))))
    closing = np.where(
        np.isin(form, (10, 30, 110, 115)),
        len(CLOSING_STATUSES) - 1,
        rng.choice(len(CLOSING_WEIGHTS), size=n, p=CLOSING_WEIGHTS),
    )
    uuid_bits = rng.integers(0, 2**63, size=(2 * n, 2))
    hex_ids = [f"{a:016x}{b:016x}" for a, b in uuid_bits.tolist()]
    adresse_id = [f"{t[:8]}-{t[8:12]}-4{t[13:16]}-a{t[17:20]}-{t[20:32]}" for t in hex_ids]

    return Traits(
        cvr=unique_numbers(rng, n, 1_000_000, 10_000_000, check=True),
        founded=founded,
        ceased=ceased,
        form=form,
        form_after=form_after,
        form_change=form_change,
        name_words=rng.integers(0, 1_000_000, size=(n, 6)),
        name_change=_event(rng, 0.012, span_start, span_end),
        municipality=np.stack([municipality, np.where(move != NONE, moved_to, municipality)], 1),
        postcode=np.stack([postcode, np.where(move != NONE, moved_postcode, postcode)], axis=1),
        street=streets.reshape(n, 2),
        house_number=numbers.reshape(n, 2),
        move=move,
        industry_after=industry_after,
        industry_change=industry_change,
        secondary_industries=secondary,
        phone=np.where(rng.random(n) < 0.55, rng.integers(20_000_000, 99_999_999, size=n), 0),
        email=rng.random(n) < 0.35,
        advertising_protected=rng.random(n) < 0.25,
        production_units=production_units,
        exact_counts=rng.random(n) < 0.6,
        fte_ratio=rng.uniform(0.7, 0.98, size=n),
        closing_status=closing,
        capital=capital,
        adresse_id=adresse_id,
    )
