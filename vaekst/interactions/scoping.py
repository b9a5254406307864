"""Contacts and interactions are personal data: only caseworkers of the firm's area see them
(and national administrators, whose role needs them to answer access requests)."""

from typing import Any

from django.db.models import Q

from vaekst.interactions.models import Interaction, Person
from vaekst.organisations.scoping import Area, register_rule


def _caseworker_area(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    if not user.is_caseworker:
        return None
    if area.is_regional:
        return Q(company__region_id=area.region_code)
    if area.is_municipal:
        return Q(company__municipality_id=area.municipality_code)
    return None


register_rule(Person)(_caseworker_area)
register_rule(Interaction)(_caseworker_area)
