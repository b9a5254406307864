"""A delta of the register (documents updated since the last run) updates exactly what
changed, says which firms it touched, and keeps what that means as `CompanyEvent` rows."""

from pathlib import Path

import pytest
from django.test import override_settings

from vaekst.register.choices import CompanyEventKind
from vaekst.register.models import Company, CompanyEvent, ProductionUnit, RegisterChange
from vaekst.register.services import import_cvr_files
from vaekst.register.tests.deltas import (
    company_document,
    cvr_number,
    unit_document,
    write_lines,
)

STEADY, CLOSING, BANKRUPT, DISSOLVED, MOVING, GROWING = (cvr_number(seed) for seed in range(6))
NEW_LARGE, NEW_SMALL = cvr_number(10), cvr_number(11)
UNIT = 1012345678


@pytest.fixture
def register(db, tmp_path: Path) -> dict[int, Company]:
    """Six firms in København, imported from a full file (firm 'moving' with a unit)."""
    documents = [
        company_document(cvr, name=f"Firma {index} ApS")
        for index, cvr in enumerate((STEADY, CLOSING, BANKRUPT, DISSOLVED, MOVING, GROWING))
    ]
    documents[4] = company_document(MOVING, name="Firma 4 ApS", units=[UNIT])
    documents.append(unit_document(UNIT, MOVING, name="Lager", municipality=101))
    summary = import_cvr_files([write_lines(tmp_path / "full.jsonl", documents)], progress=False)
    assert summary.rejected == 0
    return {company.cvr: company for company in Company.objects.all()}


def delta_file(tmp_path: Path) -> Path:
    """A night's delta: one unchanged, four changed, one new firm with many employees and one
    with few; the moving firm's production unit moves with it."""
    return write_lines(
        tmp_path / "delta-2026-12-07.jsonl",
        [
            company_document(STEADY, name="Firma 0 ApS"),
            company_document(CLOSING, name="Firma 1 ApS", status="OPHØRT"),
            company_document(BANKRUPT, name="Firma 2 ApS", status="UNDER KONKURS"),
            company_document(DISSOLVED, name="Firma 3 ApS", status="TVANGSOPLØST"),
            company_document(MOVING, name="Firma 4 ApS", municipality=751, units=[UNIT]),
            unit_document(UNIT, MOVING, name="Lager", municipality=751),
            company_document(GROWING, name="Firma 5 ApS", employees={2021: 5, 2022: 6, 2023: 9}),
            company_document(NEW_LARGE, name="Ny Stor ApS", employees={2023: 40}),
            company_document(NEW_SMALL, name="Ny Lille ApS", employees={2023: 3}),
        ],
    )


def events() -> list[tuple[int, str, str, str]]:
    return sorted(
        CompanyEvent.objects.values_list("company__cvr", "kind", "from_value", "to_value")
    )


def test_delta_updates_exactly_what_changed_and_returns_the_touched_firms(
    register, tmp_path
) -> None:
    # given the register as imported, and the steady firm's row as it stands
    steady_before = Company.objects.values().get(cvr=STEADY)
    # when the delta is imported
    summary = import_cvr_files([delta_file(tmp_path)], progress=False)
    # then the unchanged firm is untouched, five are updated (the unit too), two are new
    assert (summary.inserted, summary.unchanged, summary.rejected) == (2, 1, 0)
    assert summary.updated == 5 + 1  # five firms and the moved production unit
    assert Company.objects.values().get(cvr=STEADY) == steady_before
    ids = dict(Company.objects.values_list("cvr", "pk"))
    touched_cvrs = {CLOSING, BANKRUPT, DISSOLVED, MOVING, GROWING, NEW_LARGE, NEW_SMALL}
    assert summary.touched_company_ids == {ids[cvr] for cvr in touched_cvrs}
    # and each change landed
    rows = {
        c.cvr: (c.is_active, c.status, c.municipality_id, c.region_id, c.employees)
        for c in Company.objects.all()
    }
    assert rows[CLOSING] == (False, "OPHØRT", 101, 1084, 7.0)
    assert rows[BANKRUPT] == (True, "UNDER KONKURS", 101, 1084, 7.0)
    assert rows[DISSOLVED] == (False, "TVANGSOPLØST", 101, 1084, 7.0)
    assert rows[MOVING] == (True, "NORMAL", 751, 1082, 7.0)
    assert rows[GROWING] == (True, "NORMAL", 101, 1084, 9.0)
    assert rows[NEW_LARGE] == (True, "NORMAL", 101, 1084, 40.0)
    assert ProductionUnit.objects.get(p_number=UNIT).municipality_id == 751
    assert not RegisterChange.objects.filter(company__cvr=STEADY).exists()


def test_delta_keeps_what_changed_as_events_with_from_and_to(register, tmp_path) -> None:
    # when
    import_cvr_files([delta_file(tmp_path)], progress=False)
    # then closings, bankruptcy, dissolution, the move and the large new firm are rows;
    # the firm that only grew and the small new firm are not news
    assert events() == sorted(
        [
            (CLOSING, CompanyEventKind.CLOSED, "NORMAL", "OPHØRT"),
            (BANKRUPT, CompanyEventKind.BANKRUPTCY, "NORMAL", "UNDER KONKURS"),
            (DISSOLVED, CompanyEventKind.COMPULSORY_DISSOLUTION, "NORMAL", "TVANGSOPLØST"),
            (MOVING, CompanyEventKind.MOVED, "101", "751"),
            (NEW_LARGE, CompanyEventKind.NEW_LARGE, "", "40"),
        ]
    )
    assert set(CompanyEvent.objects.values_list("source", flat=True)) == {"delta-2026-12-07.jsonl"}


def test_a_delta_imported_twice_writes_its_events_once(register, tmp_path) -> None:
    # given the delta imported once
    path = delta_file(tmp_path)
    import_cvr_files([path], progress=False)
    before = events()
    # when it is imported again
    again = import_cvr_files([path], progress=False)
    # then nothing is written and no event is repeated
    assert (again.inserted, again.updated, again.touched_company_ids) == (0, 0, set())
    assert events() == before
    assert CompanyEvent.objects.count() == 5


@override_settings(REGISTER_NEW_FIRM_EMPLOYEES=50)
def test_the_new_firm_threshold_is_a_setting(register, tmp_path) -> None:
    # when the threshold is above the new firm's 40 employees
    import_cvr_files([delta_file(tmp_path)], progress=False)
    # then it is not listed as new
    assert not CompanyEvent.objects.filter(kind=CompanyEventKind.NEW_LARGE).exists()


def test_the_first_load_into_an_empty_register_lists_no_new_firms(db, tmp_path) -> None:
    # given an empty register
    # when a full file with a large firm is loaded
    path = write_lines(
        tmp_path / "full.jsonl", [company_document(NEW_LARGE, employees={2023: 400})]
    )
    import_cvr_files([path], progress=False)
    # then every firm is new and none is news
    assert Company.objects.count() == 1
    assert CompanyEvent.objects.count() == 0
