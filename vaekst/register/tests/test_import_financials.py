"""Loading yearly key figures from a key-figures file (docs/financials-format.md)."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from vaekst.register.models import RegisterChange, YearlyFigures
from vaekst.register.services import import_cvr_files

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = FIXTURES / "cvr_documents.jsonl"
FINANCIALS = FIXTURES / "financials.jsonl"
A, C = 62601817, 76131864


def figures(cvr: int, year: int) -> YearlyFigures:
    return YearlyFigures.objects.get(company__cvr=cvr, year=year)


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [0, 2])
def test_key_figures_land_and_bad_lines_are_rejected_with_line_numbers(
    tmp_path: Path, workers: int
) -> None:
    # given: without workers the figures load after the companies; with them (a large
    # load) they are read first and merged into the new companies' rows as those are written
    rejects = tmp_path / "rejects.jsonl"
    # when
    summary = import_cvr_files(
        [DOCUMENTS], financials=FINANCIALS, rejects=rejects, progress=False, workers=workers
    )
    # then
    assert summary.financials is not None
    assert summary.financials.as_dict() == {
        "lines": 7,
        "inserted": 1,
        "updated": 2,
        "unchanged": 0,
        "rejected": 4,
    }
    financial_rejects = [
        (row["line"], row["cvr"], row["reason"].split(":")[0])
        for row in map(json.loads, rejects.read_text().splitlines())
        if row["file"] == str(FINANCIALS)
    ]
    assert financial_rejects == [
        (3, 62601818, "invalid CVR number"),
        (4, 69083013, "year missing or not a number"),
        (5, None, "malformed JSON line"),
        (6, 31993512, "company not in the register (import its CVR document first)"),
    ]
    latest = figures(A, 2023)
    assert (latest.gross_profit, latest.revenue, latest.profit, latest.equity, latest.export) == (
        18_200_000,
        None,
        2_100_000,
        9_400_000,
        5_100_000,
    )
    assert (latest.financials_source, latest.financials_as_of) == ("financials", date(2023, 12, 31))
    # an exact register headcount beats the file's; the file's beats a register band
    assert (latest.employees, latest.employees_source) == (12, "cvr_exact")
    earlier = figures(A, 2022)
    assert (earlier.gross_profit, earlier.employees, earlier.employees_source) == (
        15_000_000,
        8,
        "financials",
    )
    bakery = figures(C, 2024)
    assert (bakery.gross_profit, bakery.financials_source, bakery.financials_as_of) == (
        900_000,
        "annual_report",
        date(2024, 6, 30),
    )


@pytest.mark.django_db
def test_loading_the_same_key_figures_again_writes_nothing(tmp_path: Path) -> None:
    # given
    import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False)
    rows = list(YearlyFigures.objects.order_by("id").values())
    # when
    summary = import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False)
    # then
    assert summary.financials is not None
    assert (summary.financials.inserted, summary.financials.updated) == (0, 0)
    assert summary.financials.unchanged == 3
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 0, 3)
    assert list(YearlyFigures.objects.order_by("id").values()) == rows


@pytest.mark.django_db
def test_missing_figures_keep_what_was_known(tmp_path: Path) -> None:
    # given
    import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False)
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"cvr": A, "year": 2023, "revenue": 40_000_000}) + "\n")
    # when
    summary = import_cvr_files([], financials=later, progress=False)
    # then
    assert summary.financials is not None and summary.financials.updated == 1
    row = figures(A, 2023)
    assert (row.gross_profit, row.revenue, row.profit) == (18_200_000, 40_000_000, 2_100_000)


@pytest.mark.django_db
def test_a_corrected_figure_replaces_the_value_and_keeps_the_old_one_as_history(
    tmp_path: Path,
) -> None:
    # given
    import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False)
    # a file's headcount taking over from the register's band (2022) is no correction
    assert figures(A, 2022).employees_source == "financials"
    assert not RegisterChange.objects.exists()
    before: set[int] = set()
    corrected = tmp_path / "corrected.jsonl"
    corrected.write_text(
        json.dumps({"cvr": A, "year": 2023, "gross_profit": 18_500_000, "revenue": 52_000_000})
        + "\n"
    )
    # when
    import_cvr_files([], financials=corrected, progress=False)
    # then: the corrected value stands, the first-filled revenue is no history
    assert (figures(A, 2023).gross_profit, figures(A, 2023).revenue) == (18_500_000, 52_000_000)
    change = RegisterChange.objects.exclude(id__in=before).get()
    assert change.company.cvr == A
    assert change.changes == {"2023.gross_profit": [18_200_000, 18_500_000]}
    assert change.source == str(corrected)[-200:]
    # and loading it again writes no second change
    import_cvr_files([], financials=corrected, progress=False)
    assert RegisterChange.objects.exclude(id__in=before).count() == 1


@pytest.mark.django_db
def test_command_reports_financials_in_its_json_and_exits_1_on_rejects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_cvr", str(DOCUMENTS), "--financials", str(FINANCIALS), "--json")
    # then
    assert exit_info.value.code == 1
    output = json.loads(capsys.readouterr().out)
    assert output["financials"]["rejected"] == 4
    assert output["financials"]["inserted"] == 1


@pytest.mark.django_db
def test_an_annual_reports_headcount_becomes_the_companys_current_headcount(
    tmp_path: Path,
) -> None:
    # given a company whose register gives only a band (1000+) for its latest year
    import_cvr_files([DOCUMENTS], progress=False)
    from vaekst.register.models import Company

    company = Company.objects.get(cvr=69083013)
    assert (company.employees, company.employees_year, company.size_class) == (1000.0, 2019, "250+")
    # when an annual report for a later year says 180 employees
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"cvr": 69083013, "year": 2020, "employees": 180}) + "\n")
    import_cvr_files([], financials=later, progress=False)
    # then the headline follows the latest yearly row
    company.refresh_from_db()
    assert (company.employees, company.employees_year, company.size_class) == (
        180.0,
        2020,
        "50-249",
    )


def panel_state() -> list[tuple]:
    from vaekst.register.models import Company

    fields = [f.name for f in YearlyFigures._meta.fields if f.name not in ("id", "company")]
    rows = YearlyFigures.objects.values_list("company__cvr", *fields)
    heads = Company.objects.values_list("cvr", "employees", "employees_year", "size_class")
    return sorted(rows) + sorted(heads)


@pytest.mark.django_db
def test_a_large_load_with_key_figures_ends_as_companies_then_figures() -> None:
    # given: the companies and then the key figures, one load after the other
    import_cvr_files([DOCUMENTS], progress=False)
    import_cvr_files([], financials=FINANCIALS, progress=False)
    expected = panel_state()
    from vaekst.register.models import Company

    Company.objects.all().delete()
    # when: one load of both with workers (the figures merged as the companies are written)
    import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False, workers=2)
    # then
    assert panel_state() == expected
    assert not RegisterChange.objects.exists()


@pytest.mark.django_db
def test_a_known_key_figures_line_is_merged_again_once_the_register_changed_its_row(
    tmp_path: Path,
) -> None:
    # given: A's 2023 headcount is the register's exact 12, over the file's 23
    import_cvr_files([DOCUMENTS], financials=FINANCIALS, progress=False, workers=2)
    assert (figures(A, 2023).employees, figures(A, 2023).financials_hash) != (23, "")
    again = import_cvr_files([], financials=FINANCIALS, progress=False, workers=2)
    assert again.financials is not None and again.financials.unchanged == 3
    # when: the register drops the exact count (a band only), and the figures load again
    document = json.loads(DOCUMENTS.read_text().splitlines()[0])
    for entry in document["Vrvirksomhed"]["aarsbeskaeftigelse"]:
        entry["antalInklusivEjere"] = entry["antalAnsatte"] = None
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(document) + "\n")
    import_cvr_files([changed], progress=False)
    assert figures(A, 2023).employees_source == "cvr_band"
    summary = import_cvr_files([], financials=FINANCIALS, progress=False, workers=2)
    # then: the file's headcount takes over from the band, as a load of every line would
    assert (figures(A, 2023).employees, figures(A, 2023).employees_source) == (23, "financials")
    assert summary.financials is not None and summary.financials.updated >= 1
