"""Scores, placements and assessments follow the company; rule sets are visible to all
staff (national, houses, municipalities) so that every level definition is transparent."""

from typing import Any

from django.db.models import Q

from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule
from vaekst.register.scoping import via_company
from vaekst.segmentation.models import Assessment, CompanyScore, Placement, RuleSet

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
