"""The audit trail is read by national administrators (everything) and house managers
(entries about firms in their region)."""

from typing import Any

from django.db.models import Q

from vaekst.audit.models import AuditEntry
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule


@register_rule(AuditEntry)
def audit_rule(user: Any, area: Area) -> Q | None:
    if area.everything:
        return Q()
    if user.role == Role.HOUSE_MANAGER and area.is_regional:
        return Q(region_code=area.region_code) | Q(organisation=user.organisation)
    return None
