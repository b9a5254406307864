"""Who may see which companies."""

from typing import Any

from django.db.models import Q

from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule, through, visibility_filter
from vaekst.register.models import (
    Company,
    CompanyEvent,
    CompanyPeriod,
    ProductionUnit,
    YearlyFigures,
)


@register_rule(Company)
def company_rule(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    if area.is_regional:
        return Q(region_id=area.region_code)
    if area.is_municipal:
        return Q(municipality_id=area.municipality_code)
    if user.role == Role.COMPANY_USER:
        return Q(memberships__user=user)
    # Partners see only what is shared with them; the growth-plan app adds that rule.
    return None


def via_company(user: Any, area: Area) -> Q | None:
    """A rule for rows that belong to a company: visible where the company is."""
    return through("company", Company, visibility_filter(user, Company))


for _model in (CompanyPeriod, ProductionUnit, YearlyFigures, CompanyEvent):
    register_rule(_model)(via_company)
