"""`vaekst score --scope ...` and the progress a run reports, the write step's included."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import make_company
from vaekst.segmentation.models import CompanyScore, ScoringRun
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring
from vaekst.segmentation.tests.conftest import panel


@pytest.fixture
def register(personas):
    """København (101, region 1084): firm A and Kbh ApS; Aarhus (751, region 1082): firm B."""
    other = make_company(municipality_code=101, name="Kbh ApS", rng_seed=41)
    for company in (personas.a.company, other, personas.b.company):
        panel(company, [6, 6, 6, 6])
    return personas


def score(capsys, *args: str) -> dict:
    call_command("score", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("scope", "firms", "region", "municipality"),
    [
        ("region:1084", 2, 1084, None),
        ("municipality:751", 1, None, 751),
        ("national", 3, None, None),
        ("Region:1082", 1, 1082, None),
    ],
)
def test_scope_flag_limits_the_run(register, capsys, scope, firms, region, municipality) -> None:
    # when scoring with --scope
    summary = score(capsys, "--scope", scope)
    # then only the scope's firms are scored, and the run records the scope
    assert summary["firms"] == firms
    assert CompanyScore.objects.count() == firms
    run = ScoringRun.objects.get()
    assert (run.region_id, run.municipality_id) == (region, municipality)


def test_scope_flag_and_the_older_flags_agree(register, capsys) -> None:
    assert score(capsys, "--region", "1084")["firms"] == 2
    assert score(capsys, "--municipality", "101")["firms"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "regions:1084"], "Ukendt --scope 'regions:1084'"),
        (["--scope", "region:abc"], "Ukendt --scope 'region:abc'"),
        (["--scope", "national:1"], "Ukendt --scope 'national:1'"),
        (["--scope", "region:9999"], "Ukendt region: 9999"),
        (["--scope", "municipality:999"], "Ukendt kommune: 999"),
        (["--scope", "national", "--region", "1084"], "ikke begge"),
        (["--region", "1084", "--municipality", "101"], "ikke begge"),
    ],
)
def test_a_wrong_scope_is_refused_and_nothing_is_scored(register, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("score", *args, "--json")
    assert ScoringRun.objects.count() == 0
    assert CompanyScore.objects.count() == 0


def test_progress_is_reported_through_the_write_step(register) -> None:
    # given a run whose progress callback also reads the run's row
    run = request_scoring(actor=None)
    seen: list[tuple[str, int, int, str, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        row = ScoringRun.objects.get(pk=run.pk)
        seen.append((stage, done, total, row.progress_stage, row.progress_done))

    # when it runs
    run_scoring(run, progress)
    # then every stage, each of the write step's sub-steps included, is reported in order
    # and recorded on the run's row
    assert [(stage, done, total) for stage, done, total, _, _ in seen] == [
        ("indicators", 0, 10),
        ("levels", 2, 10),
        ("writing: rule chains", 3, 10),
        ("writing: scores staged", 4, 10),
        ("writing: scores", 5, 10),
        ("writing: history compared", 6, 10),
        ("writing: placements closed", 7, 10),
        ("writing: placements", 8, 10),
        ("done", 10, 10),
    ]
    recorded = [
        (stage, done)
        for stage, done, _, row_stage, row_done in seen
        if (row_stage, row_done) == (stage, done)
    ]
    # on PostgreSQL the write step's progress goes through a connection of its own, which
    # cannot see the row this test's transaction created; elsewhere it is on the row
    side = connection.vendor == "postgresql"
    assert recorded == [
        (stage, done) for stage, done, _, _, _ in seen if not (side and stage.startswith("writing"))
    ]
    run.refresh_from_db()
    assert (run.progress_stage, run.progress_percent) == ("done", 100)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second writer needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_write_step_progress_is_visible_to_other_sessions_at_once(register) -> None:
    # given a committed run, and another session (the page polling the run)
    from django.db.utils import load_backend

    run = request_scoring(actor=None)
    backend = load_backend(connection.settings_dict["ENGINE"])
    page = backend.DatabaseWrapper(dict(connection.settings_dict), "page")
    seen: list[tuple[str, str]] = []

    def progress(stage: str, done: int, total: int) -> None:
        with page.cursor() as cursor:
            cursor.execute(
                "SELECT progress_stage FROM segmentation_scoringrun WHERE id = %s", [run.pk]
            )
            seen.append((stage, cursor.fetchone()[0]))

    # when the run writes its scores, then the other session sees each sub-step
    try:
        run_scoring(run, progress)
    finally:
        page.close()
    assert [stage for stage, on_row in seen if stage == on_row] == [stage for stage, _ in seen]
