"""Reads for segmentation: the rules in force, a firm's score and explanation."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from vaekst.lib.languages import in_reader_language
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Municipality, Region
from vaekst.organisations.scoping import Area, get_visible_or_404, visibility_filter, visible_to
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus, RunStatus
from vaekst.segmentation.models import (
    Assessment,
    CompanyScore,
    LevelDefinition,
    Placement,
    PredictionModel,
    RuleChain,
    RuleSet,
    ScoringRun,
)
from vaekst.segmentation.rules import EffectiveRules, ExplainedCriterion, explain, resolve

GOVERNING_STATUSES = (RuleSetStatus.PUBLISHED, RuleSetStatus.RETIRED)


def _latest_published(queryset: QuerySet[RuleSet], at: datetime.date) -> QuerySet[RuleSet]:
    """The versions that have taken effect by `at`, the governing one first: a later version
    supersedes the earlier ones from its effective date, so the newest effective version
    governs. A version with a future date does not govern until that date. Retired versions
    are included so that the rules of a past date can still be read."""
    return queryset.filter(status__in=GOVERNING_STATUSES, effective_from__lte=at).order_by(
        "-version"
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
    checked_at: Any = None  # when a run last confirmed the score (it may be older)

    @property
    def level(self) -> Any:
        return next(level for level in self.rules.levels if level.key == self.score.level_key)


def company_score(user: Any, company: Any) -> ScoreView | None:
    """The firm's current score as the user may see it, or None when not scored."""
    # The run's model comes along for its version; its artifact (megabytes of pickled
    # booster) stays in the database, as `prediction.load` reads it once per process.
    score = (
        visible_to(user, CompanyScore.objects.all())
        .select_related(
            "chain__national",
            "chain__region_rule_set",
            "chain__municipality_rule_set",
            "run__prediction_model",
        )
        .defer("run__prediction_model__artifact")
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
        checked_at=last_checked(company) or score.scored_at,
    )


def last_checked(company: Any) -> Any:
    """When the latest finished scoring run that covered the firm (the whole country, its
    region or its municipality) ended. A run leaves an unchanged score row as it was, so
    the row's own time says since when the values hold, and this says they still did."""
    covering = (
        Q(region__isnull=True, municipality__isnull=True)
        | Q(region_id=company.region_id, municipality__isnull=True)
        | Q(municipality_id=company.municipality_id)
    )
    # A run of a few touched firms checked those only, not the area.
    return (
        ScoringRun.objects.filter(covering, status=RunStatus.DONE, company_ids__isnull=True)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


# --- reads for the pages and the API ------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The user's area as a place in the rules: the whole country, a region or a
    municipality (with its region)."""

    region: int | None = None
    municipality: int | None = None

    @property
    def is_national(self) -> bool:
        return self.region is None and self.municipality is None


def user_place(user: Any) -> Place:
    area = Area.of(user)
    if area.municipality_code is not None:
        region = (
            Municipality.objects.filter(code=area.municipality_code)
            .values_list("region_id", flat=True)
            .first()
        )
        return Place(region=region, municipality=area.municipality_code)
    if area.region_code is not None:
        return Place(region=area.region_code)
    return Place()


def may_read_levels(user: Any) -> bool:
    """Staff (national, houses, municipalities) read the level configuration and scores."""
    return visibility_filter(user, RuleSet) is not None


def may_request_scoring(user: Any) -> bool:
    return getattr(user, "role", None) in (Role.NATIONAL_ADMIN, Role.HOUSE_MANAGER) and (
        may_read_levels(user)
    )


@dataclass(frozen=True)
class LevelConfiguration:
    """The levels in force for a place, with the national descriptions and the nuances."""

    place: Place
    rules: EffectiveRules
    descriptions: dict[str, str]
    nuances: list[RuleSet]
    descriptions_en: dict[str, str] = field(default_factory=dict)

    @property
    def shown_descriptions(self) -> dict[str, str]:
        """The descriptions in the reader's language (Danish where no English is given)."""
        return {
            key: in_reader_language(danish, self.descriptions_en.get(key))
            for key, danish in self.descriptions.items()
        }


def level_configuration(user: Any, at: datetime.date | None = None) -> LevelConfiguration:
    place = user_place(user)
    in_force = rules_in_force(at)
    rules = in_force.for_place(place.region, place.municipality)
    texts = rules.national.levels.values_list("key", "description", "description_en")
    descriptions = {key: danish for key, danish, _english in texts}
    descriptions_en = {key: english for key, _danish, english in texts}
    nuances = [rule_set for rule_set in (rules.region, rules.municipality) if rule_set]
    return LevelConfiguration(place, rules, descriptions, nuances, descriptions_en)


def rule_set_versions(user: Any) -> QuerySet[RuleSet]:
    """The rule-set versions of the user's place and above (all of them nationally)."""
    place = user_place(user)
    queryset = visible_to(user, RuleSet.objects.all()).select_related(
        "author", "published_by", "region", "municipality"
    )
    if not place.is_national:
        mine = Q(scope=RuleSetScope.NATIONAL) | Q(scope=RuleSetScope.REGION, region=place.region)
        if place.municipality is not None:
            mine |= Q(scope=RuleSetScope.MUNICIPALITY, municipality=place.municipality)
        queryset = queryset.filter(mine)
    return queryset.order_by("scope", "region", "municipality", "-version")


def get_rule_set(user: Any, public_id: Any) -> RuleSet:
    queryset = RuleSet.objects.select_related("author", "published_by", "region", "municipality")
    return get_visible_or_404(user, queryset, public_id=public_id)


def editable_scope(user: Any) -> tuple[str, int | None, int | None] | None:
    """The scope the user may create drafts for (their own), or None."""
    from vaekst.segmentation.services import can_edit_scope

    place = user_place(user)
    if place.is_national:
        scope: tuple[str, int | None, int | None] = (RuleSetScope.NATIONAL, None, None)
    elif place.municipality is not None:
        scope = (RuleSetScope.MUNICIPALITY, None, place.municipality)
    else:
        scope = (RuleSetScope.REGION, place.region, None)
    if not may_read_levels(user) or not can_edit_scope(user, *scope):
        return None
    return scope


@dataclass(frozen=True)
class LevelCountRow:
    code: int | None
    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class LevelCounts:
    """Active firms by level per area (regions nationally, municipalities in a region)."""

    levels: list[tuple[str, str]]  # (key, internal name) by rank
    rows: list[LevelCountRow]
    by: str  # "region" | "municipality"

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.rows) for i in range(len(self.levels))]

    @property
    def total(self) -> int:
        return sum(self.totals)


def level_counts(user: Any) -> LevelCounts:
    """Two queries: the national levels, and one grouped count over the scores in scope."""
    place = user_place(user)
    levels = [
        (str(key), in_reader_language(name, english))
        for key, name, english in _national_levels().values_list(
            "key", "internal_name", "internal_name_en"
        )
    ]
    scores = visible_to(user, CompanyScore.objects.all()).filter(company__is_active=True)
    if place.is_national:
        group = "company__region_id"
        names = dict(Region.objects.values_list("code", "name"))
        by = "region"
    else:
        group = "company__municipality_id"
        if place.municipality is not None:
            municipalities = Municipality.objects.filter(code=place.municipality)
        else:
            municipalities = Municipality.objects.filter(region_id=place.region or 0)
        names = dict(municipalities.values_list("code", "name"))
        by = "municipality"
    counted: dict[int | None, dict[str, int]] = {}
    for row in scores.values(group, "level_key").annotate(firms=Count("pk")).order_by():
        counted.setdefault(row[group], {})[row["level_key"]] = row["firms"]
    codes = sorted(set(names) | {code for code in counted if code is not None})
    rows = [
        LevelCountRow(code, names.get(code, str(code)), _counts(counted.get(code), levels))
        for code in codes
    ]
    if None in counted:
        rows.append(LevelCountRow(None, "–", _counts(counted[None], levels)))
    return LevelCounts(levels, rows, by)


def _counts(counted: dict[str, int] | None, levels: list[tuple[str, str]]) -> list[int]:
    return [(counted or {}).get(key, 0) for key, _name in levels]


def _national_levels() -> QuerySet[LevelDefinition]:
    national = _latest_published(
        RuleSet.objects.filter(scope=RuleSetScope.NATIONAL), datetime.date.today()
    ).first()
    return LevelDefinition.objects.filter(rule_set=national).order_by("rank")


def level_names() -> dict[str, tuple[str, str]]:
    """key → (internal, external) national names of the levels in force, by rank, in the
    reader's language."""
    return {
        str(level.key): (level.shown_internal_name, level.shown_external_name)
        for level in _national_levels().only(
            "key", "internal_name", "external_name", "internal_name_en", "external_name_en"
        )
    }


def visible_runs(user: Any) -> QuerySet[ScoringRun]:
    return (
        visible_to(user, ScoringRun.objects.all())
        .select_related("requested_by", "region", "municipality")
        .order_by("-created_at")
    )


def latest_run(user: Any) -> ScoringRun | None:
    return visible_runs(user).first()


def get_run(user: Any, public_id: Any) -> ScoringRun:
    return get_visible_or_404(user, visible_runs(user), public_id=public_id)


def active_prediction_model() -> PredictionModel | None:
    """The model in use, without its (large) artifact."""
    return PredictionModel.objects.filter(is_active=True).defer("artifact").first()


def current_scores(
    user: Any, *, level: str | None = None, municipality: int | None = None
) -> QuerySet[CompanyScore]:
    """Current scores in scope, highest level and chance first."""
    queryset = visible_to(user, CompanyScore.objects.all()).select_related("company__municipality")
    if level:
        queryset = queryset.filter(level_key=level)
    if municipality is not None:
        queryset = queryset.filter(company__municipality_id=municipality)
    return queryset.order_by(
        "level_rank", F("predicted_high_growth").desc(nulls_last=True), "company_id"
    )


def latest_assessment(user: Any, company: Any) -> Assessment | None:
    return (
        visible_to(user, Assessment.objects.all())
        .filter(company=company)
        .select_related("assessed_by")
        .first()
    )
