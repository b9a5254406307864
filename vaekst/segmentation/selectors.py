"""Reads for segmentation: the rules in force, a firm's score and explanation."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from vaekst.organisations.scoping import visible_to
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import CompanyScore, Placement, RuleChain, RuleSet
from vaekst.segmentation.rules import EffectiveRules, ExplainedCriterion, explain, resolve


def _latest_published(queryset: QuerySet[RuleSet], at: datetime.date) -> QuerySet[RuleSet]:
    return queryset.filter(status=RuleSetStatus.PUBLISHED, effective_from__lte=at).order_by(
        "-effective_from", "-version"
    )


@dataclass
class RulesInForce:
    """The published rule sets in force on a date, and their resolved chains (cached)."""

    at: datetime.date
    national: RuleSet
    regions: dict[int, RuleSet]
    municipalities: dict[int, RuleSet]
    _cache: dict[tuple[int | None, int | None], EffectiveRules] = field(default_factory=dict)

    def for_place(self, region: int | None, municipality: int | None) -> EffectiveRules:
        key = (region, municipality)
        if key not in self._cache:
            self._cache[key] = resolve(
                self.national,
                self.regions.get(region) if region is not None else None,
                self.municipalities.get(municipality) if municipality is not None else None,
            )
        return self._cache[key]


def rules_in_force(
    at: datetime.date | None = None, *, replace: RuleSet | None = None
) -> RulesInForce:
    """The rules in force `at` (default today). `replace` puts a draft in place of the
    published rule set of its scope, for previews."""
    at = at or datetime.date.today()
    national = _latest_published(RuleSet.objects.filter(scope=RuleSetScope.NATIONAL), at).first()
    if national is None:
        raise LookupError("No published national rule set")
    regions: dict[int, RuleSet] = {}
    for rule_set in _latest_published(RuleSet.objects.filter(scope=RuleSetScope.REGION), at):
        assert rule_set.region_id is not None
        regions.setdefault(rule_set.region_id, rule_set)
    municipalities: dict[int, RuleSet] = {}
    for rule_set in _latest_published(RuleSet.objects.filter(scope=RuleSetScope.MUNICIPALITY), at):
        assert rule_set.municipality_id is not None
        municipalities.setdefault(rule_set.municipality_id, rule_set)
    if replace is not None:
        if replace.scope == RuleSetScope.NATIONAL:
            national = replace
        elif replace.scope == RuleSetScope.REGION:
            assert replace.region_id is not None
            regions[replace.region_id] = replace
        else:
            assert replace.municipality_id is not None
            municipalities[replace.municipality_id] = replace
    return RulesInForce(at, national, regions, municipalities)


def chain_rules(chain: RuleChain) -> EffectiveRules:
    return resolve(chain.national, chain.region_rule_set, chain.municipality_rule_set)


@dataclass
class ScoreView:
    """A firm's level with its explanation, for the company page and the API."""

    score: CompanyScore
    rules: EffectiveRules
    explanation: list[ExplainedCriterion]
    history: list[Placement]

    @property
    def level(self) -> Any:
        return next(level for level in self.rules.levels if level.key == self.score.level_key)


def company_score(user: Any, company: Any) -> ScoreView | None:
    """The firm's current score as the user may see it, or None when not scored."""
    score = (
        visible_to(user, CompanyScore.objects.all())
        .select_related(
            "chain__national", "chain__region_rule_set", "chain__municipality_rule_set", "run"
        )
        .filter(company=company)
        .first()
    )
    if score is None:
        return None
    rules = chain_rules(score.chain)
    history = list(
        visible_to(user, Placement.objects.all())
        .filter(company=company)
        .order_by("-valid_from")[:20]
    )
    return ScoreView(
        score=score,
        rules=rules,
        explanation=explain(rules.criteria, score.passed_mask, score.indicators),
        history=history,
    )
