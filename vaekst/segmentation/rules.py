"""Resolving the effective rules (national, then the region's and the municipality's
nuances) and evaluating them over a whole frame of firms at once.

Precedence: a municipality's criterion replaces the region's and the national one with the
same (level, indicator, operator, group); the region's replaces the national one. Nuances
add criteria and rename labels; they never remove a national criterion. A missing indicator
value fails its criterion.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from vaekst.lib.languages import shown
from vaekst.segmentation.choices import Indicator, Operator
from vaekst.segmentation.models import Criterion, LevelDefinition, RuleSet

MAX_CRITERIA = 62  # bits of a signed 64-bit mask


@dataclass(frozen=True)
class EffectiveCriterion:
    id: int
    level_key: str
    group: int
    indicator: str
    operator: str
    value: Any
    scope: str
    replaced_value: Any = None  # the inherited threshold this criterion overrides, if any

    @property
    def match_key(self) -> tuple[str, str, str, int]:
        return (self.level_key, self.indicator, self.operator, self.group)


@dataclass(frozen=True)
class EffectiveLevel:
    key: str
    rank: int
    internal_name: str
    external_name: str
    criteria: tuple[EffectiveCriterion, ...] = ()
    # English names, shown to a reader of English where given (a local label has none).
    internal_name_en: str = ""
    external_name_en: str = ""

    @property
    def shown_internal_name(self) -> str:
        return shown(self, "internal_name")

    @property
    def shown_external_name(self) -> str:
        return shown(self, "external_name")


@dataclass(frozen=True)
class EffectiveRules:
    national: RuleSet
    region: RuleSet | None
    municipality: RuleSet | None
    levels: tuple[EffectiveLevel, ...] = field(default_factory=tuple)

    @property
    def criteria(self) -> list[EffectiveCriterion]:
        """All criteria in evaluation order (level rank, group, id): bit i of a mask."""
        return [criterion for level in self.levels for criterion in level.criteria]

    @property
    def governing(self) -> RuleSet:
        return self.municipality or self.region or self.national


def _criteria_of(rule_set: RuleSet | None) -> list[Criterion]:
    if rule_set is None:
        return []
    return sorted(rule_set.criteria.all(), key=lambda c: (c.level_key, c.group, c.id))


def resolve(
    national: RuleSet, region: RuleSet | None = None, municipality: RuleSet | None = None
) -> EffectiveRules:
    """The rules in force for firms under these rule sets."""
    merged: dict[tuple[str, str, str, int], EffectiveCriterion] = {}
    for rule_set in (national, region, municipality):
        for criterion in _criteria_of(rule_set):
            assert rule_set is not None
            inherited = merged.get(criterion.match_key)
            merged[criterion.match_key] = EffectiveCriterion(
                id=criterion.id,
                level_key=criterion.level_key,
                group=criterion.group,
                indicator=criterion.indicator,
                operator=criterion.operator,
                value=criterion.value,
                scope=rule_set.scope,
                replaced_value=inherited.value if inherited is not None else None,
            )
    labels: dict[str, str] = {}
    for rule_set in (region, municipality):
        if rule_set is not None:
            labels |= {label.level_key: label.external_name for label in rule_set.labels.all()}
    definitions: Iterable[LevelDefinition] = national.levels.order_by("rank")
    levels = []
    for definition in definitions:
        criteria = sorted(
            (c for c in merged.values() if c.level_key == definition.key),
            key=lambda c: (c.group, c.id),
        )
        levels.append(
            EffectiveLevel(
                key=definition.key,
                rank=definition.rank,
                internal_name=definition.internal_name,
                external_name=labels.get(definition.key, definition.external_name),
                criteria=tuple(criteria),
                internal_name_en=definition.internal_name_en,
                external_name_en="" if definition.key in labels else definition.external_name_en,
            )
        )
    rules = EffectiveRules(national, region, municipality, tuple(levels))
    if len(rules.criteria) > MAX_CRITERIA:
        raise ValueError(f"At most {MAX_CRITERIA} criteria in force at once")
    return rules


def decided_by_the_model_alone(level: EffectiveLevel) -> bool:
    """Whether a firm could reach the level on the predicted chance alone: every criterion
    that must pass is a prediction criterion, and each either-or group offers one. The model
    advises; a level needs at least one other criterion that must also pass."""
    if not level.criteria:
        return False
    prediction = Indicator.PREDICTED_HIGH_GROWTH
    if any(c.indicator != prediction for c in level.criteria if c.group == 0):
        return False
    groups = {c.group for c in level.criteria if c.group != 0}
    return all(
        any(c.indicator == prediction for c in level.criteria if c.group == group)
        for group in groups
    )


def criterion_passes(frame: pl.DataFrame, criterion: EffectiveCriterion) -> npt.NDArray[np.bool_]:
    """Vectorised test of one criterion over every row of `frame`; missing values fail."""
    column = frame.get_column(criterion.indicator)
    if column.dtype.is_float():
        # A value that is not a number (a growth without a positive start) is missing: it
        # fails every criterion, also where a cast would read it as true or as "NaN".
        column = column.fill_nan(None)
    value = criterion.value
    operator = criterion.operator
    if operator == Operator.IS_TRUE:
        result = column.cast(pl.Boolean).fill_null(False)
    elif operator == Operator.IN:
        result = column.is_in([type_like(column, v) for v in _as_list(value)]).fill_null(False)
    elif operator == Operator.PREFIX:
        text = column.cast(pl.Utf8)
        result = pl.Series([False] * len(frame))
        for prefix in _as_list(value):
            result = result | text.str.starts_with(str(prefix)).fill_null(False)
    else:
        number = float(value)
        numeric = column.cast(pl.Float64)
        comparisons = {
            Operator.GTE: numeric >= number,
            Operator.GT: numeric > number,
            Operator.LTE: numeric <= number,
            Operator.LT: numeric < number,
            Operator.EQ: numeric == number,
        }
        result = comparisons[Operator(operator)].fill_null(False)
    return result.to_numpy().astype(np.bool_)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def type_like(column: pl.Series, value: Any) -> Any:
    if column.dtype.is_numeric():
        return float(value) if column.dtype.is_float() else int(value)
    return str(value)


@dataclass
class Evaluation:
    level_rank: npt.NDArray[np.int16]
    level_key: list[str]
    passed_mask: npt.NDArray[np.int64]


def evaluate(frame: pl.DataFrame, rules: EffectiveRules) -> Evaluation:
    """Place every row of `frame` (one firm per row, indicator columns) on the first level,
    by rank, whose criteria it meets; the last level is the floor."""
    count = len(frame)
    passed_mask = np.zeros(count, dtype=np.int64)
    results: dict[int, npt.NDArray[np.bool_]] = {}
    for bit, criterion in enumerate(rules.criteria):
        passes = criterion_passes(frame, criterion)
        results[criterion.id] = passes
        passed_mask |= passes.astype(np.int64) << bit
    ranks = np.full(count, rules.levels[-1].rank, dtype=np.int16)
    unplaced = np.ones(count, dtype=np.bool_)
    for level in rules.levels:
        meets = _level_passes(level, results, count)
        newly = unplaced & meets
        ranks[newly] = level.rank
        unplaced &= ~newly
    key_by_rank = {level.rank: level.key for level in rules.levels}
    return Evaluation(
        level_rank=ranks,
        level_key=[key_by_rank[int(rank)] for rank in ranks],
        passed_mask=passed_mask,
    )


def _level_passes(
    level: EffectiveLevel, results: dict[int, npt.NDArray[np.bool_]], count: int
) -> npt.NDArray[np.bool_]:
    meets = np.ones(count, dtype=np.bool_)
    groups: dict[int, npt.NDArray[np.bool_]] = {}
    for criterion in level.criteria:
        if criterion.group == 0:
            meets &= results[criterion.id]
        else:
            previous = groups.get(criterion.group, np.zeros(count, dtype=np.bool_))
            groups[criterion.group] = previous | results[criterion.id]
    for either in groups.values():
        meets &= either
    return meets


@dataclass(frozen=True)
class ExplainedCriterion:
    level_key: str
    indicator: str
    label: str
    operator: str
    threshold: Any
    value: Any
    passed: bool
    group: int
    scope: str
    # The date of the consultant's assessment behind an ambition or capacity value.
    assessed_on: str | None = None


ASSESSED = {Indicator.AMBITION, Indicator.CAPACITY}


def explain(
    criteria: Sequence[EffectiveCriterion],
    passed_mask: int,
    indicators: dict[str, Any],
) -> list[ExplainedCriterion]:
    """Each criterion with the firm's value and whether it passed, from a stored mask."""
    return [
        ExplainedCriterion(
            level_key=criterion.level_key,
            indicator=criterion.indicator,
            label=str(Indicator(criterion.indicator).label),
            operator=str(Operator(criterion.operator).label),
            threshold=criterion.value,
            value=indicators.get(criterion.indicator),
            passed=bool((passed_mask >> bit) & 1),
            group=criterion.group,
            scope=criterion.scope,
            assessed_on=indicators.get("assessed_on") if criterion.indicator in ASSESSED else None,
        )
        for bit, criterion in enumerate(criteria)
    ]
