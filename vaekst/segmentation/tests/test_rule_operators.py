"""Each operator of the rule engine on firms below, exactly on and above its threshold, and
on a missing value (which fails every criterion); the limit on criteria in force; the
levels' either-or groups; and the explanation of a stored result."""

import datetime
from typing import Any

import numpy as np
import polars as pl
import pytest

from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import Criterion, LevelDefinition, LevelLabel, RuleSet
from vaekst.segmentation.rules import (
    MAX_CRITERIA,
    EffectiveCriterion,
    EffectiveLevel,
    EffectiveRules,
    criterion_passes,
    evaluate,
    explain,
    resolve,
    type_like,
)

TODAY = datetime.date(2026, 1, 1)
NAN = float("nan")


def criterion(
    indicator: str, operator: str, value: Any, *, id: int = 1, group: int = 0, level: str = "top"
) -> EffectiveCriterion:
    return EffectiveCriterion(
        id=id,
        level_key=level,
        group=group,
        indicator=indicator,
        operator=operator,
        value=value,
        scope="national",
    )


def passes(column: str, values: list[Any], dtype: Any, operator: str, value: Any) -> list[bool]:
    frame = pl.DataFrame({column: values}, schema={column: dtype})
    result = criterion_passes(frame, criterion(column, operator, value))
    assert result.dtype == bool
    return result.tolist()


# Ten employees as the threshold: a firm with 9, exactly 10, 11, a missing value (None) and
# a value that is not a number (NaN).
EMPLOYEES = [9.0, 10.0, 11.0, None, NAN]


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("gte", [False, True, True, False, False]),  # at least 10: exactly 10 passes
        ("gt", [False, False, True, False, False]),  # more than 10: exactly 10 fails
        ("lte", [True, True, False, False, False]),  # at most 10: exactly 10 passes
        ("lt", [True, False, False, False, False]),  # fewer than 10: exactly 10 fails
        ("eq", [False, True, False, False, False]),  # exactly 10
    ],
)
def test_comparisons_on_and_around_the_threshold(operator: str, expected: list[bool]) -> None:
    assert passes("employees", EMPLOYEES, pl.Float64, operator, 10) == expected


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("gte", [False, True, True, False]),
        ("gt", [False, False, True, False]),
        ("lte", [True, True, False, False]),
        ("lt", [True, False, False, False]),
        ("eq", [False, True, False, False]),
    ],
)
def test_comparisons_on_whole_numbers_with_a_threshold_stored_as_text(
    operator: str, expected: list[bool]
) -> None:
    # given ages in whole years and the threshold 5 as the JSON field may hold it
    assert passes("age_years", [4, 5, 6, None], pl.Int64, operator, "5") == expected


def test_comparisons_on_a_fractional_threshold() -> None:
    # given growth of 9.9 %, exactly 10 % and 10.1 % against "above 10 %"
    growth = [0.099, 0.1, 0.101, None]
    assert passes("employee_growth_3y", growth, pl.Float64, "gt", 0.1) == [
        False,
        False,
        True,
        False,
    ]
    assert passes("employee_growth_3y", growth, pl.Float64, "lte", 0.1) == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        ([True, False, None], pl.Boolean),
        ([1, 0, None], pl.Int64),  # a flag stored as a number
        ([1.0, 0.0, None], pl.Float64),
    ],
)
def test_is_true_passes_only_a_true_value(values: list[Any], dtype: Any) -> None:
    # a missing value is not true
    assert passes("exporter", values, dtype, "is_true", True) == [True, False, False]


def test_in_on_codes_stored_as_text() -> None:
    # given the size classes of four firms, one of them unknown
    sizes = ["A", "B", "C", None]
    assert passes("size_class", sizes, pl.Utf8, "in", ["B", "C"]) == [False, True, True, False]
    # a single code is a list of one
    assert passes("size_class", sizes, pl.Utf8, "in", "A") == [True, False, False, False]
    # codes match whole: "B" is not in ["BB"]
    assert passes("size_class", sizes, pl.Utf8, "in", ["BB"]) == [False, False, False, False]


def test_in_on_numeric_codes_with_the_codes_stored_as_text() -> None:
    # given company forms as numbers and the rule's codes as the editor stores them (text)
    forms = [80, 60, 10, None]
    assert passes("company_form", forms, pl.Int64, "in", ["80", "60"]) == [
        True,
        True,
        False,
        False,
    ]
    assert passes("company_form", forms, pl.Int64, "in", 10) == [False, False, True, False]
    assert passes("ambition", [4.0, 5.0, None], pl.Float64, "in", ["5"]) == [False, True, False]


def test_prefix_matches_the_start_of_the_code_only() -> None:
    # given industry codes: IT (62), retail (47), a code containing 62 later, and none
    industries = ["620100", "471100", "106200", None]
    assert passes("industry", industries, pl.Utf8, "prefix", ["62", "47"]) == [
        True,
        True,
        False,
        False,
    ]
    assert passes("industry", industries, pl.Utf8, "prefix", "62") == [True, False, False, False]
    assert passes("industry", industries, pl.Utf8, "prefix", ["620100"]) == [
        True,
        False,
        False,
        False,
    ]
    assert passes("industry", industries, pl.Utf8, "prefix", ["7"]) == [False, False, False, False]


def test_prefix_on_a_numeric_code_reads_its_digits() -> None:
    forms = [80, 81, 60, None]
    assert passes("company_form", forms, pl.Int64, "prefix", ["8"]) == [True, True, False, False]


def test_type_like_gives_a_value_of_the_columns_kind() -> None:
    assert type_like(pl.Series([1.5], dtype=pl.Float64), "5") == 5.0
    assert isinstance(type_like(pl.Series([1.5], dtype=pl.Float64), "5"), float)
    assert type_like(pl.Series([1], dtype=pl.Int32), "80") == 80
    assert isinstance(type_like(pl.Series([1], dtype=pl.Int32), 80.0), int)
    assert type_like(pl.Series(["A"], dtype=pl.Utf8), 62) == "62"


def level(key: str, rank: int, *criteria: EffectiveCriterion) -> EffectiveLevel:
    return EffectiveLevel(
        key=key, rank=rank, internal_name=key, external_name=key.title(), criteria=criteria
    )


def test_a_level_needs_every_plain_criterion_and_one_of_each_group() -> None:
    # given "top": 10 employees AND (growth OR exporter) AND (ambition 4 OR capacity 4);
    # "floor" without criteria
    top = level(
        "top",
        1,
        criterion("employees", "gte", 10, id=1),
        criterion("employee_growth_3y", "gt", 0.1, id=2, group=1),
        criterion("exporter", "is_true", True, id=3, group=1),
        criterion("ambition", "gte", 4, id=4, group=2),
        criterion("capacity", "gte", 4, id=5, group=2),
    )
    rules = EffectiveRules(None, None, None, (top, level("floor", 9)))  # type: ignore[arg-type]
    data = pl.DataFrame(
        {
            "employees": [10, 10, 10, 10, 9, 10],
            "employee_growth_3y": [0.2, None, 0.2, 0.0, 0.2, 0.2],
            "exporter": [False, True, False, False, True, True],
            "ambition": [4, 1, None, 5, 5, 1],
            "capacity": [1, 4, None, 5, 5, 1],
        },
        schema={
            "employees": pl.Float64,
            "employee_growth_3y": pl.Float64,
            "exporter": pl.Boolean,
            "ambition": pl.Float64,
            "capacity": pl.Float64,
        },
    )
    result = evaluate(data, rules)
    # the third misses group 2, the fourth group 1, the fifth the plain criterion, the last
    # group 2 again
    assert result.level_key == ["top", "top", "floor", "floor", "floor", "floor"]
    assert result.level_rank.tolist() == [1, 1, 9, 9, 9, 9]
    # bit i of the mask is criterion i: the first firm passed employees, growth and ambition
    assert result.passed_mask.tolist() == [
        0b01011,
        0b10101,
        0b00011,
        0b11001,
        0b11110,
        0b00111,
    ]


def test_a_firm_meeting_two_levels_lands_on_the_higher_one() -> None:
    # given the same criterion on levels ranked 1 and 2 and a floor ranked 3
    rules = EffectiveRules(
        None,  # type: ignore[arg-type]
        None,
        None,
        (
            level("top", 1, criterion("employees", "gte", 50, id=1)),
            level("middle", 2, criterion("employees", "gte", 5, id=2, level="middle")),
            level("floor", 3),
        ),
    )
    data = pl.DataFrame({"employees": [60.0, 5.0, 4.0, None]})
    result = evaluate(data, rules)
    assert result.level_key == ["top", "middle", "floor", "floor"]
    assert result.level_rank.tolist() == [1, 2, 3, 3]
    assert result.passed_mask.tolist() == [0b11, 0b10, 0b00, 0b00]


def rule_set_with(criteria: int) -> RuleSet:
    rule_set = RuleSet.objects.create(
        scope=RuleSetScope.NATIONAL, version=98, status=RuleSetStatus.DRAFT, effective_from=TODAY
    )
    for rank, key in enumerate(["top", "floor"], start=1):
        LevelDefinition.objects.create(
            rule_set=rule_set, key=key, rank=rank, internal_name=key, external_name=key
        )
    Criterion.objects.bulk_create(
        Criterion(
            rule_set=rule_set,
            level_key="top",
            group=group,
            indicator="employees",
            operator="gte",
            value=group,
        )
        for group in range(criteria)
    )
    return rule_set


@pytest.mark.django_db
def test_at_most_62_criteria_are_in_force_and_the_last_has_its_own_bit() -> None:
    # given 62 criteria (employees >= 0, 1, ..., 61, each in a group of its own but the first)
    assert MAX_CRITERIA == 62
    rules = resolve(rule_set_with(62))
    assert len(rules.criteria) == 62
    # when a firm with 61 employees and one with 60 are evaluated
    result = evaluate(pl.DataFrame({"employees": [61.0, 60.0]}), rules)
    # then the first passes all 62 (bits 0-61) and the second all but the last
    assert result.passed_mask.tolist() == [2**62 - 1, 2**61 - 1]
    assert result.level_key == ["top", "floor"]
    lines = explain(rules.criteria, int(result.passed_mask[1]), {"employees": 60.0})
    assert [line.passed for line in lines] == [True] * 61 + [False]


@pytest.mark.django_db
def test_a_63rd_criterion_in_force_is_refused() -> None:
    with pytest.raises(ValueError) as raised:
        resolve(rule_set_with(63))
    assert str(raised.value) == "At most 62 criteria in force at once"


def test_explanation_words_each_criterion_and_dates_the_assessed_ones() -> None:
    # given three criteria in force and a firm that passed the first and the third
    criteria = [
        criterion("employees", "gte", 10, id=1),
        criterion("ambition", "gte", 4, id=2, group=1),
        EffectiveCriterion(
            id=3,
            level_key="middle",
            group=0,
            indicator="capacity",
            operator="in",
            value=["4", "5"],
            scope="region",
        ),
    ]
    indicators = {"employees": 12, "ambition": 3, "capacity": 5, "assessed_on": "2025-11-03"}
    lines = explain(criteria, 0b101, indicators)
    assert [
        (
            line.level_key,
            line.indicator,
            line.label,
            line.operator,
            line.threshold,
            line.value,
            line.passed,
            line.group,
            line.scope,
            line.assessed_on,
        )
        for line in lines
    ] == [
        ("top", "employees", "Ansatte", "≥", 10, 12, True, 0, "national", None),
        (
            "top",
            "ambition",
            "Vilje (konsulentens vurdering 1-5)",
            "≥",
            4,
            3,
            False,
            1,
            "national",
            "2025-11-03",
        ),
        (
            "middle",
            "capacity",
            "Kapacitet (konsulentens vurdering 1-5)",
            "en af",
            ["4", "5"],
            5,
            True,
            0,
            "region",
            "2025-11-03",
        ),
    ]
    # a value the firm does not have is shown as missing
    assert explain(criteria[:1], 0, {})[0].value is None


def test_every_plain_criterion_must_pass_not_only_the_last() -> None:
    # given "top": 10 employees AND an exporter AND a growth above 10 %
    top = level(
        "top",
        1,
        criterion("employees", "gte", 10, id=1),
        criterion("exporter", "is_true", True, id=2),
        criterion("employee_growth_3y", "gt", 0.1, id=3),
    )
    rules = EffectiveRules(None, None, None, (top, level("floor", 2)))  # type: ignore[arg-type]
    data = pl.DataFrame(
        {
            "employees": [9.0, 10.0, 10.0, 10.0],
            "exporter": [True, False, True, True],
            "employee_growth_3y": [0.2, 0.2, 0.1, 0.2],
        }
    )
    # then missing any one of them keeps a firm off the level
    assert evaluate(data, rules).level_key == ["floor", "floor", "floor", "top"]


def test_a_firm_meeting_no_level_lands_on_the_last_even_when_it_has_criteria() -> None:
    # given three levels, the last of them with a criterion of its own
    rules = EffectiveRules(
        None,  # type: ignore[arg-type]
        None,
        None,
        (
            level("top", 1, criterion("employees", "gte", 50, id=1)),
            level("middle", 2, criterion("employees", "gte", 5, id=2, level="middle")),
            level("floor", 7, criterion("employees", "gte", 1, id=3, level="floor")),
        ),
    )
    result = evaluate(pl.DataFrame({"employees": [0.0, None, 1.0, 5.0]}), rules)
    # then a firm failing even the last level's criterion is on the last level (the floor)
    assert result.level_key == ["floor", "floor", "floor", "middle"]
    assert result.level_rank.tolist() == [7, 7, 7, 2]
    # ranks are small integers, as stored
    assert result.level_rank.dtype == np.int16


def nuance(scope: str, **place: int) -> RuleSet:
    return RuleSet.objects.create(scope=scope, version=1, effective_from=TODAY, **place)


@pytest.mark.django_db
def test_labels_of_region_and_municipality_both_apply_the_municipalitys_last() -> None:
    # given national levels top, middle and floor; the region renames top and middle, the
    # municipality renames middle again
    national = rule_set_with(0)
    LevelDefinition.objects.filter(rule_set=national, key="floor").update(rank=3)
    LevelDefinition.objects.create(
        rule_set=national, key="middle", rank=2, internal_name="middle", external_name="Midt"
    )
    region = nuance(RuleSetScope.REGION, region_id=1084)
    municipality = nuance(RuleSetScope.MUNICIPALITY, municipality_id=101)
    LevelLabel.objects.create(rule_set=region, level_key="top", external_name="Regionens top")
    LevelLabel.objects.create(rule_set=region, level_key="middle", external_name="Regionens midt")
    LevelLabel.objects.create(rule_set=municipality, level_key="middle", external_name="Byens midt")
    # when resolved for the municipality
    rules = resolve(national, region, municipality)
    # then each level has the nearest label, and an unlabelled one its national name
    assert [(lvl.key, lvl.external_name) for lvl in rules.levels] == [
        ("top", "Regionens top"),
        ("middle", "Byens midt"),
        ("floor", "floor"),
    ]
    assert [lvl.external_name for lvl in resolve(national).levels] == ["top", "Midt", "floor"]
    # and the rules say which rule sets they came from, the nearest governing
    assert (rules.national, rules.region, rules.municipality) == (national, region, municipality)
    assert rules.governing == municipality
    assert resolve(national, region).governing == region
    assert resolve(national).governing == national


@pytest.mark.parametrize(
    ("operator", "value"),
    [
        ("is_true", True),
        ("in", ["nan", "1"]),
        ("prefix", ["N", "1"]),
        ("gte", 0),
        ("lte", 1e9),
        ("eq", NAN),
    ],
)
def test_a_value_that_is_not_a_number_is_missing_under_every_operator(
    operator: str, value: Any
) -> None:
    # given a growth that could not be computed (NaN: no positive start), a missing one and 1.0
    growth = [NAN, None, 1.0]
    # then the first two fail whatever the criterion, as a missing value does
    assert passes("employee_growth_3y", growth, pl.Float64, operator, value) == [
        False,
        False,
        operator != "eq",
    ]
