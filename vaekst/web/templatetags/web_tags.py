from typing import Any

from django import template

from vaekst.audit.models import AuditEntry
from vaekst.organisations.scoping import visibility_filter

register = template.Library()


@register.simple_tag
def can_read_audit(user: Any) -> bool:
    """Whether the navigation offers the audit trail (the audit scoping rule grants something)."""
    return visibility_filter(user, AuditEntry) is not None
