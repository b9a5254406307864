"""Normalising one `Vrvirksomhed` document of the CVR register into the rows we store.

The result is plain tuples in the column order of `COMPANY_COLUMNS`, `PERIOD_COLUMNS`,
`UNIT_COLUMNS` and `YEAR_COLUMNS`, with dates as ISO strings, so that the writer can
copy them to the database as they are and the content hash is cheap and stable.

Employment per year (`aarsbeskaeftigelse`): the exact headcount (`antalInklusivEjere`, else
`antalAnsatte`) when present (source `cvr_exact`), otherwise the midpoint of its band
(`intervalKode*`, source `cvr_band`); full-time equivalents likewise from `antalAarsvaerk`.
"""

import calendar
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from vaekst.lib.cvr import is_valid_p_number
from vaekst.register.choices import FigureSource, PeriodKind, size_class_for
from vaekst.register.importers.values import (
    band_midpoint,
    clean_text,
    cvr_problem,
    day,
    industry_code,
    small_int,
    timestamp,
)

COMPANY_COLUMNS = (
    "name",
    "form_code",
    "form_text",
    "status",
    "is_active",
    "founded_on",
    "closed_on",
    "main_industry_code",
    "main_industry_text",
    "street",
    "postcode",
    "city",
    "municipality_id",
    "region_id",
    "phone",
    "email",
    "website",
    "advertising_protected",
    "employees",
    "employees_year",
    "size_class",
    "production_unit_count",
    "register_updated_at",
)
# Where a company's headcount, its year and size class sit among its current values.
HEADLINE = tuple(
    COMPANY_COLUMNS.index(name) for name in ("employees", "employees_year", "size_class")
)


def with_headline(values: tuple[Any, ...], headline: Any) -> tuple[Any, ...]:
    """A company's current values with another headcount (employees, year, size class)."""
    changed = list(values)
    for index, value in zip(HEADLINE, headline, strict=True):
        changed[index] = value
    return tuple(changed)


PERIOD_COLUMNS = ("kind", "code", "text", "rank", "valid_from", "valid_to")
UNIT_COLUMNS = ("p_number", "name", "municipality_id", "valid_from", "valid_to")
YEAR_COLUMNS = ("year", "employees", "fte", "employees_band", "employees_source", "employees_as_of")

# Statuses of a firm that has ceased to exist (the OPLØST ... family is matched by prefix).
CEASED_STATUSES = frozenset({"TVANGSOPLØST", "SLETTET", "UDEN RETSVIRKNING", "OPHØRT"})

NAME, SECONDARY_NAME = str(PeriodKind.NAME), str(PeriodKind.SECONDARY_NAME)
FORM, STATUS, LIFETIME = str(PeriodKind.FORM), str(PeriodKind.STATUS), str(PeriodKind.LIFETIME)
MAIN_INDUSTRY = str(PeriodKind.MAIN_INDUSTRY)
SECONDARY_INDUSTRY = str(PeriodKind.SECONDARY_INDUSTRY)
ADDRESS = str(PeriodKind.ADDRESS)
CVR_EXACT, CVR_BAND = str(FigureSource.CVR_EXACT), str(FigureSource.CVR_BAND)


class Rejected(Exception):
    """A document that cannot be imported; `reason` goes to the rejects file."""

    def __init__(self, reason: str, cvr: int | str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cvr = cvr


# Part of every line digest: bump it when normalising changes what a document becomes, so
# that the next re-import parses every line again instead of skipping the known ones.
LINE_DIGEST_VERSION = b"vaekst-cvr-1"


def line_digest(raw_line: bytes) -> str:
    """The hash of one raw JSON line (without its line break), as `Company.source_hash`."""
    return hashlib.blake2b(
        raw_line.rstrip(b"\r\n"), digest_size=16, person=LINE_DIGEST_VERSION
    ).hexdigest()


@dataclass(slots=True)
class CompanyRecord:
    """The normalised rows of one company document and the hash of them all."""

    cvr: int
    values: tuple[Any, ...]
    periods: list[tuple[Any, ...]]
    units: list[tuple[Any, ...]]
    years: list[tuple[Any, ...]]
    content_hash: str
    line: int = 0  # where it was read: of two documents of one CVR the later one wins
    source_hash: str = ""  # line_digest of its line, when the line held only this document
    # Prepared by a worker for a large load (see copytext): the rows as COPY text for when
    # the company is new, its yearly rows with its key figures merged, and the headcount
    # those figures give it (None: the figures leave the document's own).
    copy_periods: str | None = None
    copy_years: str | None = None
    headline: tuple[Any, ...] | list[Any] | None = None

    def value(self, column: str) -> Any:
        return self.values[COMPANY_COLUMNS.index(column)]


@dataclass(slots=True)
class UnitRecord:
    """A production unit document (`VrproduktionsEnhed`): its P-number, the company it
    belongs to now, its name, municipality and lifetime."""

    p_number: int
    cvr: int
    name: str
    municipality: int | None
    valid_from: str | None
    valid_to: str | None
    line: int = 0  # where it was read, for the rejects file


# Memo of checked date texts: a register repeats the same few tens of thousands of days.
_NO_PERIOD: dict[str, Any] = {}


def _span(entry: dict[str, Any]) -> tuple[str | None, str | None]:
    period = entry.get("periode") or {}
    return day(period.get("gyldigFra")), day(period.get("gyldigTil"))


def _current(entries: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The open period (gyldigTil null) that started last, else the one that started last."""
    if not entries:
        return None
    best: dict[str, Any] | None = None
    best_key: tuple[bool, str] = (False, "")
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        period = entry.get("periode") or {}
        key = (period.get("gyldigTil") is None, str(period.get("gyldigFra") or ""))
        if best is None or key >= best_key:
            best, best_key = entry, key
    return best


def is_ceased(status: str) -> bool:
    upper = status.upper()
    return upper.startswith("OPLØST") or upper in CEASED_STATUSES


def _contact(entries: list[dict[str, Any]] | None, limit: int) -> str:
    # Secret numbers (hemmelig) are not for display.
    open_entries = [e for e in entries or () if isinstance(e, dict) and not e.get("hemmelig")]
    entry = _current(open_entries)
    return clean_text(entry.get("kontaktoplysning"), limit) if entry else ""


def _street(address: dict[str, Any]) -> str:
    street = clean_text(address.get("vejnavn"), 150)
    number = address.get("husnummerFra")
    if number is not None:
        street = f"{street} {number}{address.get('bogstavFra') or ''}"
    floor, door = address.get("etage"), address.get("sidedoer")
    if floor:
        street = f"{street}, {floor}." + (f" {door}" if door else "")
    return street.strip()[:200]


def _headcount(entry: dict[str, Any]) -> tuple[Any, Any, str, str] | None:
    """(employees, fte, band, source) of one employment entry, exact where the register has
    the count and the band's midpoint where it has only the band; None when it has neither."""
    band: Any = ""
    source = CVR_EXACT
    employees = entry.get("antalInklusivEjere")
    if employees is None:
        employees = entry.get("antalAnsatte")
    if employees is None:
        source = CVR_BAND
        band = entry.get("intervalKodeAntalInklusivEjere") or entry.get("intervalKodeAntalAnsatte")
        employees = band_midpoint(band)
        band = band[:30] if isinstance(band, str) else ""
    fte = entry.get("antalAarsvaerk")
    if fte is None:
        fte = band_midpoint(entry.get("intervalKodeAntalAarsvaerk"))
    if employees is None and fte is None:
        return None
    return (
        None if employees is None else float(employees),
        None if fte is None else float(fte),
        band,
        source if employees is not None else CVR_BAND,
    )


def _entry_year(entry: Any) -> int | None:
    if not isinstance(entry, dict):
        return None
    year = entry.get("aar")
    if type(year) is not int:  # noqa: E721 (the fast path; odd values take the slow one)
        year = small_int(year)
    return year


def _sub_year_employment(document: dict[str, Any]) -> dict[int, tuple[Any, ...]]:
    """Years the annual list does not have yet (the current one, typically), from the monthly
    counts, else the quarterly ones: their mean, as of the last month reported."""
    result: dict[int, tuple[Any, ...]] = {}
    for field, unit, months_per_unit in (
        ("maanedsbeskaeftigelse", "maaned", 1),
        ("erstMaanedsbeskaeftigelse", "maaned", 1),
        ("kvartalsbeskaeftigelse", "kvartal", 3),
    ):
        per_year: dict[int, list[tuple[int, tuple[Any, Any, str, str]]]] = {}
        for entry in document.get(field) or ():
            year = _entry_year(entry)
            period = small_int(entry.get(unit)) if year is not None else None
            if year is None or period is None or year in result:
                continue
            counted = _headcount(entry)
            if counted is not None:
                per_year.setdefault(year, []).append((period * months_per_unit, counted))
        for year, entries in per_year.items():
            entries.sort(key=lambda item: item[0])
            employees = [c[0] for _, c in entries if c[0] is not None]
            ftes = [c[1] for _, c in entries if c[1] is not None]
            exact = all(c[3] == CVR_EXACT for _, c in entries)
            last_month = min(max(entries[-1][0], 1), 12)
            result[year] = (
                year,
                round(sum(employees) / len(employees), 2) if employees else None,
                round(sum(ftes) / len(ftes), 2) if ftes else None,
                "" if exact else entries[-1][1][2],
                CVR_EXACT if exact else CVR_BAND,
                _month_end(year, last_month),
            )
    return result


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _employment(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    by_year: dict[int, tuple[Any, ...]] = {}
    for entry in document.get("aarsbeskaeftigelse") or ():
        year = _entry_year(entry)
        if year is None:
            continue
        counted = _headcount(entry)
        if counted is not None:
            by_year[year] = (year, *counted, f"{year}-12-31")
    for year, row in _sub_year_employment(document).items():
        by_year.setdefault(year, row)
    return [by_year[year] for year in sorted(by_year)]


def _periods(
    entries: Any, kind: str, code_key: str | None, text_key: str, rank: int = 0
) -> list[tuple[Any, ...]]:
    if not entries:
        return []
    industry = kind in (MAIN_INDUSTRY, SECONDARY_INDUSTRY)
    rows = []
    for entry in entries:
        if type(entry) is not dict:  # noqa: E721
            continue
        code: Any = "" if code_key is None else entry.get(code_key)
        if industry:
            code = industry_code(code)
        elif code is None:
            code = ""
        elif type(code) is not str:  # noqa: E721
            code = str(code)
        label = entry.get(text_key)
        if type(label) is str and "\x00" not in label:  # noqa: E721 (the common case, fast)
            label = label.strip()[:400]
        else:
            label = clean_text(label, 400)
        period = entry.get("periode") or _NO_PERIOD
        rows.append(
            (
                kind,
                code[:20],
                label,
                rank,
                day(period.get("gyldigFra")),
                day(period.get("gyldigTil")),
            )
        )
    return rows


def _address_periods(entries: Any) -> list[tuple[Any, ...]]:
    rows = []
    for entry in entries or ():
        if not isinstance(entry, dict):
            continue
        municipality = (entry.get("kommune") or {}).get("kommuneKode")
        place = f"{entry.get('postnummer') or ''} {entry.get('postdistrikt') or ''}".strip()
        line = ", ".join(part for part in (_street(entry), place) if part)
        code = "" if municipality is None else str(municipality)
        rows.append((ADDRESS, code[:20], line[:400], 0, *_span(entry)))
    return rows


def normalise_company(document: dict[str, Any], municipalities: Mapping[int, int]) -> CompanyRecord:
    """The rows of one `Vrvirksomhed` document; raises `Rejected` with the reason."""
    raw_cvr = document.get("cvrNummer")
    if raw_cvr is None:
        raise Rejected("missing cvrNummer")
    error = cvr_problem(raw_cvr)
    if error is not None:
        raise Rejected(f"invalid CVR number: {error}", raw_cvr)
    cvr = int(raw_cvr)
    metadata = document.get("virksomhedMetadata") or {}

    names = document.get("navne") or []
    name_entry = _current(names)
    name = clean_text(name_entry.get("navn"), 300) if name_entry else ""
    if not name:
        name = clean_text((metadata.get("nyesteNavn") or {}).get("navn"), 300)
    if not name:
        raise Rejected("missing name (navne)", cvr)

    address = _current(document.get("beliggenhedsadresse")) or {}
    municipality = None
    municipality_code = (address.get("kommune") or {}).get("kommuneKode")
    if municipality_code is not None:
        municipality = small_int(municipality_code)
        if municipality not in municipalities:
            raise Rejected(f"unknown municipality code {municipality_code}", cvr)

    form = _current(document.get("virksomhedsform")) or {}
    statuses = document.get("virksomhedsstatus") or []
    status_entry = _current(statuses)
    status = clean_text(status_entry.get("status"), 60) if status_entry else ""
    if not status:
        status = clean_text(metadata.get("sammensatStatus"), 60)
    lifetimes = document.get("livsforloeb") or []
    lifetime_periods = _periods(lifetimes, LIFETIME, None, "-")
    founded = day(metadata.get("stiftelsesDato"))
    if founded is None:
        starts = [row[4] for row in lifetime_periods if row[4]]
        founded = min(starts) if starts else None
    last_lifetime = _current(lifetimes)
    closed = _span(last_lifetime)[1] if last_lifetime else None
    industry = _current(document.get("hovedbranche")) or {}

    years = _employment(document)
    latest = next((row for row in reversed(years) if row[1] is not None), None)
    employees = latest[1] if latest else None

    units: dict[int, tuple[Any, ...]] = {}
    for entry in document.get("penheder") or ():
        if isinstance(entry, dict) and is_valid_p_number(entry.get("pNummer") or ""):
            units[int(entry["pNummer"])] = (int(entry["pNummer"]), "", None, *_span(entry))
    unit_rows = [units[number] for number in sorted(units)]

    values = (
        name,
        small_int(form.get("virksomhedsformkode")),
        clean_text(form.get("langBeskrivelse") or form.get("kortBeskrivelse"), 100),
        status,
        closed is None and not is_ceased(status),
        founded,
        closed,
        industry_code(industry.get("branchekode")),
        clean_text(industry.get("branchetekst"), 300),
        _street(address) if address else "",
        small_int(address.get("postnummer")),
        clean_text(address.get("postdistrikt"), 100),
        municipality,
        municipalities.get(municipality) if municipality is not None else None,
        _contact(document.get("telefonNummer"), 40),
        _contact(document.get("elektroniskPost"), 200),
        _contact(document.get("hjemmeside"), 200),
        bool(document.get("reklamebeskyttet")),
        employees,
        latest[0] if latest else None,
        str(size_class_for(employees)),
        sum(1 for row in unit_rows if row[4] is None),
        timestamp(document.get("sidstOpdateret")),
    )
    periods = (
        _periods(names, NAME, None, "navn")
        + _periods(document.get("binavne"), SECONDARY_NAME, None, "navn")
        + _periods(document.get("virksomhedsform"), FORM, "virksomhedsformkode", "langBeskrivelse")
        + _periods(statuses, STATUS, None, "status")
        + lifetime_periods
        + _periods(document.get("hovedbranche"), MAIN_INDUSTRY, "branchekode", "branchetekst")
        + _address_periods(document.get("beliggenhedsadresse"))
    )
    for rank in (1, 2, 3):
        periods += _periods(
            document.get(f"bibranche{rank}"),
            SECONDARY_INDUSTRY,
            "branchekode",
            "branchetekst",
            rank,
        )
    digest = hashlib.md5(  # noqa: S324 (a change detector, not security)
        orjson.dumps((cvr, values, periods, unit_rows, years)), usedforsecurity=False
    ).hexdigest()
    return CompanyRecord(cvr, values, periods, unit_rows, years, digest)


def normalise_production_unit(
    document: dict[str, Any], municipalities: Mapping[int, int]
) -> UnitRecord:
    """The row of one `VrproduktionsEnhed` document; raises `Rejected` with the reason."""
    relation = _current(document.get("virksomhedsrelation")) or {}
    raw_cvr = relation.get("cvrNummer")
    p_number = document.get("pNummer")
    if p_number is None or not is_valid_p_number(p_number):
        raise Rejected(f"production unit: invalid or missing pNummer {p_number!r}", raw_cvr)
    if raw_cvr is None:
        raise Rejected("production unit without a company (virksomhedsrelation)")
    error = cvr_problem(raw_cvr)
    if error is not None:
        raise Rejected(f"production unit: invalid CVR number: {error}", raw_cvr)
    name_entry = _current(document.get("navne"))
    name = clean_text(name_entry.get("navn"), 300) if name_entry else ""
    if not name:
        metadata = document.get("produktionsEnhedMetadata") or {}
        name = clean_text((metadata.get("nyesteNavn") or {}).get("navn"), 300)
    address = _current(document.get("beliggenhedsadresse")) or {}
    municipality = small_int((address.get("kommune") or {}).get("kommuneKode"))
    if municipality is not None and municipality not in municipalities:
        raise Rejected(f"unknown municipality code {municipality}", raw_cvr)
    lifetime = _current(document.get("livsforloeb"))
    valid_from, valid_to = _span(lifetime or relation)
    return UnitRecord(int(p_number), int(raw_cvr), name, municipality, valid_from, valid_to)
