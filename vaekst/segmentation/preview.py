"""Before a draft is published: how many firms would move between levels."""

from dataclasses import dataclass

import polars as pl

from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.indicators import Scope
from vaekst.segmentation.models import RuleSet
from vaekst.segmentation.scoring import indicator_frame, place
from vaekst.segmentation.selectors import rules_in_force


@dataclass(frozen=True)
class Preview:
    firms: int
    moved: int
    # (from level key, to level key, firms), the diagonal included
    transitions: list[tuple[str, str, int]]
    levels: list[tuple[str, str]]  # (key, internal name) by rank

    def count(self, source: str, target: str) -> int:
        return next((n for s, t, n in self.transitions if s == source and t == target), 0)


def preview(draft: RuleSet) -> Preview:
    """Place the draft's firms under the rules in force and under the draft, and compare."""
    if draft.scope == RuleSetScope.MUNICIPALITY:
        scope = Scope(municipality=draft.municipality_id)
    elif draft.scope == RuleSetScope.REGION:
        scope = Scope(region=draft.region_id)
    else:
        scope = Scope()
    frame, _ = indicator_frame(scope)
    current, _ = place(frame, rules_in_force())
    proposed_rules = rules_in_force(replace=draft)
    proposed, _ = place(frame, proposed_rules)
    joined = current.select("company_id", pl.col("level_key").alias("source")).join(
        proposed.select("company_id", pl.col("level_key").alias("target")), on="company_id"
    )
    transitions = (
        joined.group_by("source", "target").len().sort("source", "target").rows()
        if len(joined)
        else []
    )
    moved = sum(count for source, target, count in transitions if source != target)
    levels = [
        (level.key, level.shown_internal_name)
        for level in proposed_rules.for_place(None, None).levels
    ]
    return Preview(len(joined), moved, [tuple(t) for t in transitions], levels)  # type: ignore[misc]
