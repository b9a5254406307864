"""Key figures from annual reports, plain XBRL and Inline XBRL: both years, the older taxonomy,
scale and sign, breakdowns, duplicates, the CVR number, gzip and zip, rejects."""

import gzip
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from vaekst.register.importers.xbrl import InvalidReport, parse_annual_report
from vaekst.register.models import YearlyFigures
from vaekst.register.services import import_annual_reports, import_cvr_files

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = FIXTURES / "cvr_documents.jsonl"
REPORT = FIXTURES / "annual_report.xml"
OLDER_REPORT = FIXTURES / "annual_report_older.xml"
BAD_REPORT = FIXTURES / "annual_report_bad_cvr.xml"
BAD_REPORT_CVR_LINE = 5  # the gsd:IdentificationNumberCvrOfReportingEntity element
A, C = 62601817, 76131864


def test_a_report_yields_its_current_and_prior_year_without_breakdowns() -> None:
    # when
    records = parse_annual_report(REPORT)
    # then
    assert [(r.cvr, r.year, r.period_end) for r in records] == [
        (A, 2023, "2023-12-31"),
        (A, 2022, "2022-12-31"),
    ]
    # money in (gross_profit, revenue, profit, export, equity); the nil revenue is unknown
    assert records[0].money == (18_500_000, None, 2_250_000, None, 9_600_000)
    assert records[1].money == (14_000_000, None, -310_000, None, 7_350_000)
    assert [r.employees for r in records] == [14.0, 9.0]


def test_older_reports_gross_result_counts_as_gross_profit() -> None:
    records = parse_annual_report(OLDER_REPORT)
    assert [(r.year, r.period_end, r.money[0]) for r in records] == [
        (2012, "2012-06-30", 1_200_000),
        (2011, "2011-06-30", 1_100_000),
    ]


@pytest.mark.django_db
def test_annual_reports_land_both_years_with_employment_precedence(tmp_path: Path) -> None:
    # given the register, and one report gzipped
    import_cvr_files([DOCUMENTS], progress=False)
    zipped = tmp_path / "older.xml.gz"
    zipped.write_bytes(gzip.compress(OLDER_REPORT.read_bytes()))
    # when
    summary = import_annual_reports([REPORT, zipped])
    # then
    assert summary.as_dict() == {
        "lines": 2,
        "inserted": 2,
        "updated": 2,
        "unchanged": 0,
        "rejected": 0,
    }
    current = YearlyFigures.objects.get(company__cvr=A, year=2023)
    assert (current.gross_profit, current.equity, current.financials_source) == (
        18_500_000,
        9_600_000,
        "annual_report",
    )
    # the register's exact 12 stays; the report's 9 replaces the register's band midpoint 7
    assert (current.employees, current.employees_source) == (12, "cvr_exact")
    prior = YearlyFigures.objects.get(company__cvr=A, year=2022)
    assert (prior.employees, prior.employees_source, prior.employees_as_of) == (
        9,
        "annual_report",
        date(2022, 12, 31),
    )
    assert not YearlyFigures.objects.filter(company__cvr=A, year=2021).exists()
    assert YearlyFigures.objects.get(company__cvr=C, year=2012).gross_profit == 1_200_000
    # a re-run writes nothing
    again = import_annual_reports([REPORT, zipped])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


@pytest.mark.django_db
def test_command_rejects_a_bad_report_lands_the_good_one_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    import_cvr_files([DOCUMENTS], progress=False)
    rejects = tmp_path / "rejects.jsonl"
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_annual_report", BAD_REPORT, REPORT, "--json", "--rejects", str(rejects)
        )
    # then
    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().out)["rejected"] == 1
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert (reject["file"], reject["cvr"]) == (str(BAD_REPORT), "12345678")
    assert reject["line"] == BAD_REPORT_CVR_LINE
    assert reject["reason"].startswith("invalid CVR number")
    landed = YearlyFigures.objects.filter(company__cvr=A, financials_source="annual_report")
    assert landed.count() == 2


@pytest.mark.django_db
def test_a_report_that_is_not_xml_is_rejected_with_the_line_of_the_fault(tmp_path: Path) -> None:
    # given
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<xbrli:xbrl>\n  <unclosed>\n</xbrli:xbrl>\n')
    rejects = tmp_path / "rejects.jsonl"
    # when
    summary = import_annual_reports([broken], rejects=rejects, progress=False)
    # then
    assert (summary.lines, summary.rejected, summary.inserted) == (1, 1, 0)
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert reject["reason"].startswith("not an XML document")
    assert reject["line"] == 2


@pytest.mark.django_db
def test_command_exits_0_when_every_report_lands(capsys: pytest.CaptureFixture[str]) -> None:
    import_cvr_files([DOCUMENTS], progress=False)
    call_command("import_annual_report", str(REPORT))
    assert capsys.readouterr().out.startswith("1 reports in ")


# Inline XBRL (Inline XBRL 1.1): the same reports as facts tagged in an XHTML page.

INLINE_REPORT = FIXTURES / "annual_report_inline.xhtml"
INLINE_CVR_LINE = 62  # the ix:nonNumeric that starts the CVR number
INLINE_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
      xmlns:ixt4="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
      xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
      xmlns:fsa="http://xbrl.dcca.dk/fsa" xmlns:gsd="http://xbrl.dcca.dk/gsd">
<body><div style="display: none"><ix:header><ix:resources>
<xbrli:context id="cur"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{identifier}</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2025-01-01</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="pri"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{identifier}</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="cur_segment"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{identifier}</xbrli:identifier>
<xbrli:segment><xbrldi:explicitMember dimension="fsa:ExampleAxis">fsa:ExampleMember
</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
<xbrli:period><xbrli:startDate>2025-01-01</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="cur_scenario"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{identifier}</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2025-01-01</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate></xbrli:period>
<xbrli:scenario><xbrldi:explicitMember dimension="fsa:ExampleAxis">fsa:ExampleMember
</xbrldi:explicitMember></xbrli:scenario></xbrli:context>
<xbrli:unit id="DKK"><xbrli:measure>iso4217:DKK</xbrli:measure></xbrli:unit>
</ix:resources></ix:header></div>
{body}
</body></html>
"""
# The lines of INLINE_PAGE's first context identifier and of the first line of its `body`.
IDENTIFIER_LINE = INLINE_PAGE[: INLINE_PAGE.index("{identifier}")].count("\n") + 1
BODY_LINE = INLINE_PAGE[: INLINE_PAGE.index("{body}")].count("\n") + 1
CVR_FACT = (
    '<p>CVR-nr. <ix:nonNumeric name="gsd:IdentificationNumberCvrOfReportingEntity" '
    'contextRef="cur">{cvr}</ix:nonNumeric></p>'
)


def gross_profit(shown: str, context: str = "cur", attributes: str = 'decimals="0"') -> str:
    return (
        f'<ix:nonFraction name="fsa:GrossProfitLoss" contextRef="{context}" unitRef="DKK" '
        f"{attributes}>{shown}</ix:nonFraction>"
    )


def inline_report(
    tmp_path: Path, *body: str, identifier: int | str = A, name: str = "r.xhtml"
) -> Path:
    """A small Inline XBRL report of firm A (the contexts' identifier) with `body` in its page."""
    path = tmp_path / name
    path.write_text(INLINE_PAGE.format(identifier=identifier, body="\n".join(body)))
    return path


def rejection(path: Path) -> tuple[str, object, int]:
    with pytest.raises(InvalidReport) as rejected:
        parse_annual_report(path)
    return str(rejected.value), rejected.value.cvr, rejected.value.line


def test_an_inline_report_yields_its_current_and_prior_year_like_a_plain_one() -> None:
    # when
    records = parse_annual_report(INLINE_REPORT)
    # then: thousands and millions scaled, the prior year's loss negative, the equity
    # breakdown (a dimensional context) ignored, the zero dashes zero, the hidden head count read
    assert [(r.cvr, r.year, r.period_end, r.line) for r in records] == [
        (A, 2025, "2025-12-31", INLINE_CVR_LINE),
        (A, 2024, "2024-12-31", INLINE_CVR_LINE),
    ]
    assert records[0].money == (18_500_000, 0, 2_250_000, None, 9_600_000)
    assert records[1].money == (14_000_000, 0, -310_000, None, 7_350_000)
    assert [r.employees for r in records] == [14.0, 9.0]


def test_inline_cvr_number_split_over_a_continuation_is_one_number(tmp_path: Path) -> None:
    # given the number split, with an exclusion inside the continuation
    report = inline_report(
        tmp_path,
        '<p>CVR-nr. <ix:nonNumeric name="gsd:IdentificationNumberCvrOfReportingEntity" '
        'contextRef="cur" continuedAt="rest">626</ix:nonNumeric></p>',
        '<p><ix:continuation id="rest">0<ix:exclude>(fortsat)</ix:exclude>\n  1817'
        "</ix:continuation></p>",
        gross_profit("1"),
    )
    # when / then
    (record,) = parse_annual_report(report)
    assert record.cvr == A


def test_inline_cvr_number_falls_back_to_the_contexts_identifier(tmp_path: Path) -> None:
    (record,) = parse_annual_report(inline_report(tmp_path, gross_profit("1")))
    assert (record.cvr, record.line) == (A, IDENTIFIER_LINE)


@pytest.mark.parametrize(
    ("attributes", "shown", "expected"),
    [
        ('decimals="-3" scale="3" format="ixt4:num-dot-decimal"', "18,500", 18_500_000),
        ('decimals="-5" scale="6" format="ixt4:num-comma-decimal"', "1,25", 1_250_000),
        ('decimals="-3" scale="3" sign="-" format="ixt4:num-dot-decimal"', "310", -310_000),
        ('decimals="0" sign="-"', "42", -42),
    ],
)
def test_inline_scale_and_sign(tmp_path: Path, attributes: str, shown: str, expected: int) -> None:
    report = inline_report(tmp_path, gross_profit(shown, attributes=attributes))
    (record,) = parse_annual_report(report)
    assert record.money[0] == expected


def test_inline_facts_in_dimensional_contexts_are_breakdowns_not_the_total(tmp_path: Path) -> None:
    # given a total and two breakdowns of it (a segment, a scenario)
    report = inline_report(
        tmp_path,
        gross_profit("100", "cur_segment"),
        gross_profit("900"),
        gross_profit("200", "cur_scenario"),
    )
    # when / then
    (record,) = parse_annual_report(report)
    assert record.money[0] == 900


def test_inline_report_with_only_breakdowns_has_no_key_figures(tmp_path: Path) -> None:
    report = inline_report(tmp_path, gross_profit("100", "cur_segment"))
    assert rejection(report) == ("no key figures (fsa or ifrs-full facts) in the report", str(A), 1)


def test_inline_prior_years_column_is_a_second_year(tmp_path: Path) -> None:
    report = inline_report(tmp_path, gross_profit("900"), gross_profit("700", "pri"))
    assert [(r.year, r.money[0]) for r in parse_annual_report(report)] == [(2025, 900), (2024, 700)]


def test_inline_duplicates_that_agree_are_one_fact(tmp_path: Path) -> None:
    # given the same figure in the key-figures table in kroner and in the statement in thousands
    report = inline_report(
        tmp_path,
        gross_profit("18.499.600", attributes='decimals="0" format="ixt4:num-comma-decimal"'),
        gross_profit("18,500", attributes='decimals="-3" scale="3" format="ixt4:num-dot-decimal"'),
        gross_profit("18.499.600", attributes='decimals="0" format="ixt4:num-comma-decimal"'),
    )
    # when / then: accepted once, the precise value kept
    (record,) = parse_annual_report(report)
    assert record.money[0] == 18_499_600


def test_inline_conflicting_duplicates_are_rejected(tmp_path: Path) -> None:
    report = inline_report(
        tmp_path,
        gross_profit("18,500", attributes='decimals="-3" scale="3" format="ixt4:num-dot-decimal"'),
        gross_profit("18.400.000", attributes='decimals="0" format="ixt4:num-comma-decimal"'),
    )
    assert rejection(report) == (
        "conflicting values for gross_profit in context cur: "
        f"18500000 (fsa:GrossProfitLoss, line {BODY_LINE}) and 18400000 (fsa:GrossProfitLoss)",
        str(A),
        BODY_LINE + 1,
    )


def test_inline_report_naming_two_cvr_numbers_is_rejected(tmp_path: Path) -> None:
    # given the CVR fact names another firm than the contexts
    report = inline_report(tmp_path, CVR_FACT.format(cvr=C), gross_profit("1"))
    assert rejection(report) == (
        f"two CVR numbers in the report: {C} (line {BODY_LINE}) and {A}",
        str(C),
        IDENTIFIER_LINE,
    )


def test_inline_esef_report_identified_by_lei_takes_the_cvr_fact(tmp_path: Path) -> None:
    # given contexts identified by a LEI (ISO 17442; this one all digits) and the CVR fact
    lei = "52990012345678901234"
    report = inline_report(tmp_path, CVR_FACT.format(cvr=A), gross_profit("1"), identifier=lei)
    # when / then
    (record,) = parse_annual_report(report)
    assert (record.cvr, record.line) == (A, BODY_LINE)


def test_inline_report_with_two_cvr_facts_is_rejected(tmp_path: Path) -> None:
    report = inline_report(
        tmp_path, CVR_FACT.format(cvr=A), CVR_FACT.format(cvr=C), gross_profit("1")
    )
    assert rejection(report) == (
        f"two CVR numbers in the report: {A} (line {BODY_LINE}) and {C}",
        str(A),
        BODY_LINE + 1,
    )


def test_inline_report_with_no_cvr_number_is_rejected(tmp_path: Path) -> None:
    # given no CVR fact and contexts without an identifier
    report = inline_report(tmp_path, gross_profit("1"))
    report.write_text(re.sub(r"<xbrli:identifier.*?</xbrli:identifier>", "", report.read_text()))
    assert rejection(report) == ("no CVR number in the report", None, 1)


def test_inline_number_that_cannot_be_read_rejects_the_report_at_its_line(tmp_path: Path) -> None:
    report = inline_report(
        tmp_path, gross_profit("1.234,5", attributes='decimals="0" format="ixt4:num-dot-decimal"')
    )
    assert rejection(report) == (
        "'1.234,5' is not a number in format ixt4:num-dot-decimal",
        None,
        BODY_LINE,
    )


def test_a_page_without_inline_xbrl_is_not_a_report(tmp_path: Path) -> None:
    page = tmp_path / "page.xhtml"
    page.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body><p>1</p></body></html>')
    assert rejection(page) == (
        "neither an XBRL instance nor Inline XBRL (the document is <html>)",
        None,
        1,
    )


def test_the_form_is_told_by_the_content_not_the_name(tmp_path: Path) -> None:
    # given a plain instance named .xhtml and an inline report named .xml
    plain = tmp_path / "report.xhtml"
    plain.write_bytes(REPORT.read_bytes())
    inline = tmp_path / "report.xml"
    inline.write_bytes(INLINE_REPORT.read_bytes())
    # when / then
    assert [r.year for r in parse_annual_report(plain)] == [2023, 2022]
    assert [r.year for r in parse_annual_report(inline)] == [2025, 2024]


def plain_report(tmp_path: Path, *facts: str) -> Path:
    path = tmp_path / "plain.xml"
    path.write_text(
        '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
        'xmlns:fsa="http://xbrl.dcca.dk/fsa" xmlns:gsd="http://xbrl.dcca.dk/gsd">\n'
        f'<xbrli:context id="cur"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{A}'
        "</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:instant>2025-12-31</xbrli:instant>"
        "</xbrli:period></xbrli:context>\n" + "\n".join(facts) + "\n</xbrli:xbrl>\n"
    )
    return path


def test_plain_report_naming_two_cvr_numbers_is_rejected_like_an_inline_one(tmp_path: Path) -> None:
    report = plain_report(
        tmp_path,
        f'<gsd:IdentificationNumberCvrOfReportingEntity contextRef="cur">{C}'
        "</gsd:IdentificationNumberCvrOfReportingEntity>",
        '<fsa:Equity contextRef="cur" unitRef="DKK" decimals="0">1</fsa:Equity>',
    )
    assert rejection(report) == (f"two CVR numbers in the report: {C} (line 3) and {A}", str(C), 2)


def test_plain_report_duplicates_agree_once_and_conflict_rejected(tmp_path: Path) -> None:
    equity = '<fsa:Equity contextRef="cur" unitRef="DKK" decimals="{}">{}</fsa:Equity>'
    agreeing = plain_report(tmp_path, equity.format(0, 9_600_000), equity.format(-5, 9_600_000))
    assert [r.money[4] for r in parse_annual_report(agreeing)] == [9_600_000]
    conflicting = plain_report(tmp_path, equity.format(0, 9_600_000), equity.format(0, 9_600_001))
    assert rejection(conflicting) == (
        "conflicting values for equity in context cur: "
        "9600000 (fsa:Equity, line 3) and 9600001 (fsa:Equity)",
        str(A),
        4,
    )


def report_package(tmp_path: Path, report: Path, name: str = "package.zip") -> Path:
    """An XBRL report package: a zip with META-INF and the report under reports/."""
    package = tmp_path / name
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("kaffe/META-INF/reportPackage.json", '{"documentInfo": {}}')
        archive.write(report, f"kaffe/reports/{report.name}")
    return package


@pytest.mark.django_db
def test_command_lands_inline_reports_plain_gzip_and_zipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given the register, the inline report gzipped (firm A) and zipped (for firm C, same figures)
    import_cvr_files([DOCUMENTS], progress=False)
    gzipped = tmp_path / "inline.xhtml.gz"
    gzipped.write_bytes(gzip.compress(INLINE_REPORT.read_bytes()))
    for_c = tmp_path / "c.xhtml"
    for_c.write_text(
        INLINE_REPORT.read_text()
        .replace("6260", "7613")
        .replace("1817", "1864")
        .replace(str(A), str(C))
    )
    zipped = report_package(tmp_path, for_c)
    # when
    call_command("import_annual_report", str(gzipped), str(zipped), "--json")
    # then
    assert json.loads(capsys.readouterr().out)["rejected"] == 0
    for cvr in (A, C):
        landed = YearlyFigures.objects.filter(company__cvr=cvr, year__in=(2024, 2025)).order_by(
            "-year"
        )
        assert [
            (y.year, y.gross_profit, y.revenue, y.profit, y.equity, y.financials_source)
            for y in landed
        ] == [
            (2025, 18_500_000, 0, 2_250_000, 9_600_000, "annual_report"),
            (2024, 14_000_000, 0, -310_000, 7_350_000, "annual_report"),
        ]
    assert YearlyFigures.objects.get(company__cvr=C, year=2024).employees == 9
    # a re-run of the plain file writes nothing
    again = import_annual_reports([INLINE_REPORT], progress=False)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_command_rejects_bad_inline_reports_with_their_reason_and_lands_the_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given the register, a good inline report, one naming two firms, one with a conflict,
    # and a zip holding two reports
    import_cvr_files([DOCUMENTS], progress=False)
    two_firms = inline_report(tmp_path, CVR_FACT.format(cvr=C), gross_profit("1"), name="two.xhtml")
    conflict = inline_report(tmp_path, gross_profit("1"), gross_profit("2"), name="conflict.xhtml")
    two_in_zip = tmp_path / "two.zip"
    with zipfile.ZipFile(two_in_zip, "w") as archive:
        archive.write(INLINE_REPORT, "a.xhtml")
        archive.write(REPORT, "b.xml")
    rejects = tmp_path / "rejects.jsonl"
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_annual_report",
            two_firms,
            INLINE_REPORT,
            conflict,
            two_in_zip,
            "--rejects",
            str(rejects),
        )
    # then
    assert exit_info.value.code == 1
    assert capsys.readouterr().out.startswith("4 reports in ")
    assert [
        (r["file"], r["line"], r["cvr"], r["reason"])
        for r in map(json.loads, rejects.read_text().splitlines())
    ] == [
        (
            str(two_firms),
            IDENTIFIER_LINE,
            str(C),
            f"two CVR numbers in the report: {C} (line {BODY_LINE}) and {A}",
        ),
        (
            str(conflict),
            BODY_LINE + 1,
            str(A),
            "conflicting values for gross_profit in context cur: "
            f"1 (fsa:GrossProfitLoss, line {BODY_LINE}) and 2 (fsa:GrossProfitLoss)",
        ),
        (
            str(two_in_zip),
            1,
            None,
            f"a zip should hold one file, {two_in_zip} holds a.xhtml, b.xml",
        ),
    ]
    landed = YearlyFigures.objects.filter(company__cvr=A, financials_source="annual_report")
    assert sorted(landed.values_list("year", "gross_profit")) == [
        (2024, 14_000_000),
        (2025, 18_500_000),
    ]


# The IFRS taxonomy (ifrs-full): listed and large firms' reports, often ESEF report packages.

ESEF_REPORT = FIXTURES / "annual_report_esef.xhtml"
ESEF_CVR_LINE = 29  # the gsd:IdentificationNumberCvrOfReportingEntity in ix:hidden
IFRS_2023 = "http://xbrl.ifrs.org/taxonomy/2023-03-23/ifrs-full"


def esef_package(tmp_path: Path, page: str) -> Path:
    """An ESEF report package: META-INF, the extension taxonomy, the report under reports/."""
    package = tmp_path / "kaffe-2025-12-31-da.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("kaffe-2025-12-31/META-INF/reportPackage.json", "{}")
        archive.writestr("kaffe-2025-12-31/META-INF/catalog.xml", "<catalog/>")
        archive.writestr("kaffe-2025-12-31/META-INF/taxonomyPackage.xml", "<taxonomyPackage/>")
        archive.writestr(
            "kaffe-2025-12-31/www.kaffeogkode.dk/2025-12-31/kaffe-2025-12-31.xsd", "<schema/>"
        )
        archive.writestr("kaffe-2025-12-31/reports/kaffe-2025-12-31-da.xhtml", page)
    return package


def test_esef_report_package_in_ifrs_full_yields_both_years(tmp_path: Path) -> None:
    # given the ESEF report in its package
    package = esef_package(tmp_path, ESEF_REPORT.read_text())
    # when
    records = parse_annual_report(package)
    # then: the CVR from gsd (the contexts name a LEI), millions scaled, the prior year's loss
    # negative, the segment and the opening equity (a third, earlier end) left out, the precise
    # equity of the two agreeing kept, employees from fsa, the extension's head count not read
    assert [(r.cvr, r.year, r.period_end, r.line) for r in records] == [
        (A, 2025, "2025-12-31", ESEF_CVR_LINE),
        (A, 2024, "2024-12-31", ESEF_CVR_LINE),
    ]
    # money in (gross_profit, revenue, profit, export, equity)
    assert records[0].money == (1_020_400_000, 2_412_700_000, 187_200_000, None, 1_310_012_345)
    assert records[1].money == (934_100_000, 2_198_300_000, -41_900_000, None, 1_122_800_000)
    assert [r.employees for r in records] == [1240.0, 1185.0]


@pytest.mark.django_db
def test_command_lands_an_esef_report_package(tmp_path: Path) -> None:
    # given the register
    import_cvr_files([DOCUMENTS], progress=False)
    # when
    summary = import_annual_reports([esef_package(tmp_path, ESEF_REPORT.read_text())])
    # then
    assert (summary.lines, summary.rejected) == (1, 0)
    current = YearlyFigures.objects.get(company__cvr=A, year=2025)
    assert (current.revenue, current.profit, current.financials_source) == (
        2_412_700_000,
        187_200_000,
        "annual_report",
    )


def test_esef_report_without_a_cvr_fact_is_rejected_not_read_from_its_lei(tmp_path: Path) -> None:
    # given the report without its gsd fact: the contexts name only the firm's LEI
    page = re.sub(r"<ix:nonNumeric name=\"gsd:.*?</ix:nonNumeric>", "", ESEF_REPORT.read_text())
    # when / then
    assert rejection(esef_package(tmp_path, page)) == ("no CVR number in the report", None, 1)


def instance(tmp_path: Path, *facts: str) -> Path:
    """A plain instance of firm A (one duration context, 2025) with fsa and ifrs-full facts."""
    path = tmp_path / "instance.xml"
    path.write_text(
        '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
        f'xmlns:fsa="http://xbrl.dcca.dk/fsa" xmlns:ifrs-full="{IFRS_2023}" '
        'xmlns:other="http://example.com/taxonomy/ifrs-full">\n'
        f'<xbrli:context id="cur"><xbrli:entity><xbrli:identifier scheme="http://www.dcca.dk/cvr">{A}'
        "</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2025-01-01"
        "</xbrli:startDate><xbrli:endDate>2025-12-31</xbrli:endDate></xbrli:period>"
        "</xbrli:context>\n" + "\n".join(facts) + "\n</xbrli:xbrl>\n"
    )
    return path


def fact(concept: str, value: int) -> str:
    return f'<{concept} contextRef="cur" unitRef="DKK" decimals="0">{value}</{concept}>'


def test_ifrs_plain_instance_of_any_taxonomy_year_yields_its_key_figures(tmp_path: Path) -> None:
    # given the 2023 IFRS taxonomy, and an ifrs-full name in a namespace that is not IFRS's
    report = instance(
        tmp_path,
        fact("ifrs-full:GrossProfit", 400),
        fact("ifrs-full:Revenue", 1000),
        fact("ifrs-full:ProfitLoss", -30),
        fact("ifrs-full:Equity", 700),
        fact("other:Equity", 5),
    )
    # when / then
    (record,) = parse_annual_report(report)
    assert (record.cvr, record.year, record.money) == (A, 2025, (400, 1000, -30, None, 700))


@pytest.mark.parametrize(
    ("facts", "revenue"),
    [
        # revenue from contracts with customers is the revenue when no total is tagged
        ((fact("ifrs-full:RevenueFromContractsWithCustomers", 900),), 900),
        # and a part of it when one is
        (
            (
                fact("ifrs-full:RevenueFromContractsWithCustomers", 900),
                fact("ifrs-full:Revenue", 1000),
            ),
            1000,
        ),
    ],
)
def test_ifrs_revenue_from_contracts_with_customers_counts_only_without_revenue(
    tmp_path: Path, facts: tuple[str, ...], revenue: int
) -> None:
    (record,) = parse_annual_report(instance(tmp_path, *facts))
    assert record.money[1] == revenue


def test_mixed_report_reads_both_taxonomies_and_agreeing_figures_once(tmp_path: Path) -> None:
    # given a report tagging revenue in both taxonomies alike, the rest in one or the other
    report = instance(
        tmp_path,
        fact("ifrs-full:Revenue", 1000),
        fact("fsa:Revenue", 1000),
        fact("fsa:GrossProfitLoss", 400),
        fact("ifrs-full:Equity", 700),
        fact("fsa:AverageNumberOfEmployees", 12),
    )
    # when / then
    (record,) = parse_annual_report(report)
    assert (record.money, record.employees) == ((400, 1000, None, None, 700), 12.0)


def test_mixed_report_whose_taxonomies_disagree_is_rejected(tmp_path: Path) -> None:
    # given fsa and ifrs-full revenue of the same period that differ: neither is preferred
    report = instance(tmp_path, fact("fsa:Revenue", 1000), fact("ifrs-full:Revenue", 990))
    # when / then
    assert rejection(report) == (
        "conflicting values for revenue in context cur: "
        "1000 (fsa:Revenue, line 3) and 990 (ifrs-full:Revenue)",
        str(A),
        4,
    )
