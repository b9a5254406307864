"""Key figures from XBRL annual reports: both years, the older taxonomy, rejects."""

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from vaekst.register.importers.xbrl import parse_annual_report
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
