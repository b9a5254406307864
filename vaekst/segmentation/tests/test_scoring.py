"""Scoring end to end on a small register: indicators, levels, explanation and history."""

import datetime

import pytest
from django.core.management import call_command

from conftest import make_company
from vaekst.register.models import Company, YearlyFigures
from vaekst.segmentation.choices import RuleSetScope, RunStatus
from vaekst.segmentation.models import (
    Assessment,
    CompanyScore,
    Placement,
    RuleChain,
    ScoringRun,
)
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.selectors import company_score
from vaekst.segmentation.services import create_draft, publish, request_scoring, set_criterion
from vaekst.segmentation.tests.conftest import ASSESSED_ON


def panel(
    company: Company, employees: list[float], gross_profit: list[float | None] | None = None
) -> None:
    for offset, value in enumerate(employees):
        YearlyFigures.objects.create(
            company=company,
            year=2021 + offset,
            employees=value,
            gross_profit=(gross_profit or [None] * len(employees))[offset],
        )


@pytest.fixture
def firms(personas):
    grower = personas.a.company  # København, region 1084
    panel(grower, [10, 12, 15, 20], [5e6, 6e6, 7e6, 9e6])  # 26 % a year over 2021-2024
    Assessment.objects.create(
        company=grower,
        ambition=5,
        capacity=4,
        assessed_on=ASSESSED_ON,
        assessed_by=personas.a.consultant,
    )
    steady = personas.b.company  # Aarhus, region 1082
    panel(steady, [6, 6, 6, 6])
    solo = make_company(municipality_code=101, name="Solo ApS", rng_seed=77, founded_on=None)
    panel(solo, [0, 0, 0, 0])
    return {"grower": grower, "steady": steady, "solo": solo}


def test_scoring_places_every_active_firm_with_indicators(firms) -> None:
    run = request_scoring(actor=None)
    summary = run_scoring(run)
    assert summary["firms"] == 3
    assert summary["as_of_year"] == 2024
    levels = dict(CompanyScore.objects.values_list("company__name", "level_key"))
    assert levels == {"Firma A ApS": "high", "Firma B ApS": "established", "Solo ApS": "base"}
    grower = CompanyScore.objects.get(company=firms["grower"])
    assert grower.indicators["employees"] == 20
    assert grower.indicators["employee_growth_3y"] == pytest.approx((20 / 10) ** (1 / 3) - 1)
    assert grower.indicators["ambition"] == 5
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress_percent == 100


def test_history_gets_a_row_only_when_the_level_changes(firms) -> None:
    run_scoring(request_scoring(actor=None))
    assert Placement.objects.count() == 3
    run_scoring(request_scoring(actor=None))
    assert Placement.objects.count() == 3  # nothing changed
    # the steady firm grows: 6 -> 9 over three years is 14.5 % a year
    YearlyFigures.objects.filter(company=firms["steady"], year=2024).update(employees=9)
    summary = run_scoring(request_scoring(actor=None))
    assert summary["moved"] == 1
    history = list(Placement.objects.filter(company=firms["steady"]).order_by("valid_from"))
    assert [p.level_key for p in history] == ["established", "potential"]
    assert history[0].valid_to is not None and history[1].valid_to is None


def test_a_run_rewrites_only_the_scores_that_changed(firms, personas) -> None:
    first = request_scoring(actor=None)
    assert run_scoring(first)["scores_written"] == 3
    chains = RuleChain.objects.count()
    second = request_scoring(actor=None)
    summary = run_scoring(second)
    # the same rules make the same chains: reused, and no score row is rewritten
    assert summary["scores_written"] == 0
    assert RuleChain.objects.count() == chains
    assert set(CompanyScore.objects.values_list("run", flat=True)) == {first.pk}
    # one firm's figures change: only its row is rewritten, by the new run
    YearlyFigures.objects.filter(company=firms["steady"], year=2024).update(employees=9)
    third = request_scoring(actor=None)
    assert run_scoring(third)["scores_written"] == 1
    runs = dict(CompanyScore.objects.values_list("company", "run"))
    assert runs == {firms["grower"].pk: first.pk, firms["steady"].pk: third.pk,
                    firms["solo"].pk: first.pk}  # fmt: skip
    steady = CompanyScore.objects.get(company=firms["steady"])
    assert steady.level_key == "potential" and steady.indicators["employees"] == 9
    # the page says both: when a run last confirmed the level, and since when it holds
    view = company_score(personas.a.consultant, firms["grower"])
    third.refresh_from_db()
    assert view is not None and view.checked_at == third.finished_at
    assert view.score.scored_at < third.finished_at


def test_a_score_from_another_panel_year_is_rewritten_even_if_equal(firms) -> None:
    first = request_scoring(actor=None)
    run_scoring(first)
    ScoringRun.objects.filter(pk=first.pk).update(as_of_year=2023)
    again = request_scoring(actor=None)
    assert run_scoring(again)["scores_written"] == 3
    assert set(CompanyScore.objects.values_list("run", flat=True)) == {again.pk}


def test_new_rules_make_a_new_chain(firms, personas) -> None:
    run_scoring(request_scoring(actor=None))
    chains = RuleChain.objects.count()
    draft = create_draft(actor=personas.b.manager, scope=RuleSetScope.REGION, region=1082)
    set_criterion(actor=personas.b.manager, rule_set=draft, level_key="established",
                  indicator="employees", operator="gte", value=10)  # fmt: skip
    publish(actor=personas.b.manager, rule_set=draft, effective_from=datetime.date(2020, 1, 1))
    summary = run_scoring(request_scoring(actor=None))
    assert RuleChain.objects.count() == chains + 1
    assert summary["scores_written"] == 1  # the firm of region 1082


def test_regional_nuance_governs_firms_of_that_region_only(firms, personas) -> None:
    draft = create_draft(actor=personas.b.manager, scope=RuleSetScope.REGION, region=1082)
    set_criterion(
        actor=personas.b.manager,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=10,
    )
    publish(actor=personas.b.manager, rule_set=draft, effective_from=datetime.date(2020, 1, 1))
    run_scoring(request_scoring(actor=None))
    steady = CompanyScore.objects.select_related("chain").get(company=firms["steady"])
    grower = CompanyScore.objects.select_related("chain").get(company=firms["grower"])
    # 6 employees no longer count as established in region 1082, but they do in 1084
    assert steady.level_key == "base"
    assert steady.chain.region_rule_set == draft
    assert grower.chain.region_rule_set is None


def test_scope_limits_the_run_to_one_municipality(firms) -> None:
    summary = run_scoring(request_scoring(actor=None, municipality=751))
    assert summary["firms"] == 1
    assert list(CompanyScore.objects.values_list("company__municipality_id", flat=True)) == [751]


def test_score_and_show_company_commands_print_json(firms, capsys) -> None:
    call_command("score", "--json")
    assert '"firms": 3' in capsys.readouterr().out
    call_command("show_company", f"{firms['grower'].cvr:08d}", "--json")
    import json

    shown = json.loads(capsys.readouterr().out)
    assert shown["level"]["key"] == "high"
    # 10 -> 20 employees over 2021-2024 is 26 % a year; no FTE, so not a young grower
    assert shown["high_growth"] == {
        "window": [2021, 2024],
        "employees": [10.0, 20.0],
        "eurostat": True,
        "oecd": True,
        "dst_young": False,
        "definitions": {
            "eurostat": {
                "measure": "employees",
                "window": [2021, 2024],
                "values": [10.0, 20.0],
                "high_growth": True,
            },
            "oecd": {
                "measure": "employees",
                "window": [2021, 2024],
                "values": [10.0, 20.0],
                "high_growth": True,
            },
            "dst_young": {"measure": "fte", "window": None, "values": None, "high_growth": False},
        },
    }
    assert shown["indicators"]["high_growth_eurostat"] is True
    assert shown["indicators"]["high_growth_dst_young"] is False
    failed = [line for line in shown["explanation"] if not line["passed"]]
    assert all(line["level"] != "high" or line["group"] == 1 for line in failed)
    assert ScoringRun.objects.count() == 1


def test_run_records_the_prediction_model_it_used(firms, monkeypatch) -> None:
    from vaekst.segmentation import prediction
    from vaekst.segmentation.models import PredictionModel

    model = PredictionModel.objects.create(version=1, artifact=b"", is_active=True)
    monkeypatch.setattr(prediction, "predict_frame", lambda *args, **kwargs: None)
    run = request_scoring(actor=None)
    run_scoring(run)
    run.refresh_from_db()
    assert run.prediction_model == model


def test_training_on_too_little_data_says_so(firms) -> None:
    from vaekst.segmentation.prediction import TrainingError, train

    with pytest.raises(TrainingError, match="For lidt data"):
        train()
