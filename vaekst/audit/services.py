"""Writing the audit trail."""

from typing import Any

from django.db import models

from vaekst.audit.models import AuditAction, AuditEntry


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model,
    company: Any = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. `company` (anything with cvr and municipality) places the entry in
    a region so the right managers can read it."""
    municipality = getattr(company, "municipality", None) if company is not None else None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if actor is not None else "system",
        organisation=getattr(actor, "organisation", None),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        object_label=str(obj)[:300],
        company_cvr=getattr(company, "cvr", None),
        region_code=getattr(municipality, "region_id", None),
        municipality_code=getattr(municipality, "code", None),
        changes=changes or {},
        ip_address=ip_address,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-by-field changes as {field: [old, new]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
