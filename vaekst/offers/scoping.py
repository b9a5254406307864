"""Who sees which offers. The catalogue is public within the platform: staff see every
published offer nationwide (and their own organisation's drafts; national administrators
everything). A firm's user sees the published core offers and those of the house of the
firm's region; a partner sees the offers it is a partner on. Usage and overrides follow the
company."""

from typing import Any

from django.db.models import Q

from vaekst.offers.models import EligibilityOverride, Offer, OfferUsage
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule
from vaekst.register.models import Company
from vaekst.register.scoping import via_company

STAFF_ROLES = {Role.HOUSE_MANAGER, Role.GROWTH_CONSULTANT, Role.MUNICIPAL_CONSULTANT}


@register_rule(Offer)
def offer_rule(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    if user.role in STAFF_ROLES and (area.is_regional or area.is_municipal):
        return Q(is_published=True) | Q(owner_id=user.organisation_id)
    if user.role == Role.COMPANY_USER:
        firm_regions = Company.objects.filter(memberships__user=user).values("region_id")
        return Q(is_published=True) & (Q(is_core=True) | Q(owner__region_id__in=firm_regions))
    if user.role == Role.PARTNER_ADVISOR and user.organisation_id is not None:
        partnered = Offer.partners.through.objects.filter(
            organisation_id=user.organisation_id
        ).values("offer_id")
        return Q(is_published=True, pk__in=partnered)
    return None


for _model in (OfferUsage, EligibilityOverride):
    register_rule(_model)(via_company)
