"""The segmentation API: the levels in force, a firm's placement, and the current scores,
scoped exactly like the pages (staff only; a firm outside the caller's scope is a 404)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from vaekst.accounts.api_auth import api_user
from vaekst.lib.paging import PageQuery, api_page
from vaekst.register.selectors import find_company
from vaekst.segmentation.rules import EffectiveCriterion, EffectiveLevel
from vaekst.segmentation.selectors import (
    company_score,
    current_scores,
    level_configuration,
    may_read_levels,
)

router = Router(tags=["levels"])
FORBIDDEN = {403: {"description": "The caller's role does not read levels (firms, partners)"}}
CVR_PATTERN = r"^[1-9][0-9]{7}$"


class CriterionOut(Schema):
    level_key: str
    indicator: str
    indicator_label: str
    operator: str
    value: Any = Field(description="A number (growth as a fraction), a list of codes, or true")
    group: int = Field(description="0: must pass; same non-zero group: at least one must pass")
    scope: str = Field(description="Where the criterion comes from: national, region, municipality")
    replaced_value: Any = Field(
        None, description="The inherited threshold this nuance replaces, if any"
    )

    @classmethod
    def from_effective(cls, criterion: EffectiveCriterion) -> "CriterionOut":
        from vaekst.segmentation.choices import Indicator

        return cls(
            level_key=criterion.level_key,
            indicator=criterion.indicator,
            indicator_label=str(Indicator(criterion.indicator).label),
            operator=criterion.operator,
            value=criterion.value,
            group=criterion.group,
            scope=criterion.scope,
            replaced_value=criterion.replaced_value,
        )


class LevelOut(Schema):
    key: str
    rank: int = Field(description="1 is the highest potential")
    internal_name: str
    external_name: str = Field(description="The branded name shown to firms (local if renamed)")
    description: str
    criteria: list[CriterionOut]

    @classmethod
    def from_effective(cls, level: EffectiveLevel, description: str) -> "LevelOut":
        return cls(
            key=level.key,
            rank=level.rank,
            internal_name=level.internal_name,
            external_name=level.external_name,
            description=description,
            criteria=[CriterionOut.from_effective(c) for c in level.criteria],
        )


class RuleSetOut(Schema):
    scope: str
    region: int | None
    municipality: int | None
    version: int
    effective_from: datetime.date


class LevelsOut(Schema):
    """The levels in force for the caller's area, with the rule sets they come from."""

    region: int | None = Field(description="The caller's region; null nationally")
    municipality: int | None = Field(description="The caller's municipality, if municipal")
    rule_sets: list[RuleSetOut]
    levels: list[LevelOut]


class LevelRef(Schema):
    key: str
    rank: int
    internal_name: str
    external_name: str


class ExplanationOut(Schema):
    level_key: str
    indicator: str
    label: str
    operator: str
    threshold: Any
    value: Any = Field(description="The firm's value (growth as a fraction); null if unknown")
    passed: bool
    group: int
    scope: str


class HistoryOut(Schema):
    level_key: str
    level_rank: int
    valid_from: datetime.datetime
    valid_to: datetime.datetime | None


class PlacementOut(Schema):
    cvr: str = Field(pattern=CVR_PATTERN)
    level: LevelRef
    scored_at: datetime.datetime = Field(
        description="When these values were computed (a later run that found them unchanged "
        "leaves them as they are)"
    )
    checked_at: datetime.datetime = Field(
        description="When the latest scoring run covering the firm confirmed them"
    )
    predicted_high_growth: float | None = Field(description="Chance of high growth, 0-1")
    model_version: int | None
    rule_set: RuleSetOut = Field(description="The governing rule set")
    explanation: list[ExplanationOut]
    history: list[HistoryOut] = Field(description="Newest first, at most 20")


class PlacementItem(Schema):
    cvr: str = Field(pattern=CVR_PATTERN)
    name: str
    municipality: int | None
    level_key: str
    level_rank: int
    predicted_high_growth: float | None
    employees: float | None
    employee_growth_3y: float | None
    scored_at: datetime.datetime


class PlacementPage(Schema):
    """One page of current scores; `next` is the following page's URL or null (no count)."""

    items: list[PlacementItem]
    limit: int
    offset: int
    next: str | None


class PlacementQuery(PageQuery):
    level: str = Field("", max_length=30, description="A level key, e.g. high")
    municipality: int | None = Field(None, ge=101, le=999, description="Municipality code")


def _rule_set_out(rule_set: Any) -> RuleSetOut:
    return RuleSetOut(
        scope=rule_set.scope,
        region=rule_set.region_id,
        municipality=rule_set.municipality_id,
        version=rule_set.version,
        effective_from=rule_set.effective_from,
    )


def _staff(request: HttpRequest) -> Any:
    user = api_user(request)
    if not may_read_levels(user):
        raise HttpError(403, "Forbidden")
    return user


@router.get(
    "/levels",
    response=LevelsOut,
    summary="Levels in force",
    openapi_extra={"responses": FORBIDDEN},
)
def list_levels(request: HttpRequest) -> LevelsOut:
    """The growth-potential levels in force today for the caller's area: the national
    definition with the region's and municipality's nuances (changed thresholds, added
    criteria, local external names)."""
    configuration = level_configuration(_staff(request))
    rules = configuration.rules
    return LevelsOut(
        region=configuration.place.region,
        municipality=configuration.place.municipality,
        rule_sets=[
            _rule_set_out(rule_set)
            for rule_set in (rules.national, rules.region, rules.municipality)
            if rule_set is not None
        ],
        levels=[
            LevelOut.from_effective(level, configuration.descriptions.get(level.key, ""))
            for level in rules.levels
        ],
    )


@router.get(
    "/companies/{cvr}/placement",
    response=PlacementOut,
    summary="A company's level",
    openapi_extra={
        "responses": {
            **FORBIDDEN,
            404: {"description": "No such company visible to the caller, or not scored"},
        }
    },
)
def get_placement(request: HttpRequest, cvr: str) -> PlacementOut:
    """The firm's current level with the explanation (each criterion, the firm's value,
    passed or not), the predicted chance of high growth and the level history."""
    user = _staff(request)
    if not (len(cvr) == 8 and cvr.isascii() and cvr.isdigit() and cvr[0] != "0"):
        raise Http404("Not found")
    company = find_company(user, int(cvr))
    view = company_score(user, company)
    if view is None:
        raise Http404("Not found")
    level = view.level
    run = view.score.run
    return PlacementOut(
        cvr=company.cvr_display,
        level=LevelRef(
            key=level.key,
            rank=level.rank,
            internal_name=level.internal_name,
            external_name=level.external_name,
        ),
        scored_at=view.score.scored_at,
        checked_at=view.checked_at,
        predicted_high_growth=view.score.predicted_high_growth,
        model_version=run.prediction_model.version if run.prediction_model is not None else None,
        rule_set=_rule_set_out(view.rules.governing),
        explanation=[
            ExplanationOut(
                level_key=line.level_key,
                indicator=line.indicator,
                label=line.label,
                operator=line.operator,
                threshold=line.threshold,
                value=line.value,
                passed=line.passed,
                group=line.group,
                scope=line.scope,
            )
            for line in view.explanation
        ],
        history=[
            HistoryOut(
                level_key=placement.level_key,
                level_rank=placement.level_rank,
                valid_from=placement.valid_from,
                valid_to=placement.valid_to,
            )
            for placement in view.history
        ],
    )


@router.get(
    "/placements",
    response=PlacementPage,
    summary="Current levels of companies",
    openapi_extra={"responses": FORBIDDEN},
)
def list_placements(request: HttpRequest, query: Query[PlacementQuery]) -> PlacementPage:
    """Current scores in the caller's scope, highest level and predicted chance first,
    optionally one level and one municipality. Paged by `limit` and `offset`."""
    scores = current_scores(
        _staff(request), level=query.level or None, municipality=query.municipality
    )
    rows, next_url = api_page(request, scores, query)
    return PlacementPage(
        items=[
            PlacementItem(
                cvr=score.company.cvr_display,
                name=score.company.name,
                municipality=score.company.municipality_id,
                level_key=score.level_key,
                level_rank=score.level_rank,
                predicted_high_growth=score.predicted_high_growth,
                employees=score.indicators.get("employees"),
                employee_growth_3y=score.indicators.get("employee_growth_3y"),
                scored_at=score.scored_at,
            )
            for score in rows
        ],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )
