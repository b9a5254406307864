"""Reading the audit trail, through the scoping mechanism."""

from typing import Any

from django.db.models import Q, QuerySet

from vaekst.audit.models import AuditEntry
from vaekst.organisations.scoping import visibility_filter, visible_to


def may_read_audit(user: Any) -> bool:
    return visibility_filter(user, AuditEntry) is not None


def search_entries(user: Any, *, cvr: int | None = None, actor: str = "") -> QuerySet[AuditEntry]:
    """Entries the user may read, newest first, optionally for one firm or one actor
    (username or name as recorded)."""
    entries = visible_to(user, AuditEntry.objects.all()).select_related("actor")
    if cvr is not None:
        entries = entries.filter(company_cvr=cvr)
    actor = actor.strip()
    if actor:
        entries = entries.filter(Q(actor__username__iexact=actor) | Q(actor_label__icontains=actor))
    return entries.order_by("-at", "-id")
