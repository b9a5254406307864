"""Scoring: indicators and levels of every active firm in a scope, in sets.

Stages (each reported to the run's progress): read the panel, compute indicators, predict,
place on levels per rule chain, write the current scores (replaced) and the placement
history (a new row only where the level or the governing rule set changed).
"""

# SQL is built from this module's constants; values are parameters.
# ruff: noqa: S608

import datetime
from collections.abc import Callable
from typing import Any

import numpy as np
import orjson
import polars as pl
from django.db import connection, transaction
from django.db.utils import load_backend
from django.utils import timezone

import vaekst.segmentation.prediction as prediction
from vaekst.lib.bulk import Bulk
from vaekst.register.choices import CompanyEventKind
from vaekst.segmentation.choices import RunStatus
from vaekst.segmentation.highgrowth import panel_depth
from vaekst.segmentation.indicators import (
    Scope,
    compute_indicators,
    latest_year,
    load_assessments,
    load_companies,
    load_panel,
)
from vaekst.segmentation.models import RuleChain, ScoringRun
from vaekst.segmentation.rules import evaluate
from vaekst.segmentation.selectors import RulesInForce, rules_in_force
from vaekst.segmentation.services import retire_superseded

Progress = Callable[[str, int, int], None]

# The indicator columns stored with each score (and shown in explanations).
STORED_INDICATORS = [
    "employees",
    "fte",
    "employee_growth_1y",
    "employee_growth_2y",
    "employee_growth_3y",
    "gross_profit_growth_1y",
    "gross_profit_growth_3y",
    "gross_profit",
    "age_years",
    "exporter",
    "industry",
    "company_form",
    "size_class",
    "ambition",
    "capacity",
    "assessed_on",
    "predicted_high_growth",
    "high_growth_eurostat",
    "high_growth_oecd",
    "high_growth_dst_young",
]


def indicator_frame(
    scope: Scope, as_of: int | None = None, *, on: datetime.date | None = None
) -> tuple[pl.DataFrame, int]:
    """Indicators (with predictions) of the active firms in `scope`, with the figures of a
    year and the consultants' assessments as they stood on the scoring date `on` (today)."""
    companies = load_companies(scope)
    if as_of is None:
        probe = load_panel(scope, 1900, 9999) if len(companies) < 5000 else None
        as_of = _latest_panel_year(probe)
    panel = load_panel(scope, as_of - panel_depth(), as_of)
    assessments = load_assessments(scope, on=on or timezone.localdate())
    frame = compute_indicators(companies, panel, assessments, as_of)
    predicted = prediction.predict_frame(frame, panel=panel, as_of=as_of)
    frame = frame.with_columns(
        pl.Series("predicted_high_growth", predicted, dtype=pl.Float64)
        if predicted is not None
        else pl.lit(None, dtype=pl.Float64).alias("predicted_high_growth")
    )
    return frame, as_of


def register_as_of_year() -> int:
    """The year of the figures of the latest finished run over a whole area, else the latest
    year with employment figures."""
    year = (
        ScoringRun.objects.filter(
            status=RunStatus.DONE, company_ids__isnull=True, as_of_year__isnull=False
        )
        .order_by("-finished_at")
        .values_list("as_of_year", flat=True)
        .first()
    )
    return int(year) if year is not None else _latest_panel_year(None)


def _latest_panel_year(panel: pl.DataFrame | None) -> int:
    if panel is not None:
        year = latest_year(panel)
        if year is not None:
            return year
    from django.db.models import Max

    from vaekst.register.models import YearlyFigures

    year = YearlyFigures.objects.filter(employees__isnull=False).aggregate(Max("year"))["year__max"]
    return int(year) if year is not None else datetime.date.today().year - 1


def place(frame: pl.DataFrame, rules: RulesInForce) -> tuple[pl.DataFrame, list[Any]]:
    """Add level_rank, level_key, passed_mask and chain index columns to the frame."""
    parts = []
    chains = []
    groups = frame.partition_by(["region_id", "municipality_id"], as_dict=True)
    for index, (key, part) in enumerate(sorted(groups.items(), key=lambda g: str(g[0]))):
        region, municipality = key
        effective = rules.for_place(
            int(region) if region is not None else None,  # type: ignore[call-overload]
            int(municipality) if municipality is not None else None,  # type: ignore[call-overload]
        )
        chains.append(effective)
        result = evaluate(part, effective)
        parts.append(
            part.with_columns(
                pl.Series("level_rank", result.level_rank, dtype=pl.Int16),
                pl.Series("level_key", result.level_key, dtype=pl.Utf8),
                pl.Series("passed_mask", result.passed_mask, dtype=pl.Int64),
                pl.lit(index, dtype=pl.Int32).alias("chain_index"),
            )
        )
    if not parts:
        return frame.with_columns(
            pl.lit(None, dtype=pl.Int16).alias("level_rank"),
            pl.lit(None, dtype=pl.Utf8).alias("level_key"),
            pl.lit(None, dtype=pl.Int64).alias("passed_mask"),
            pl.lit(None, dtype=pl.Int32).alias("chain_index"),
        ), chains
    return pl.concat(parts), chains


# Progress units of a run: indicators 0-2, levels 2-3, the write step's sub-steps 3-9, done.
TOTAL_STEPS = 10
WRITE_FIRST_STEP = 3
WRITE_STEPS = (
    "writing: rule chains",
    "writing: scores staged",
    "writing: scores",
    "writing: history compared",
    "writing: placements closed",
    "writing: placements",
)


class RunProgress:
    """Records a run's progress on its row and tells the caller (the command's bar).

    Inside the write step's transaction an update through the same connection would be seen
    by no one until the commit. On PostgreSQL the write step's progress therefore goes
    through a connection of its own, in autocommit, so the page shows it at once; it skips
    the row if another transaction holds it (FOR NO KEY UPDATE SKIP LOCKED) rather than wait.
    On SQLite, which allows one writer, the sub-steps update the row in the transaction and
    become visible with the commit; the caller's bar sees every sub-step either way."""

    def __init__(self, run: ScoringRun, report: Progress) -> None:
        self.run = run
        self.report = report
        self._side: Any = None

    def __call__(self, name: str, done: int, total: int = TOTAL_STEPS) -> None:
        ScoringRun.objects.filter(pk=self.run.pk).update(
            progress_stage=name, progress_done=done, progress_total=total
        )
        self.report(name, done, total)

    def in_transaction(self, name: str, done: int, total: int = TOTAL_STEPS) -> None:
        if connection.vendor != "postgresql":
            self(name, done, total)
            return
        self._side_update(name, done, total)
        self.report(name, done, total)

    def _side_update(self, name: str, done: int, total: int) -> None:
        if self._side is None:
            backend = load_backend(connection.settings_dict["ENGINE"])
            self._side = backend.DatabaseWrapper(dict(connection.settings_dict), "progress")
        with self._side.cursor() as cursor:
            cursor.execute(
                "UPDATE segmentation_scoringrun SET progress_stage = %s, progress_done = %s, "
                "progress_total = %s WHERE id IN (SELECT id FROM segmentation_scoringrun "
                "WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED)",
                [name, done, total, self.run.pk],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def run_scoring(
    run: ScoringRun, progress: Progress | None = None, *, on: datetime.date | None = None
) -> dict[str, Any]:
    """Carry out a scoring run on the scoring date `on` (today); the run row records
    progress (the write step's too), result or error."""
    stage = RunProgress(run, progress or (lambda stage, done, total: None))
    # Record which model's predictions the scores carry (the pages show its version).
    ScoringRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        error="",
        prediction_model=prediction.active_model(),
    )
    try:
        companies = tuple(run.company_ids) if run.company_ids is not None else None
        scope = Scope(region=run.region_id, municipality=run.municipality_id, companies=companies)
        # A version whose effective date has come retires its predecessor now.
        retire_superseded(actor=run.requested_by, on=on)
        stage("indicators", 0)
        as_of_year = run.as_of_year
        if as_of_year is None and companies is not None:
            # A few touched firms are scored with the year the register's runs use, not the
            # latest year of their own figures.
            as_of_year = register_as_of_year()
        frame, as_of = indicator_frame(scope, as_of_year, on=on)
        stage("levels", 2)
        rules = rules_in_force(on)
        placed, chains = place(frame, rules)
        summary = _write(run, placed, chains, as_of, stage.in_transaction)
        stage("done", TOTAL_STEPS)
    except Exception as error:
        ScoringRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        stage.close()
    ScoringRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now(), summary=summary, as_of_year=as_of
    )
    return summary


def _levels_of(effective: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": level.key,
            "rank": level.rank,
            "internal": level.internal_name,
            "external": level.external_name,
        }
        for level in effective.levels
    ]


def chain_ids(run: ScoringRun, chains: list[Any]) -> list[int]:
    """The RuleChain row of each resolved chain: an identical one already recorded (same rule
    sets, criteria and levels) is reused, so unchanged firms keep their score rows as they
    are; a new combination is recorded with this run."""
    national_ids = {effective.national.pk for effective in chains}
    known: dict[tuple[Any, ...], int] = {}
    for chain in RuleChain.objects.filter(national_id__in=national_ids).order_by("-pk"):
        key = (
            chain.national_id,
            chain.region_rule_set_id,
            chain.municipality_rule_set_id,
            tuple(chain.criterion_ids),
            orjson.dumps(chain.levels, option=orjson.OPT_SORT_KEYS),
        )
        known.setdefault(key, chain.pk)
    ids = []
    for effective in chains:
        criteria = [criterion.id for criterion in effective.criteria]
        levels = _levels_of(effective)
        key = (
            effective.national.pk,
            effective.region.pk if effective.region else None,
            effective.municipality.pk if effective.municipality else None,
            tuple(criteria),
            orjson.dumps(levels, option=orjson.OPT_SORT_KEYS),
        )
        if key not in known:
            known[key] = RuleChain.objects.create(
                run=run,
                national=effective.national,
                region_rule_set=effective.region,
                municipality_rule_set=effective.municipality,
                criterion_ids=criteria,
                levels=levels,
            ).pk
        ids.append(known[key])
    return ids


def _record_level_moves(
    bulk: Bulk,
    run: ScoringRun,
    previous: dict[Any, tuple[Any, Any]],
    current: dict[Any, tuple[Any, Any]],
    changed: list[Any],
    now: Any,
) -> None:
    """A `CompanyEvent` ("Hvad er ændret") for each firm whose level changed from one it had:
    written with the placements, so a run that moves no one writes none. From and to are the
    levels' keys, worded in the reader's language when shown."""
    rows = [
        (
            company,
            CompanyEventKind.LEVEL_MOVED.value,
            str(previous[company][0] or "")[:300],
            str(current[company][0] or "")[:300],
            now,
            run.register_import_id,
            f"scoring {run.public_id}",
        )
        for company in changed
        if company in previous and previous[company][0] != current[company][0]
    ]
    bulk.insert(
        "register_companyevent",
        (
            "company_id",
            "kind",
            "from_value",
            "to_value",
            "occurred_at",
            "register_import_id",
            "source",
        ),
        rows,
    )


# What makes a firm's current score row differ from the last run's (run and time follow).
SCORE_VALUES = (
    "chain_id",
    "level_key",
    "level_rank",
    "passed_mask",
    "indicators",
    "predicted_high_growth",
)
SCORE_COLUMNS = ("company_id", "run_id", *SCORE_VALUES, "scored_at")


def _write_scores(
    bulk: Bulk,
    run: ScoringRun,
    placed: pl.DataFrame,
    as_of: int,
    now: Any,
    staged: Callable[[], None],
) -> int:
    """Upsert the current scores; a row whose values are unchanged is left as it is (not
    rewritten: at national scale rewriting every row was most of a run). A row computed
    by a run with another panel year or prediction model is rewritten even so, because the
    page reads those from the row's run. Returns the rows written."""
    table = "segmentation_companyscore"
    distinct = "IS DISTINCT FROM" if bulk.postgres else "IS NOT"
    changed = " OR ".join(f"{table}.{name} {distinct} excluded.{name}" for name in SCORE_VALUES)
    stale_runs = (
        "SELECT id FROM segmentation_scoringrun WHERE id <> %s AND "
        f"(as_of_year {distinct} %s OR prediction_model_id {distinct} %s)"
    )
    stale_params = [run.pk, as_of, run.prediction_model_id]
    update = ", ".join(f"{column} = excluded.{column}" for column in SCORE_COLUMNS[1:])
    on_conflict = (
        f"ON CONFLICT (company_id) DO UPDATE SET {update} "
        f"WHERE {changed} OR {table}.run_id IN ({stale_runs})"
    )
    frame = placed.select(
        "company_id",
        pl.lit(run.pk, dtype=pl.Int64).alias("run_id"),
        "chain_id",
        "level_key",
        "level_rank",
        "passed_mask",
        pl.col("json").alias("indicators"),
        "predicted_high_growth",
    )
    names = ", ".join(SCORE_COLUMNS)
    with bulk.db.cursor() as cursor:
        if bulk.postgres:
            stage = bulk.stage_frame(table, frame)
            staged()
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {', '.join(frame.columns)}, %s "
                f"FROM {stage} {on_conflict}",
                [now, *stale_params],
            )
            return int(cursor.rowcount)
        staged()
        marks = ", ".join(["%s"] * len(SCORE_COLUMNS))
        rows = [(*row, now, *stale_params) for row in frame.rows()]
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {on_conflict}", rows)
        return len(rows) and int(cursor.rowcount)


@transaction.atomic
def _write(
    run: ScoringRun,
    placed: pl.DataFrame,
    chains: list[Any],
    as_of: int,
    progress: Progress | None = None,
) -> dict[str, Any]:
    report = progress or (lambda stage, done, total: None)

    def step(index: int) -> None:
        report(WRITE_STEPS[index], WRITE_FIRST_STEP + index, TOTAL_STEPS)

    bulk = Bulk()
    bulk.relax_commit()
    step(0)
    now = bulk.now()
    ids = chain_ids(run, chains)
    governing = [effective.governing.pk for effective in chains]
    placed = placed.with_columns(
        pl.col("chain_index").replace_strict(list(range(len(chains))), ids).alias("chain_id"),
        pl.col("chain_index")
        .replace_strict(list(range(len(chains))), governing)
        .alias("governing_id"),
        pl.struct([pl.col(name) for name in STORED_INDICATORS]).struct.json_encode().alias("json"),
    )
    company_ids = placed.get_column("company_id").to_list()
    # Current scores: only changed rows are written.
    step(1)
    rewritten = _write_scores(bulk, run, placed, as_of, now, staged=lambda: step(2))
    # History: compare with the open placements.
    step(3)
    open_rows = bulk.select_in(
        "SELECT p.company_id, p.level_key, c.national_id, c.region_rule_set_id, "
        "c.municipality_rule_set_id FROM segmentation_placement p "
        "JOIN segmentation_rulechain c ON c.id = p.chain_id "
        "WHERE p.valid_to IS NULL AND p.company_id {in}",
        company_ids,
    )
    previous = {row[0]: (row[1], row[4] or row[3] or row[2]) for row in open_rows}
    current = dict(
        zip(
            company_ids,
            zip(
                placed.get_column("level_key").to_list(),
                placed.get_column("governing_id").to_list(),
                strict=True,
            ),
            strict=True,
        )
    )
    changed = [company for company, value in current.items() if previous.get(company) != value]
    moved = sum(1 for company in changed if company in previous)
    _record_level_moves(bulk, run, previous, current, changed, now)
    step(4)
    bulk.execute_in(
        "UPDATE segmentation_placement SET valid_to = "
        + ("now()" if bulk.postgres else "CURRENT_TIMESTAMP")
        + " WHERE valid_to IS NULL AND company_id {in}",
        changed,
    )
    changed_frame = placed.filter(pl.col("company_id").is_in(changed))
    step(5)
    history = changed_frame.select(
        "company_id",
        pl.lit(run.pk, dtype=pl.Int64).alias("run_id"),
        "chain_id",
        "level_key",
        "level_rank",
        "passed_mask",
        pl.col("json").alias("indicators"),
    )
    bulk.insert_frame("segmentation_placement", history, valid_from=now)
    by_level = placed.group_by("level_key").len().sort("level_key").rows() if len(placed) else []
    predicted = placed.get_column("predicted_high_growth").drop_nulls()
    return {
        "as_of_year": as_of,
        "firms": len(placed),
        "by_level": {key: count for key, count in by_level},
        "new_placements": len(changed) - moved,
        "moved": moved,
        "scores_written": rewritten,
        "chains": len(chains),
        "predicted": len(predicted),
        "top_decile_threshold": float(np.quantile(predicted.to_numpy(), 0.9))
        if len(predicted)
        else None,
    }
