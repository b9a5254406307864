"""Level rules as data: precedence of nuances, evaluation and explanations."""

import datetime

import polars as pl
import pytest

from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import Criterion, LevelDefinition, LevelLabel, RuleSet
from vaekst.segmentation.rules import evaluate, explain, resolve

TODAY = datetime.date(2026, 1, 1)


def national_rules() -> RuleSet:
    rule_set = RuleSet.objects.create(
        scope=RuleSetScope.NATIONAL, version=99, status=RuleSetStatus.DRAFT, effective_from=TODAY
    )
    for rank, key in enumerate(["top", "middle", "floor"], start=1):
        LevelDefinition.objects.create(
            rule_set=rule_set, key=key, rank=rank, internal_name=key, external_name=key.title()
        )
    Criterion.objects.create(
        rule_set=rule_set, level_key="top", indicator="employees", operator="gte", value=10
    )
    Criterion.objects.create(
        rule_set=rule_set,
        level_key="top",
        group=1,
        indicator="employee_growth_3y",
        operator="gt",
        value=0.1,
    )
    Criterion.objects.create(
        rule_set=rule_set,
        level_key="top",
        group=1,
        indicator="predicted_high_growth",
        operator="gte",
        value=0.3,
    )
    Criterion.objects.create(
        rule_set=rule_set, level_key="middle", indicator="employees", operator="gte", value=1
    )
    return rule_set


def frame(**columns: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "employees": [],
        "employee_growth_3y": [],
        "predicted_high_growth": [],
    }
    base.update(columns)
    return pl.DataFrame(base, schema={k: pl.Float64 for k in base})


@pytest.mark.django_db
def test_firm_lands_on_first_level_whose_criteria_all_pass() -> None:
    rules = resolve(national_rules())
    data = frame(
        employees=[12, 12, 12, 3, 0, None],
        employee_growth_3y=[0.2, 0.05, None, 0.5, 0.9, 0.9],
        predicted_high_growth=[None, 0.4, 0.1, 0.9, 0.9, 0.9],
    )
    result = evaluate(data, rules)
    # either-or group: growth OR prediction; missing values fail their criterion
    assert result.level_key == ["top", "top", "middle", "middle", "floor", "floor"]
    assert result.level_rank.tolist() == [1, 1, 2, 2, 3, 3]


@pytest.mark.django_db
def test_region_changes_threshold_and_municipality_overrides_region() -> None:
    national = national_rules()
    region = RuleSet.objects.create(
        scope=RuleSetScope.REGION, region_id=1081, version=1, effective_from=TODAY
    )
    Criterion.objects.create(
        rule_set=region, level_key="top", indicator="employees", operator="gte", value=5
    )
    municipality = RuleSet.objects.create(
        scope=RuleSetScope.MUNICIPALITY, municipality_id=851, version=1, effective_from=TODAY
    )
    Criterion.objects.create(
        rule_set=municipality, level_key="top", indicator="employees", operator="gte", value=8
    )
    data = frame(employees=[6, 9], employee_growth_3y=[0.2, 0.2], predicted_high_growth=[0, 0])
    assert evaluate(data, resolve(national)).level_key == ["middle", "middle"]
    assert evaluate(data, resolve(national, region)).level_key == ["top", "top"]
    assert evaluate(data, resolve(national, region, municipality)).level_key == ["middle", "top"]
    employees = next(c for c in resolve(national, region, municipality).criteria)
    assert (employees.value, employees.replaced_value, employees.scope) == (8, 5, "municipality")


@pytest.mark.django_db
def test_nuance_adds_criteria_and_renames_but_keeps_national_criteria() -> None:
    national = national_rules()
    region = RuleSet.objects.create(
        scope=RuleSetScope.REGION, region_id=1084, version=1, effective_from=TODAY
    )
    Criterion.objects.create(
        rule_set=region, level_key="top", indicator="exporter", operator="is_true", value=True
    )
    LevelLabel.objects.create(rule_set=region, level_key="top", external_name="Hovedstadsløft")
    rules = resolve(national, region)
    top = rules.levels[0]
    assert top.external_name == "Hovedstadsløft"
    assert [c.indicator for c in top.criteria] == [
        "employees",
        "exporter",
        "employee_growth_3y",
        "predicted_high_growth",
    ]
    assert len(rules.criteria) == len(resolve(national).criteria) + 1


@pytest.mark.django_db
def test_explanation_lists_each_criterion_with_value_and_result() -> None:
    rules = resolve(national_rules())
    data = frame(employees=[12], employee_growth_3y=[0.05], predicted_high_growth=[0.35])
    mask = int(evaluate(data, rules).passed_mask[0])
    lines = explain(
        rules.criteria,
        mask,
        {"employees": 12, "employee_growth_3y": 0.05, "predicted_high_growth": 0.35},
    )
    assert [(line.indicator, line.value, line.passed) for line in lines] == [
        ("employees", 12, True),
        ("employee_growth_3y", 0.05, False),
        ("predicted_high_growth", 0.35, True),
        ("employees", 12, True),
    ]


@pytest.mark.django_db
def test_default_national_levels_are_installed_and_published() -> None:
    national = RuleSet.objects.get(scope=RuleSetScope.NATIONAL, version=1)
    assert national.status == RuleSetStatus.PUBLISHED
    rules = resolve(national)
    assert [level.rank for level in rules.levels] == [1, 2, 3, 4]
    assert rules.levels[-1].criteria == ()
