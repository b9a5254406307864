"""Key figures from annual reports: XBRL instance documents in the Danish taxonomy.

Facts of the `fsa` namespace (`http://xbrl.dcca.dk/fsa`) are read per context; a context
with dimensions (segment or scenario) is a breakdown, not the firm's total, and is skipped.
Contexts are grouped by their period's end date (`endDate`, or `instant` for balance-sheet
items), and the two latest dates are the report's current and prior year, so one report
yields both years.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from vaekst.lib.cvr import cvr_error
from vaekst.register.choices import FigureSource
from vaekst.register.importers.financials import MONEY_FIELDS, FinancialRecord
from vaekst.register.importers.reading import open_binary
from vaekst.register.importers.summary import FinancialsSummary, Rejects

XBRLI = "{http://www.xbrl.org/2003/instance}"
FSA = "{http://xbrl.dcca.dk/fsa}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
CVR_ELEMENT = "IdentificationNumberCvrOfReportingEntity"
# Element → field; GrossResult is the older taxonomy's name for gross profit.
FACTS = {
    "GrossProfitLoss": "gross_profit",
    "GrossResult": "gross_profit_older",
    "Revenue": "revenue",
    "ProfitLoss": "profit",
    "Equity": "equity",
    "AverageNumberOfEmployees": "employees",
}
YEARS_PER_REPORT = 2


class InvalidReport(ValueError):
    """An annual report that cannot be used; the message is the reason."""

    def __init__(self, reason: str, cvr: Any = None, line: int = 1) -> None:
        super().__init__(reason)
        self.cvr = cvr
        self.line = line  # where in the report the fault is (1: the report as a whole)


def _contexts(root: Any) -> dict[str, str]:
    """Context id → period end date, for contexts without dimensions."""
    contexts = {}
    for context in root.iter(f"{XBRLI}context"):
        if context.find(f".//{XBRLI}segment") is not None:
            continue
        if context.find(f"{XBRLI}scenario") is not None:
            continue
        period = context.find(f"{XBRLI}period")
        if period is None:
            continue
        end = period.findtext(f"{XBRLI}endDate") or period.findtext(f"{XBRLI}instant")
        try:
            end_date = date.fromisoformat((end or "").strip()[:10])
        except ValueError:
            continue
        if context.get("id"):
            contexts[context.get("id")] = end_date.isoformat()
    return contexts


def _reporting_cvr(root: Any) -> tuple[Any, int]:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}" + CVR_ELEMENT):
            return (element.text or "").strip(), element.sourceline or 1
    identifier = root.find(f".//{XBRLI}identifier")
    if identifier is not None:
        return (identifier.text or "").strip(), identifier.sourceline or 1
    return None, 1


def parse_annual_report(path: str | Path) -> list[FinancialRecord]:
    """The current and prior year's key figures of one XBRL instance document."""
    name = str(path)
    try:
        with open_binary(path) as handle:
            root = etree.parse(handle).getroot()  # noqa: S320 (no entities resolved by default)
    except etree.XMLSyntaxError as syntax_error:
        raise InvalidReport(
            f"not an XML document: {syntax_error}", line=syntax_error.lineno or 1
        ) from syntax_error
    raw_cvr, line = _reporting_cvr(root)
    error = cvr_error(raw_cvr)
    if error is not None:
        raise InvalidReport(f"invalid CVR number: {error}", raw_cvr, line)
    contexts = _contexts(root)
    by_end: dict[str, dict[str, Decimal]] = {}
    for element in root:
        if not isinstance(element.tag, str) or not element.tag.startswith(FSA):
            continue
        field = FACTS.get(element.tag[len(FSA) :])
        end = contexts.get(element.get("contextRef") or "")
        if field is None or end is None or element.get(XSI_NIL) == "true":
            continue
        try:
            by_end.setdefault(end, {})[field] = Decimal((element.text or "").strip())
        except InvalidOperation:
            continue
    if not by_end:
        raise InvalidReport("no key figures (fsa facts) in the report", raw_cvr)
    records = []
    for end in sorted(by_end, reverse=True)[:YEARS_PER_REPORT]:
        facts = by_end[end]
        if "gross_profit" not in facts and "gross_profit_older" in facts:
            facts["gross_profit"] = facts["gross_profit_older"]
        employees = facts.get("employees")
        records.append(
            FinancialRecord(
                cvr=int(raw_cvr),
                year=int(end[:4]),
                period_end=end,
                money=tuple(
                    round(facts[field]) if field in facts else None for field in MONEY_FIELDS
                ),
                employees=None if employees is None else float(employees),
                source=str(FigureSource.ANNUAL_REPORT),
                file=name,
                line=line,
            )
        )
    return records


def read_annual_reports(
    paths: Iterable[str | Path], *, rejects: Rejects, summary: FinancialsSummary
) -> Iterator[FinancialRecord]:
    """Records of every usable report; unusable ones go to `rejects`."""
    for path in paths:
        summary.lines += 1
        try:
            yield from parse_annual_report(path)
        except InvalidReport as error:
            summary.rejected += 1
            rejects.add(file=str(path), line=error.line, cvr=error.cvr, reason=str(error))
