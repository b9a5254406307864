"""The daily register delta from a drop directory: each file imported, then only the firms
it touched re-scored; files taken in order, a failed one retried without duplicates and
without skipping it."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vaekst.register.choices import CompanyEventKind, ImportStatus
from vaekst.register.models import Company, CompanyEvent, RegisterImport, YearlyFigures
from vaekst.register.services import import_cvr_files
from vaekst.register.tests.deltas import company_document, cvr_number, write_lines
from vaekst.segmentation import deltas
from vaekst.segmentation.models import CompanyScore, Placement, ScoringRun
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring

FLAT = {2020: 6, 2021: 6, 2022: 6, 2023: 6}  # no growth: established
GREW = {2020: 6, 2021: 6, 2022: 6, 2023: 9}  # 14.5 % a year over three years: potential
STEADY, GROWER, CLOSER, OTHER = (cvr_number(seed) for seed in (20, 21, 22, 23))


@pytest.fixture
def scored_register(db, tmp_path: Path) -> None:
    """Four established firms in København, imported and scored by a national run."""
    documents = [
        company_document(cvr, name=f"Firma {index} ApS", employees=FLAT)
        for index, cvr in enumerate((STEADY, GROWER, CLOSER, OTHER))
    ]
    import_cvr_files([write_lines(tmp_path / "full.jsonl", documents)], progress=False)
    run_scoring(request_scoring(actor=None))
    assert set(CompanyScore.objects.values_list("level_key", flat=True)) == {"established"}


def the_delta(directory: Path, name: str = "2026-12-07.jsonl") -> Path:
    """The grower grew, the closer closed; the other two are not in it."""
    directory.mkdir(exist_ok=True)
    return write_lines(
        directory / name,
        [
            company_document(GROWER, name="Firma 1 ApS", employees=GREW),
            company_document(CLOSER, name="Firma 2 ApS", employees=FLAT, status="OPHØRT"),
        ],
    )


def scores() -> dict[int, tuple[Any, ...]]:
    return {
        row[0]: row[1:]
        for row in CompanyScore.objects.values_list(
            "company__cvr", "level_key", "run_id", "scored_at", "indicators"
        )
    }


def events() -> list[tuple[int, str, str, str]]:
    return sorted(
        CompanyEvent.objects.values_list("company__cvr", "kind", "from_value", "to_value")
    )


EXPECTED_EVENTS = sorted(
    [
        (GROWER, CompanyEventKind.LEVEL_MOVED, "established", "potential"),
        (CLOSER, CompanyEventKind.CLOSED, "NORMAL", "OPHØRT"),
    ]
)


def test_the_delta_rescores_only_the_firms_it_touched(scored_register, tmp_path) -> None:
    # given the scores as the national run left them, and a figure of an untouched firm
    # changed outside the delta (a run over everyone would move that firm up)
    before = scores()
    YearlyFigures.objects.filter(company__cvr=OTHER, year=2023).update(employees=9)
    drop = tmp_path / "drop"
    the_delta(drop)
    # when the drop directory is taken
    results = deltas.take_drop_directory(drop)
    # then one run scored the one active touched firm (the closed one is no longer scored)
    assert len(results) == 1
    run = results[0].run
    assert run is not None
    ids = dict(Company.objects.values_list("cvr", "pk"))
    assert run.company_ids == sorted([ids[GROWER], ids[CLOSER]])
    assert run.summary["firms"] == 1
    after = scores()
    assert after[GROWER][0] == "potential"
    assert after[GROWER][1] == run.pk
    assert after[GROWER][3]["employees"] == 9.0
    # and the untouched firms' score rows are exactly as they were
    for cvr in (STEADY, OTHER, CLOSER):
        assert after[cvr] == before[cvr]
    # and the level move is kept as a row with the import's run
    assert events() == EXPECTED_EVENTS
    record = RegisterImport.objects.get()
    assert set(CompanyEvent.objects.values_list("register_import", flat=True)) == {record.pk}
    assert (record.status, record.attempts, record.file_name) == (
        ImportStatus.DONE,
        1,
        "2026-12-07.jsonl",
    )
    assert record.counts["updated"] == 2
    assert run.register_import_id == record.pk


def test_a_rescoring_of_touched_firms_does_not_count_as_checking_the_area(
    scored_register, tmp_path
) -> None:
    # given the national run's finish, which the company page shows as "checked"
    from vaekst.segmentation.selectors import last_checked

    steady = Company.objects.get(cvr=STEADY)
    checked = last_checked(steady)
    # when a delta re-scores other firms
    deltas.take_drop_directory(the_delta(tmp_path / "drop").parent)
    # then the steady firm was not checked again
    assert last_checked(steady) == checked


def test_files_are_taken_in_name_order_and_each_once(scored_register, tmp_path) -> None:
    # given two deltas, the later one taking the grower back to flat
    drop = tmp_path / "drop"
    the_delta(drop, "2026-12-07.jsonl")
    write_lines(
        drop / "2026-12-08.jsonl", [company_document(GROWER, name="Firma 1 ApS", employees=FLAT)]
    )
    (drop / "2026-12-09.jsonl.part").write_text("half a file")
    # when the directory is taken, and taken again
    first = deltas.take_drop_directory(drop)
    second = deltas.take_drop_directory(drop)
    # then both files were taken in order (the grower moved up, then back), the incomplete
    # one was left, and the second run found nothing new
    assert [result.file for result in first] == ["2026-12-07.jsonl", "2026-12-08.jsonl"]
    assert second == []
    assert scores()[GROWER][0] == "established"
    moves = list(
        CompanyEvent.objects.filter(kind=CompanyEventKind.LEVEL_MOVED)
        .order_by("pk")
        .values_list("from_value", "to_value", "register_import__file_name")
    )
    assert moves == [
        ("established", "potential", "2026-12-07.jsonl"),
        ("potential", "established", "2026-12-08.jsonl"),
    ]
    assert list(RegisterImport.objects.order_by("pk").values_list("status", "attempts")) == [
        (ImportStatus.DONE, 1),
        (ImportStatus.DONE, 1),
    ]


def test_a_failed_rescoring_stops_the_run_and_is_retried_without_duplicates(
    scored_register, tmp_path, monkeypatch
) -> None:
    # given two files, and a re-scoring that fails the first time
    drop = tmp_path / "drop"
    the_delta(drop, "2026-12-07.jsonl")
    write_lines(
        drop / "2026-12-08.jsonl", [company_document(OTHER, name="Firma 3 ApS", employees=GREW)]
    )
    calls = []

    def failing_once(run: ScoringRun, *args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(run.pk)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return run_scoring(run, *args, **kwargs)

    monkeypatch.setattr(deltas, "run_scoring", failing_once)
    # when the command runs
    with pytest.raises(CommandError, match="database went away"):
        call_command("import_cvr_drop", str(drop))
    # then the first file's documents landed but it is not done, and the second was not taken
    first = RegisterImport.objects.get()
    assert (first.file_name, first.status) == ("2026-12-07.jsonl", ImportStatus.IMPORTED)
    assert "database went away" in first.error
    assert Company.objects.get(cvr=CLOSER).is_active is False
    assert scores()[GROWER][0] == "established"
    # when it runs again
    call_command("import_cvr_drop", str(drop))
    # then the first file was finished (re-scored) before the second was taken, and
    # nothing was recorded twice
    assert list(
        RegisterImport.objects.order_by("pk").values_list("file_name", "status", "attempts")
    ) == [("2026-12-07.jsonl", ImportStatus.DONE, 2), ("2026-12-08.jsonl", ImportStatus.DONE, 1)]
    assert scores()[GROWER][0] == "potential"
    assert scores()[OTHER][0] == "potential"
    assert events() == sorted(
        [
            *EXPECTED_EVENTS,
            (OTHER, CompanyEventKind.LEVEL_MOVED, "established", "potential"),
        ]
    )
    assert Placement.objects.filter(company__cvr=GROWER).count() == 2


def test_an_import_that_fails_half_way_is_retried_and_rescores_what_it_had_written(
    scored_register, tmp_path, monkeypatch
) -> None:
    # given a delta whose import fails after its company batch has committed
    drop = tmp_path / "drop"
    the_delta(drop)
    real = deltas.import_cvr_files

    def half_way(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(deltas, "import_cvr_files", half_way)
    with pytest.raises(OSError, match="disk full"):
        deltas.take_drop_directory(drop)
    assert RegisterImport.objects.get().status == ImportStatus.FAILED
    assert Company.objects.get(cvr=CLOSER).is_active is False  # its writes committed
    monkeypatch.setattr(deltas, "import_cvr_files", real)
    # when the run is retried (the documents are now unchanged: nothing is written again)
    results = deltas.take_drop_directory(drop)
    # then the firms the file names are re-scored all the same, and nothing is duplicated
    assert results[0].counts["updated"] == 0
    assert scores()[GROWER][0] == "potential"
    assert events() == EXPECTED_EVENTS
    assert RegisterImport.objects.get().status == ImportStatus.DONE


def test_the_command_refuses_a_missing_directory(db, tmp_path) -> None:
    with pytest.raises(CommandError, match="no such directory"):
        call_command("import_cvr_drop", str(tmp_path / "nowhere"))
    assert RegisterImport.objects.count() == 0


def test_the_first_whole_run_places_every_firm_without_a_level_move(db, tmp_path: Path) -> None:
    # given an empty register loaded with four firms, one of them large
    documents = [
        company_document(cvr, name=f"Firma {index} ApS", employees=employees)
        for index, (cvr, employees) in enumerate(
            ((STEADY, FLAT), (GROWER, GREW), (CLOSER, FLAT), (OTHER, {2023: 40}))
        )
    ]
    import_cvr_files([write_lines(tmp_path / "full.jsonl", documents)], progress=False)
    # when the first whole scoring run places them
    run = request_scoring(actor=None)
    run_scoring(run)
    # then every firm is placed for the first time, none moved, and neither the load nor the
    # run wrote a change row: a firm placed for the first time has not changed level
    run.refresh_from_db()
    assert (run.summary["new_placements"], run.summary["moved"]) == (4, 0)
    assert CompanyScore.objects.count() == 4
    assert events() == []
