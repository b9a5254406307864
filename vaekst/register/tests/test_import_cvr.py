"""Importing CVR company documents: shapes, mapping, rejects, re-import and crash safety."""

import gzip
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from vaekst.register import services
from vaekst.register.importers.values import band_midpoint
from vaekst.register.importers.writer import merge_employment
from vaekst.register.models import (
    Company,
    CompanyPeriod,
    ProductionUnit,
    RegisterChange,
    YearlyFigures,
)
from vaekst.register.services import import_cvr_files

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = FIXTURES / "cvr_documents.jsonl"
ES_RESPONSE = FIXTURES / "cvr_es_response.json"
A, B, C = 62601817, 69083013, 76131864


def read_rejects(path: Path) -> list[tuple[int, Any, str]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert all(row["file"] == str(DOCUMENTS) for row in rows)
    return [(row["line"], row["cvr"], row["reason"]) for row in rows]


def snapshot() -> dict[str, Any]:
    return {
        "companies": sorted(Company.objects.values_list("cvr", "name", "content_hash")),
        "periods": sorted(
            CompanyPeriod.objects.values_list("company__cvr", "kind", "code", "valid_from")
        ),
        "units": sorted(ProductionUnit.objects.values_list("p_number", "company__cvr")),
        "years": sorted(
            YearlyFigures.objects.values_list("company__cvr", "year", "employees", "fte")
        ),
    }


def changed_document_a(tmp_path: Path) -> Path:
    line = DOCUMENTS.read_text().splitlines()[0]
    wrapper = json.loads(line)
    document = wrapper["Vrvirksomhed"]
    document["navne"][-1]["periode"]["gyldigTil"] = "2025-05-31"
    new_name = {"gyldigFra": "2025-06-01", "gyldigTil": None}
    document["navne"].append({"navn": "Kaffe Kode Gruppen ApS", "periode": new_name})
    document["beliggenhedsadresse"][0]["kommune"]["kommuneKode"] = 751
    document["beliggenhedsadresse"][0]["postnummer"] = 8000
    document["aarsbeskaeftigelse"] = document["aarsbeskaeftigelse"][1:]
    path = tmp_path / "changed.jsonl"
    path.write_text(json.dumps(wrapper) + "\n")
    return path


@pytest.mark.django_db
def test_good_documents_land_and_each_bad_one_is_rejected_with_its_line(tmp_path: Path) -> None:
    # given
    rejects = tmp_path / "rejects.jsonl"
    # when
    summary = import_cvr_files([DOCUMENTS], rejects=rejects, progress=False)
    # then
    assert (summary.documents, summary.inserted, summary.rejected) == (8, 3, 5)
    assert sorted(Company.objects.values_list("cvr", flat=True)) == sorted([A, B, C])
    reasons = read_rejects(rejects)
    assert [(line, cvr) for line, cvr, _ in reasons] == [
        (4, 62601818),
        (5, 19139093),
        (6, None),
        (7, 72819489),
        (8, None),
    ]
    assert reasons[0][2].startswith("invalid CVR number:") and "kontrolciffer" in reasons[0][2]
    assert reasons[1][2] == "missing name (navne)"
    assert reasons[2][2].startswith("malformed JSON line")
    assert reasons[3][2] == "unknown municipality code 999"
    assert reasons[4][2] == "missing cvrNummer"


@pytest.mark.django_db
def test_command_prints_one_json_summary_and_exits_1_when_anything_was_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_cvr", str(DOCUMENTS), "--json", "--rejects", str(tmp_path / "r"))
    # then
    assert exit_info.value.code == 1
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("inserted", "updated", "unchanged", "rejected")} == {
        "inserted": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 5,
    }
    assert Company.objects.count() == 3


@pytest.mark.django_db
def test_elasticsearch_response_lands_with_hit_positions_and_exit_code_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # when
    call_command("import_cvr", str(ES_RESPONSE), "--json")
    # then
    assert json.loads(capsys.readouterr().out)["inserted"] == 2
    scroll = Company.objects.get(cvr=96579756)
    assert (scroll.name, scroll.employees, scroll.size_class) == ("Scroll og Søg A/S", 250, "250+")
    figures = YearlyFigures.objects.get(company=scroll, year=2024)
    assert (figures.employees, figures.fte, figures.employees_source) == (250, 231.5, "cvr_exact")
    banded = YearlyFigures.objects.get(company__cvr=91909375, year=2024)
    assert (banded.employees, banded.employees_band, banded.employees_source) == (
        34.5,
        "ANTAL_20_49",
        "cvr_band",
    )


@pytest.mark.django_db
def test_gzip_is_recognised_by_its_magic_bytes_not_its_name(tmp_path: Path) -> None:
    # given a gzip file without a .gz extension
    path = tmp_path / "register.data"
    path.write_bytes(gzip.compress(DOCUMENTS.read_bytes()))
    # when
    summary = import_cvr_files([path], progress=False)
    # then
    assert (summary.inserted, summary.rejected) == (3, 5)


@pytest.mark.django_db
def test_current_values_periods_units_and_employment_are_mapped() -> None:
    # when
    import_cvr_files([DOCUMENTS], progress=False)
    # then
    company = Company.objects.get(cvr=A)
    assert (company.name, company.form_code, company.form_text) == (
        "Kode og Kaffe ApS",
        80,
        "Anpartsselskab",
    )
    assert (company.status, company.is_active, company.founded_on, company.closed_on) == (
        "NORMAL",
        True,
        date(2015, 2, 20),
        None,
    )
    assert (company.main_industry_code, company.main_industry_text) == (
        "621000",
        "Computerprogrammering (DB25)",
    )
    assert (company.street, company.postcode, company.city, company.municipality_id) == (
        "Nørregade 7B",
        1165,
        "København K",
        101,
    )
    assert (company.phone, company.email, company.website) == (
        "33123456",
        "hej@kodeogkaffe.dk",
        "www.kodeogkaffe.dk",
    )
    assert company.advertising_protected is True
    assert (company.employees, company.employees_year, company.size_class) == (12, 2023, "10-49")
    assert company.production_unit_count == 1
    assert len(company.content_hash) == 32 and int(company.content_hash, 16) >= 0
    kinds = sorted(company.periods.values_list("kind", "code", "rank"))
    assert kinds == [
        ("address", "101", 0),
        ("form", "80", 0),
        ("lifetime", "", 0),
        ("main_industry", "620100", 0),
        ("main_industry", "621000", 0),
        ("name", "", 0),
        ("name", "", 0),
        ("secondary_industry", "561010", 1),
        ("secondary_name", "", 0),
        ("status", "", 0),
    ]
    db25 = company.periods.get(kind="main_industry", code="621000")
    assert (db25.valid_from, db25.valid_to, db25.industry_classification) == (
        date(2025, 1, 1),
        None,
        "DB25",
    )
    assert sorted(company.production_units.values_list("p_number", "valid_to")) == [
        (1012345678, None),
        (1012345679, date(2020, 6, 30)),
    ]
    years = list(
        company.yearly_figures.values_list(
            "year", "employees", "fte", "employees_band", "employees_source", "employees_as_of"
        )
    )
    assert years == [
        (2022, 7.0, 3.0, "ANTAL_5_9", "cvr_band", date(2022, 12, 31)),
        (2023, 12.0, 10.0, "", "cvr_exact", date(2023, 12, 31)),
    ]


@pytest.mark.django_db
def test_dissolved_company_is_inactive_with_closing_date_and_open_top_band() -> None:
    # when
    import_cvr_files([DOCUMENTS], progress=False)
    # then
    company = Company.objects.get(cvr=B)
    assert (company.status, company.is_active, company.closed_on) == (
        "OPLØST EFTER FRIVILLIG LIKVIDATION",
        False,
        date(2021, 3, 10),
    )
    assert company.founded_on == date(1998, 6, 1)
    assert (company.employees, company.size_class) == (1000, "250+")
    # a dotted Statistics Denmark code is stored as the register's 6 digits
    assert Company.objects.get(cvr=C).main_industry_code == "107110"


@pytest.mark.django_db
def test_unchanged_reimport_writes_nothing() -> None:
    # given
    import_cvr_files([DOCUMENTS, ES_RESPONSE], progress=False)
    before = snapshot()
    stamps = dict(Company.objects.values_list("cvr", "updated_at"))
    period_ids = sorted(CompanyPeriod.objects.values_list("id", flat=True))
    # when
    summary = import_cvr_files([DOCUMENTS, ES_RESPONSE], progress=False)
    # then
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 0, 5)
    assert dict(Company.objects.values_list("cvr", "updated_at")) == stamps
    assert sorted(CompanyPeriod.objects.values_list("id", flat=True)) == period_ids
    assert snapshot() == before
    assert RegisterChange.objects.count() == 0


@pytest.mark.django_db
def test_changed_document_updates_current_values_replaces_history_and_records_change(
    tmp_path: Path,
) -> None:
    # given
    import_cvr_files([DOCUMENTS], progress=False)
    untouched = Company.objects.get(cvr=B).updated_at
    # when
    summary = import_cvr_files([changed_document_a(tmp_path)], progress=False)
    # then
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 0)
    company = Company.objects.get(cvr=A)
    assert (company.name, company.municipality_id, company.postcode) == (
        "Kaffe Kode Gruppen ApS",
        751,
        8000,
    )
    assert company.periods.filter(kind="name").count() == 3
    assert list(company.yearly_figures.values_list("year", flat=True)) == [2023]
    change = RegisterChange.objects.get(company=company)
    assert change.source == "changed.jsonl"
    assert change.changes == {
        "name": ["Kode og Kaffe ApS", "Kaffe Kode Gruppen ApS"],
        "postcode": [1165, 8000],
        "municipality": [101, 751],
        "region": [1084, 1082],
    }
    # a company missing from the file is left alone
    assert Company.objects.get(cvr=B).updated_at == untouched


@pytest.mark.django_db
def test_rerun_after_a_crash_half_way_ends_in_the_same_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given an import that dies after its first batch was committed
    real_write = services.write_companies
    calls = []

    def crash_on_second_batch(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(services, "write_companies", crash_on_second_batch)
    with pytest.raises(RuntimeError):
        import_cvr_files([DOCUMENTS], progress=False, batch_size=2)
    assert Company.objects.count() == 2
    monkeypatch.setattr(services, "write_companies", real_write)
    # when
    rerun = import_cvr_files([DOCUMENTS], progress=False, batch_size=2)
    after_crash = snapshot()
    Company.objects.all().delete()
    import_cvr_files([DOCUMENTS], progress=False, batch_size=2)
    # then
    assert (rerun.inserted, rerun.unchanged) == (1, 2)
    assert after_crash == snapshot()


@pytest.mark.parametrize(
    ("band", "midpoint"),
    [
        ("ANTAL_0_0", 0.0),
        ("ANTAL_1_1", 1.0),
        ("ANTAL_2_4", 3.0),
        ("ANTAL_10_19", 14.5),
        ("ANTAL_500_999", 749.5),
        ("ANTAL_1000_999999", 1000.0),
        ("ANTAL_1000_", 1000.0),
        ("ANTAL_X", None),
        (None, None),
    ],
)
def test_band_midpoint(band: str | None, midpoint: float | None) -> None:
    assert band_midpoint(band) == midpoint


def test_register_band_does_not_replace_an_annual_report_figure_but_exact_does() -> None:
    report = (9.0, None, "", "annual_report", "2022-12-31")
    band = (7.0, 3.0, "ANTAL_5_9", "cvr_band", "2022-12-31")
    exact = (8.0, 7.0, "", "cvr_exact", "2022-12-31")
    assert merge_employment(report, band) is None
    assert merge_employment(report, exact) == exact
    assert merge_employment(band, None) == (None, None, "", "", None)
    assert merge_employment(report, None) is None


@pytest.mark.django_db
def test_worker_processes_give_the_same_result_as_the_parser_thread(tmp_path: Path) -> None:
    # given
    threaded = import_cvr_files([DOCUMENTS], progress=False, rejects=tmp_path / "a", workers=0)
    expected = snapshot()
    Company.objects.all().delete()
    # when
    parallel = import_cvr_files(
        [DOCUMENTS, ES_RESPONSE], progress=False, rejects=tmp_path / "b", workers=2, batch_size=3
    )
    # then
    assert (parallel.inserted, parallel.rejected) == (threaded.inserted + 2, threaded.rejected)
    assert (tmp_path / "a").read_text() == (tmp_path / "b").read_text()
    assert {
        k: [r for r in v if r[0] not in (91909375, 96579756)] for k, v in snapshot().items()
    } == {k: v for k, v in expected.items()}


def first_document() -> dict[str, Any]:
    return json.loads(DOCUMENTS.read_text().splitlines()[0])


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [0, 2])
def test_fields_of_the_wrong_type_reject_their_document_and_the_rest_lands(
    tmp_path: Path, workers: int
) -> None:
    # given: the good document A, then four documents whose fields have the wrong type
    good = first_document()
    text_municipality = first_document()
    text_municipality["Vrvirksomhed"]["cvrNummer"] = B
    text_municipality["Vrvirksomhed"]["beliggenhedsadresse"][0]["kommune"] = "København"
    text_period = first_document()
    text_period["Vrvirksomhed"]["cvrNummer"] = C
    text_period["Vrvirksomhed"]["navne"][0]["periode"] = "2015-03-01/2019-12-31"
    text_count = first_document()
    text_count["Vrvirksomhed"]["cvrNummer"] = 91909375
    text_count["Vrvirksomhed"]["aarsbeskaeftigelse"][1]["antalInklusivEjere"] = "many"
    path = tmp_path / "typed.jsonl"
    lines = [good, text_municipality, text_period, text_count, ["not", "a", "document"]]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    rejects = tmp_path / "rejects.jsonl"
    # when
    summary = import_cvr_files(
        [path], rejects=rejects, progress=False, workers=workers, batch_size=2
    )
    # then
    assert (summary.documents, summary.inserted, summary.rejected) == (5, 1, 4)
    assert list(Company.objects.values_list("cvr", flat=True)) == [A]
    rows = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(row["line"], row["cvr"]) for row in rows] == [
        (2, B),
        (3, C),
        (4, 91909375),
        (5, None),
    ]
    assert all(row["reason"] for row in rows)
    assert rows[2]["reason"].startswith("malformed document: ValueError")


@pytest.mark.django_db
def test_years_without_an_annual_count_take_the_mean_of_the_monthly_else_quarterly_ones(
    tmp_path: Path,
) -> None:
    # given: annual counts for 2022-2023, months of 2024 and quarters of 2024-2025
    wrapper = first_document()
    document = wrapper["Vrvirksomhed"]
    document["maanedsbeskaeftigelse"] = [
        {"aar": 2024, "maaned": 1, "antalAnsatte": 13, "antalAarsvaerk": 11},
        {"aar": 2024, "maaned": 2, "antalAnsatte": 15, "antalAarsvaerk": 12},
        {"aar": 2024, "maaned": 3, "antalAnsatte": 17, "antalAarsvaerk": 13},
    ]
    document["kvartalsbeskaeftigelse"] = [
        {"aar": 2023, "kvartal": 4, "antalAnsatte": 99, "antalAarsvaerk": 99},
        {"aar": 2024, "kvartal": 1, "antalAnsatte": 50, "antalAarsvaerk": 50},
        {
            "aar": 2025,
            "kvartal": 1,
            "antalAnsatte": None,
            "intervalKodeAntalAnsatte": "ANTAL_20_49",
            "intervalKodeAntalAarsvaerk": "ANTAL_10_19",
        },
        {
            "aar": 2025,
            "kvartal": 2,
            "antalAnsatte": None,
            "intervalKodeAntalAnsatte": "ANTAL_20_49",
            "intervalKodeAntalAarsvaerk": "ANTAL_20_49",
        },
    ]
    path = tmp_path / "sub_year.jsonl"
    path.write_text(json.dumps(wrapper) + "\n")
    # when
    import_cvr_files([path], progress=False)
    # then: the annual list wins where it has the year, months before quarters after it
    years = list(
        Company.objects.get(cvr=A).yearly_figures.values_list(
            "year", "employees", "fte", "employees_band", "employees_source", "employees_as_of"
        )
    )
    assert years == [
        (2022, 7.0, 3.0, "ANTAL_5_9", "cvr_band", date(2022, 12, 31)),
        (2023, 12.0, 10.0, "", "cvr_exact", date(2023, 12, 31)),
        (2024, 15.0, 12.0, "", "cvr_exact", date(2024, 3, 31)),
        (2025, 34.5, 24.5, "ANTAL_20_49", "cvr_band", date(2025, 6, 30)),
    ]


def unit_document(p_number: Any, cvr: Any, name: str, municipality: int) -> dict[str, Any]:
    period = {"gyldigFra": "2015-03-01", "gyldigTil": None}
    return {
        "VrproduktionsEnhed": {
            "pNummer": p_number,
            "navne": [{"navn": name, "periode": period}],
            "beliggenhedsadresse": [{"kommune": {"kommuneKode": municipality}, "periode": period}],
            "virksomhedsrelation": [{"cvrNummer": cvr, "periode": period}],
            "livsforloeb": [{"periode": period}],
        }
    }


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [0, 2])
def test_production_unit_documents_name_and_place_the_units_and_survive_a_company_reimport(
    tmp_path: Path, workers: int
) -> None:
    # given the companies, then a file of production units (the sibling index)
    import_cvr_files([DOCUMENTS], progress=False)
    units = tmp_path / "units.jsonl"
    units.write_text(
        "".join(
            json.dumps(line) + "\n"
            for line in [
                unit_document(1012345678, A, "Kode og Kaffe, Aarhus", 751),
                unit_document(1098765432, 31993512, "Ukendt firma", 101),  # not imported
                unit_document("12", A, "Forkert P-nummer", 101),
                {
                    "Vrproduktionsenhed": unit_document(1012345679, A, "Lager", 999)[
                        "VrproduktionsEnhed"
                    ]
                },
            ]
        )
    )
    rejects = tmp_path / "rejects.jsonl"
    # when
    summary = import_cvr_files([units], rejects=rejects, progress=False, workers=workers)
    # then
    assert (summary.documents, summary.production_units) == (4, 2)
    assert (summary.updated, summary.inserted, summary.rejected) == (1, 0, 3)
    unit = ProductionUnit.objects.get(p_number=1012345678)
    assert (unit.company.cvr, unit.name, unit.municipality_id, unit.valid_from) == (
        A,
        "Kode og Kaffe, Aarhus",
        751,
        date(2015, 3, 1),
    )
    rows = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(row["line"], row["cvr"]) for row in rows] == [(3, A), (4, A), (2, 31993512)]
    assert rows[0]["reason"] == "production unit: invalid or missing pNummer '12'"
    assert rows[1]["reason"] == "unknown municipality code 999"
    assert rows[2]["reason"] == (
        "company not in the register (import its CVR document first) (P 1098765432)"
    )
    # when the same units come again, and the company's own document changes
    again = import_cvr_files([units], progress=False)
    import_cvr_files([changed_document_a(tmp_path)], progress=False)
    # then nothing was written again, and the unit keeps its name and place
    assert (again.unchanged, again.updated, again.inserted) == (1, 0, 0)
    unit = ProductionUnit.objects.get(p_number=1012345678)
    assert (unit.name, unit.municipality_id) == ("Kode og Kaffe, Aarhus", 751)


def renamed(document: dict[str, Any], name: str) -> dict[str, Any]:
    changed = json.loads(json.dumps(document))
    changed["Vrvirksomhed"]["navne"][-1]["navn"] = name
    return changed


@pytest.mark.django_db
def test_a_large_re_import_skips_the_lines_it_has_seen_and_ends_as_a_full_read(
    tmp_path: Path,
) -> None:
    # given: the register imported from a file, then a file of one change after it
    old = first_document()
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(old) + "\n" + DOCUMENTS.read_text().split("\n", 1)[1])
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(renamed(old, "Senere Navn ApS")) + "\n")
    import_cvr_files([first, later], progress=False, workers=2, batch_size=2)
    assert Company.objects.get(cvr=A).name == "Senere Navn ApS"
    hashes = dict(Company.objects.values_list("cvr", "source_hash"))
    assert all(len(digest) == 32 for digest in hashes.values())
    state = snapshot()
    # when: the same files again; then nothing is written and every line counts unchanged
    again = import_cvr_files([later], progress=False, workers=2, batch_size=2)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    # and: both files again. The first file's older line for A is read and written; the
    # later line, known and so skipped at first, is read after all, and wins as before.
    both = import_cvr_files([first, later], progress=False, workers=2, batch_size=2)
    assert Company.objects.get(cvr=A).name == "Senere Navn ApS"
    assert snapshot() == state
    assert both.updated == 2 and both.unchanged == both.documents - both.rejected - 2
    assert dict(Company.objects.values_list("cvr", "source_hash")) == hashes


@pytest.mark.django_db
def test_a_skipped_line_after_a_changed_line_of_the_same_company_in_one_batch(
    tmp_path: Path,
) -> None:
    # given: A imported from its current document
    current = first_document()
    path = tmp_path / "current.jsonl"
    path.write_text(json.dumps(current) + "\n")
    import_cvr_files([path], progress=False, workers=2)
    # when: one batch holds an older document of A and then the current one, unchanged
    both = tmp_path / "both.jsonl"
    both.write_text(json.dumps(renamed(current, "Gammelt Navn ApS")) + "\n" + path.read_text())
    summary = import_cvr_files([both], progress=False, workers=2)
    # then: the later, current document wins, as it would with every line parsed
    assert Company.objects.get(cvr=A).name == current["Vrvirksomhed"]["navne"][-1]["navn"]
    assert summary.documents == 2


@pytest.mark.django_db
def test_known_lines_are_not_sent_to_be_parsed(tmp_path: Path) -> None:
    from vaekst.organisations.models import Municipality
    from vaekst.register.importers.cvr import line_digest
    from vaekst.register.importers.pipeline import parallel_company_batches, worker_pool

    lines = DOCUMENTS.read_bytes().splitlines(keepends=True)
    known = {line_digest(lines[0]): A}
    codes = dict(Municipality.objects.values_list("code", "region_id"))
    pool = worker_pool(2, codes)
    try:
        batches = list(parallel_company_batches([DOCUMENTS], codes, 100, pool, known=known))
    finally:
        pool.shutdown()
    (batch,) = batches
    assert [(entry.line, entry.cvr) for entry in batch.skipped] == [(1, A)]
    assert A not in [record.cvr for record in batch.records]
    assert batch.documents == len(lines)


@pytest.mark.django_db
def test_text_with_tabs_backslashes_and_line_breaks_lands_as_it_was_in_a_large_load(
    tmp_path: Path,
) -> None:
    # given: a name and a trade name with the characters COPY's text format escapes
    document = first_document()
    odd = "Tab\there \\ back\nslash\r ApS"
    document["Vrvirksomhed"]["navne"][-1]["navn"] = odd
    document["Vrvirksomhed"]["binavne"] = [
        {"navn": "Null\x00byte", "periode": {"gyldigFra": "2020-01-01", "gyldigTil": None}}
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(document) + "\n")
    # when: through the workers (on PostgreSQL their COPY text)
    import_cvr_files([path], progress=False, workers=2)
    # then
    company = Company.objects.get(cvr=A)
    assert company.name == odd.strip()
    names = set(company.periods.values_list("text", flat=True))
    assert odd.strip() in names and "Nullbyte" in names
    assert company.yearly_figures.count() == 2


def test_copy_text_fields() -> None:
    from vaekst.register.importers import copytext

    assert copytext.field(None) == "\\N"
    assert copytext.field("a\tb\\c\nd\re\x00") == "a\\tb\\\\c\\nd\\re"
    assert (copytext.field(True), copytext.field(False), copytext.field(2.5)) == ("t", "f", "2.5")
    assert copytext.with_id(copytext.rows([("x", None), (1, "")]), 7) == "7\tx\t\\N\n7\t1\t\n"
