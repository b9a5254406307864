"""Scores, placements and assessments follow the company; rule sets are visible to all
staff (national, houses, municipalities) so that every level definition is transparent."""

from typing import Any

from django.db.models import Q

from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule
from vaekst.register.scoping import via_company
from vaekst.segmentation.models import Assessment, CompanyScore, Placement, RuleSet, ScoringRun

STAFF_ROLES = {
    Role.NATIONAL_ADMIN,
    Role.HOUSE_MANAGER,
    Role.GROWTH_CONSULTANT,
    Role.MUNICIPAL_CONSULTANT,
}

for _model in (CompanyScore, Placement, Assessment):
    register_rule(_model)(via_company)


@register_rule(RuleSet)
def rule_set_rule(user: Any, area: Area) -> Q | None:
    return Q() if user.role in STAFF_ROLES else None


@register_rule(ScoringRun)
def scoring_run_rule(user: Any, area: Area) -> Q | None:
    """Staff see the runs that covered their area: national runs, and their region's or
    municipality's."""
    if user.role not in STAFF_ROLES:
        return None
    if area.everything:
        return Q()
    national = Q(region__isnull=True, municipality__isnull=True)
    if area.region_code is not None:
        return (
            national | Q(region_id=area.region_code) | Q(municipality__region_id=area.region_code)
        )
    if area.municipality_code is not None:
        return (
            national
            | Q(municipality_id=area.municipality_code)
            | Q(region__municipalities__code=area.municipality_code)
        )
    return None
