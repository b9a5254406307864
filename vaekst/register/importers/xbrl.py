"""Key figures from annual reports, Danish (fsa) or IFRS (ifrs-full): XBRL and Inline XBRL.

A report is read from its content, not its name: an `xbrli:xbrl` root is a plain instance
document, a page with `ix:` elements is Inline XBRL (see `ixbrl`); either plain, gzip or a zip
holding the report (`reading.open_binary`). Both forms become the same `Report` (the key
figures' facts, the contexts, the CVR numbers it names), and everything after that is shared:

- The facts of FACTS are read per context: the Danish taxonomy's (`fsa`,
  `http://xbrl.dcca.dk/fsa`) and the IFRS taxonomy's (`ifrs-full`, whose namespace carries the
  taxonomy's date: `http://xbrl.ifrs.org/taxonomy/2024-03-27/ifrs-full`), as listed and ESEF
  reports use it. A context with dimensions (segment or scenario) is a breakdown, not the
  firm's total, and is skipped.
- Contexts are grouped by their period's end date (`endDate`, or `instant` for balance-sheet
  items), and the two latest dates are the report's current and prior year, so one report
  yields both years.
- The CVR number is the `gsd:IdentificationNumberCvrOfReportingEntity` fact, else the
  contexts' entity identifier (not an ESEF report's LEI); a report naming two different CVR
  numbers, or none, is rejected.
- The same field in the same context twice is one fact when the values agree (to the
  precision of the less precise one, as a table in thousands repeats a figure in kroner);
  when they do not, the report is rejected. That holds across the taxonomies too: a report
  tagging `fsa:Revenue` and `ifrs-full:Revenue` for one period with different values is
  rejected rather than one of them preferred, since nothing says which is the firm's figure.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from vaekst.lib.cvr import cvr_error
from vaekst.register.choices import FigureSource
from vaekst.register.importers import ixbrl
from vaekst.register.importers.financials import MONEY_FIELDS, FinancialRecord
from vaekst.register.importers.reading import UnreadableFile, open_binary
from vaekst.register.importers.summary import FinancialsSummary, Rejects

XBRLI_NS = "http://www.xbrl.org/2003/instance"
XBRLI = "{" + XBRLI_NS + "}"
FSA_NS = "http://xbrl.dcca.dk/fsa"
# http://xbrl.ifrs.org/taxonomy/<the taxonomy's date>/ifrs-full
IFRS_NS_START, IFRS_NS_END = "http://xbrl.ifrs.org/taxonomy/", "/ifrs-full"
LEI_SCHEME = "http://standards.iso.org/iso/17442"
CVR_ELEMENT = "IdentificationNumberCvrOfReportingEntity"
# (taxonomy, element) → field: the one table of what is read. ifrs-full has no element for
# the number of employees; a Danish ESEF report tags it as fsa:AverageNumberOfEmployees.
FACTS = {
    ("fsa", "GrossProfitLoss"): "gross_profit",
    ("fsa", "GrossResult"): "gross_profit_older",  # the older taxonomy's name
    ("fsa", "Revenue"): "revenue",
    ("fsa", "ProfitLoss"): "profit",
    ("fsa", "Equity"): "equity",
    ("fsa", "AverageNumberOfEmployees"): "employees",
    ("ifrs-full", "GrossProfit"): "gross_profit",
    ("ifrs-full", "Revenue"): "revenue",
    ("ifrs-full", "RevenueFromContractsWithCustomers"): "revenue_from_contracts",
    ("ifrs-full", "ProfitLoss"): "profit",
    ("ifrs-full", "Equity"): "equity",
}
# A field read only when the report lacks the first: IFRS revenue from contracts with
# customers is part of revenue, the figure when the report tags no total.
FALLBACKS = {"gross_profit": "gross_profit_older", "revenue": "revenue_from_contracts"}
YEARS_PER_REPORT = 2
# Inline XBRL pages embed their images; a text node may be larger than libxml2's default cap.
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": True}


class InvalidReport(ValueError):
    """An annual report that cannot be used; the message is the reason."""

    def __init__(self, reason: str, cvr: Any = None, line: int = 1) -> None:
        super().__init__(reason)
        self.cvr = cvr
        self.line = line  # where in the report the fault is (1: the report as a whole)


@dataclass(slots=True)
class Fact:
    """One key-figure fact: `field` of FACTS in context `context` (value None: nil)."""

    field: str
    concept: str  # prefix:name, as in FACTS
    context: str
    value: Decimal | None
    decimals: int | None  # None: exact (INF)
    line: int


@dataclass(slots=True)
class Report:
    """What either form of report says, before any rule about it is applied."""

    facts: list[Fact] = field(default_factory=list)
    contexts: dict[str, str] = field(default_factory=dict)  # id → period end (no dimensions)
    # (CVR number as written, line): the reporting-entity facts, and the contexts' identifiers
    cvr_facts: list[tuple[str, int]] = field(default_factory=list)
    identifiers: list[tuple[str, int]] = field(default_factory=list)


def taxonomy(namespace: str) -> str | None:
    """`fsa` or `ifrs-full` (any year's) for the namespace of a fact, else None."""
    if namespace == FSA_NS:
        return "fsa"
    if namespace.startswith(IFRS_NS_START) and namespace.endswith(IFRS_NS_END):
        return "ifrs-full"
    return None


def concept(namespace: str, name: str) -> tuple[str, str] | None:
    """(field, `prefix:name`) of a fact that is a key figure, else None."""
    prefix = taxonomy(namespace)
    field_name = FACTS.get((prefix, name)) if prefix else None
    return None if field_name is None else (field_name, f"{prefix}:{name}")


def _read_contexts(root: Any, report: Report) -> None:
    """Context id → period end date for contexts without dimensions; every entity identifier."""
    for context in root.iter(f"{XBRLI}context"):
        identifier = context.find(f"{XBRLI}entity/{XBRLI}identifier")
        if identifier is not None and identifier.get("scheme", "").strip() != LEI_SCHEME:
            report.identifiers.append(((identifier.text or "").strip(), identifier.sourceline or 1))
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
            report.contexts[context.get("id")] = end_date.isoformat()


def _plain_report(root: Any) -> Report:
    report = Report()
    _read_contexts(root, report)
    for element in root:
        if not isinstance(element.tag, str):
            continue
        line = element.sourceline or 1
        if ixbrl.local_name(element) == CVR_ELEMENT:
            report.cvr_facts.append(((element.text or "").strip(), line))
        key_figure = concept(ixbrl.namespace(element), ixbrl.local_name(element))
        if key_figure is None:
            continue
        decimals = ixbrl.parse_decimals(element.get("decimals"))
        value = None
        if element.get(ixbrl.XSI_NIL) != "true":
            try:
                value = Decimal((element.text or "").strip())
            except InvalidOperation:
                continue
        report.facts.append(
            Fact(
                *key_figure,
                element.get("contextRef") or "",
                value,
                decimals,
                line,
            )
        )
    return report


def _inline_report(root: Any) -> Report:
    report = Report()
    _read_contexts(root, report)
    continuations = ixbrl.continuations(root)
    try:
        for _namespace, name, element in ixbrl.facts(root, "nonNumeric"):
            if name == CVR_ELEMENT:
                text = ixbrl.text(element, continuations)
                report.cvr_facts.append(("".join(text.split()), element.sourceline or 1))
        for namespace, name, element in ixbrl.facts(root, "nonFraction"):
            key_figure = concept(namespace, name)
            if key_figure is None:
                continue
            number = ixbrl.number(element)
            report.facts.append(
                Fact(
                    *key_figure,
                    element.get("contextRef") or "",
                    number.value,
                    number.decimals,
                    element.sourceline or 1,
                )
            )
    except ixbrl.FactError as error:
        raise InvalidReport(str(error), line=error.line) from error
    return report


def read_report(path: str | Path) -> Report:
    """The facts, contexts and CVR numbers of one report in either form."""
    try:
        with open_binary(path) as handle:
            root = etree.parse(handle, etree.XMLParser(**PARSER_OPTIONS)).getroot()  # noqa: S320
    except UnreadableFile as unreadable:
        raise InvalidReport(str(unreadable)) from unreadable
    except etree.XMLSyntaxError as syntax_error:
        raise InvalidReport(
            f"not an XML document: {syntax_error}", line=syntax_error.lineno or 1
        ) from syntax_error
    if root.tag == f"{XBRLI}xbrl":
        return _plain_report(root)
    if ixbrl.is_inline(root):
        return _inline_report(root)
    raise InvalidReport(
        f"neither an XBRL instance nor Inline XBRL (the document is <{ixbrl.local_name(root)}>)"
    )


def _reporting_cvr(report: Report) -> tuple[str, int]:
    """The one CVR number the report names, with its line."""
    named = report.cvr_facts or report.identifiers
    if not named:
        raise InvalidReport("no CVR number in the report")
    first, line = named[0]
    if report.cvr_facts:
        # The contexts name the reporting entity too: an identifier that is a CVR number (8
        # digits, not an ESEF report's 20-character LEI) must be the same.
        named = [
            *named,
            *((cvr, at) for cvr, at in report.identifiers if len(cvr) == 8 and cvr.isdigit()),
        ]
    for other, at in named[1:]:
        if other != first:
            raise InvalidReport(
                f"two CVR numbers in the report: {first} (line {line}) and {other}", first, at
            )
    error = cvr_error(first)
    if error is not None:
        raise InvalidReport(f"invalid CVR number: {error}", first, line)
    return first, line


def _agree(one: Fact, other: Fact) -> bool:
    """Whether two values of the same fact are the same to the lesser precision of the two."""
    assert one.value is not None and other.value is not None
    precisions = [d for d in (one.decimals, other.decimals) if d is not None]
    if not precisions:
        return one.value == other.value
    unit = Decimal(1).scaleb(-min(precisions))
    return one.value.quantize(unit) == other.value.quantize(unit)


def _facts_by_end(report: Report, cvr: str) -> dict[str, dict[str, Decimal]]:
    """Field values per period end; duplicates that agree are one, that disagree an error."""
    chosen: dict[tuple[str, str], Fact] = {}
    for fact in report.facts:
        if fact.value is None or fact.context not in report.contexts:
            continue
        key = (fact.field, fact.context)
        before = chosen.get(key)
        if before is None:
            chosen[key] = fact
            continue
        assert before.value is not None
        if not _agree(before, fact):
            raise InvalidReport(
                f"conflicting values for {fact.field} in context {fact.context}: "
                f"{before.value:f} ({before.concept}, line {before.line}) "
                f"and {fact.value:f} ({fact.concept})",
                cvr,
                fact.line,
            )
        # the more precise of two agreeing values is kept
        if before.decimals is not None and (
            fact.decimals is None or fact.decimals > before.decimals
        ):
            chosen[key] = fact
    by_end: dict[str, dict[str, Decimal]] = {}
    for (name, context), fact in chosen.items():
        assert fact.value is not None
        by_end.setdefault(report.contexts[context], {})[name] = fact.value
    return by_end


def records_of(report: Report, file: str) -> list[FinancialRecord]:
    """The current and prior year's key figures of a read report."""
    cvr, line = _reporting_cvr(report)
    by_end = _facts_by_end(report, cvr)
    if not by_end:
        raise InvalidReport("no key figures (fsa or ifrs-full facts) in the report", cvr)
    records = []
    for end in sorted(by_end, reverse=True)[:YEARS_PER_REPORT]:
        facts = by_end[end]
        for name, fallback in FALLBACKS.items():
            if name not in facts and fallback in facts:
                facts[name] = facts[fallback]
        employees = facts.get("employees")
        records.append(
            FinancialRecord(
                cvr=int(cvr),
                year=int(end[:4]),
                period_end=end,
                money=tuple(round(facts[name]) if name in facts else None for name in MONEY_FIELDS),
                employees=None if employees is None else float(employees),
                source=str(FigureSource.ANNUAL_REPORT),
                file=file,
                line=line,
            )
        )
    return records


def parse_annual_report(path: str | Path) -> list[FinancialRecord]:
    """The current and prior year's key figures of one report (plain XBRL or Inline XBRL)."""
    return records_of(read_report(path), str(path))


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
