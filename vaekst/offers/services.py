"""State changes of the offers app: editing the catalogue, recording usage, granting
overrides. Every change is audited.

Who edits: a house manager edits their own house's additional offers, a national
administrator the core offers; nobody edits another house's. Growth consultants deliver offers
but do not define them, since an offer commits the house's budget and partners. Who serves a
firm (records usage, grants overrides): caseworkers of the firm's area and national
administrators.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.eligibility import (
    check_eligibility,
    company_closed,
    company_region,
    offer_is_for_region,
)
from vaekst.offers.models import EligibilityOverride, Offer, OfferAllowance, OfferUsage
from vaekst.offers.selectors import level_names
from vaekst.organisations.choices import OrganisationKind, Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import visible_to
from vaekst.register.models import Company

OFFER_FIELDS = (
    "kind",
    "title",
    "summary",
    "description",
    "rationale",
    "regional_strategy",
    "municipal_priorities",
    "funding_source",
    "starts_on",
    "ends_on",
    "capacity",
    "is_published",
)


def _organisation(user: Any) -> Organisation | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organisation: Organisation | None = user.organisation
    return organisation if organisation is not None and organisation.is_active else None


def offer_owner_for(user: Any) -> Organisation | None:
    """The organisation whose offers `user` may create, or None."""
    organisation = _organisation(user)
    if organisation is None:
        return None
    if user.role == Role.NATIONAL_ADMIN and organisation.kind == OrganisationKind.NATIONAL:
        return organisation
    if user.role == Role.HOUSE_MANAGER and organisation.kind == OrganisationKind.GROWTH_HOUSE:
        return organisation
    return None


def can_edit_offer(user: Any, offer: Offer) -> bool:
    owner = offer_owner_for(user)
    return owner is not None and owner.pk == offer.owner_id


def may_serve(user: Any, company: Company) -> bool:
    """Caseworkers of the firm's area and national administrators record usage and grant
    overrides."""
    if _organisation(user) is None:
        return False
    if not (user.is_caseworker or user.is_national_admin):
        return False
    return visible_to(user, Company.objects.filter(pk=company.pk)).exists()


def _values(offer: Offer) -> dict[str, Any]:
    values = {field: getattr(offer, field) for field in OFFER_FIELDS}
    for field in ("starts_on", "ends_on"):
        values[field] = values[field].isoformat() if values[field] else None
    values["partners"] = sorted(str(p.public_id) for p in offer.partners.all())
    return values


def _set_partners(offer: Offer, partners: Iterable[Organisation]) -> None:
    partners = list(partners)
    if any(partner.kind != OrganisationKind.PARTNER for partner in partners):
        raise ValidationError(_("Kun partnerorganisationer kan være partnere på et tilbud."))
    offer.partners.set(partners)


def _clean(offer: Offer) -> None:
    if offer.kind == OfferKind.GROWTH_MAPPING and not offer.is_core:
        raise ValidationError(_("Vækstkortlægning er den nationale kerneydelse."))
    offer.full_clean()


@transaction.atomic
def create_offer(*, actor: Any, partners: Iterable[Organisation] = (), **fields: Any) -> Offer:
    """A new offer owned by the actor's organisation (core if that is the national level)."""
    owner = offer_owner_for(actor)
    if owner is None:
        raise PermissionDenied("Not allowed to create offers")
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer fields: {sorted(unknown)}")
    offer = Offer(owner=owner, is_core=owner.kind == OrganisationKind.NATIONAL, **fields)
    _clean(offer)
    offer.save()
    _set_partners(offer, partners)
    record(actor=actor, action=AuditAction.CREATE, obj=offer, changes=diff({}, _values(offer)))
    return offer


@transaction.atomic
def update_offer(
    *,
    actor: Any,
    offer: Offer,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Offer:
    """Change an offer's fields (and partners, when given); audited with the changes."""
    if not can_edit_offer(actor, offer):
        raise PermissionDenied("Not allowed to edit this offer")
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer fields: {sorted(unknown)}")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    before = _values(offer)
    for field, value in fields.items():
        setattr(offer, field, value)
    _clean(offer)
    offer.save()
    if partners is not None:
        _set_partners(offer, partners)
    changes = diff(before, _values(offer))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, obj=offer, changes=changes)
    return offer


@transaction.atomic
def set_allowance(
    *,
    actor: Any,
    offer: Offer,
    level_key: str,
    quantity: Decimal | None,
    unit: str = AllowanceUnit.HOURS,
) -> OfferAllowance | None:
    """Open the offer to a level with `quantity` of `unit`, or close it (quantity None)."""
    if not can_edit_offer(actor, offer):
        raise PermissionDenied("Not allowed to edit this offer")
    if level_key not in level_names():
        raise ValidationError(_("Ukendt niveau: %(level)s") % {"level": level_key})
    existing = OfferAllowance.objects.filter(offer=offer, level_key=level_key).first()
    before = {"quantity": str(existing.quantity), "unit": existing.unit} if existing else {}
    allowance: OfferAllowance | None = None
    if quantity is None:
        if existing is not None:
            existing.delete()
    else:
        allowance = existing or OfferAllowance(offer=offer, level_key=level_key)
        allowance.quantity = quantity
        allowance.unit = unit
        allowance.full_clean()
        allowance.save()
    after = {"quantity": str(allowance.quantity), "unit": allowance.unit} if allowance else {}
    changes = diff(before, after)
    if changes:
        changes = {f"{level_key}.{field}": value for field, value in changes.items()}
        record(actor=actor, action=AuditAction.UPDATE, obj=offer, changes=changes)
    return allowance


@transaction.atomic
def record_usage(
    *,
    actor: Any,
    company: Company,
    offer: Offer,
    quantity: Decimal,
    used_on: datetime.date | None = None,
    note: str = "",
    ip_address: str | None = None,
) -> OfferUsage:
    """Record that the firm used `quantity` of the offer; refused when it may not use the
    offer or has not that much left."""
    if not may_serve(actor, company):
        raise PermissionDenied("Not allowed to serve this company")
    # Lock the offer so that two consultants cannot both take the last place or hours.
    offer = Offer.objects.select_for_update().select_related("owner").get(pk=offer.pk)
    day = used_on or timezone.localdate()
    eligibility = check_eligibility(company=company, offer=offer, on=day)
    if not eligibility.allowed:
        raise ValidationError(eligibility.reason)
    if quantity <= 0:
        raise ValidationError(_("Omfanget skal være større end nul."))
    if quantity > eligibility.remaining:
        raise ValidationError(
            _("Der er kun %(remaining)s tilbage.") % {"remaining": eligibility.remaining}
        )
    return _save_usage(actor, company, offer, quantity, day, note, ip_address)


def _save_usage(
    actor: Any,
    company: Company,
    offer: Offer,
    quantity: Decimal,
    day: datetime.date,
    note: str,
    ip_address: str | None = None,
) -> OfferUsage:
    usage = OfferUsage(
        offer=offer, company=company, quantity=quantity, used_on=day, recorded_by=actor, note=note
    )
    usage.full_clean()
    usage.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=usage,
        company=company,
        changes={"offer": [None, str(offer.public_id)], "quantity": [None, str(quantity)]},
        ip_address=ip_address,
    )
    return usage


def default_override_quantity(offer: Offer) -> Decimal:
    """What an override grants when it names no quantity: the allowance of the offer's
    smallest allowance (the lowest level it opens for), or one unit (an hour, a session, a
    place) when no level has one."""
    quantities = [allowance.quantity for allowance in offer.allowances.all()]
    return min(quantities) if quantities else Decimal(1)


@transaction.atomic
def grant_override(
    *,
    actor: Any,
    company: Company,
    offer: Offer,
    reason: str,
    extra_quantity: Decimal | None = None,
    valid_until: datetime.date | None = None,
    ip_address: str | None = None,
) -> EligibilityOverride:
    """Let the firm use the offer despite its level (and/or use more of it), for a written
    reason; logged in the audit trail with the actor, the reason, the time and what was
    granted. The override grants `extra_quantity` on top of the level's allowance (none for
    a level the offer does not open); without a quantity it grants the offer's default
    (`default_override_quantity`), so that an override always gives something to use."""
    if not may_serve(actor, company):
        raise PermissionDenied("Not allowed to serve this company")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Skriv en begrundelse for undtagelsen."))
    if not offer_is_for_region(offer, company_region(company)):
        raise ValidationError(_("Tilbuddet er ikke for virksomheder i denne region."))
    if company_closed(company, timezone.localdate()):
        raise ValidationError(_("Virksomheden er ophørt."))
    if extra_quantity is not None and extra_quantity < 0:
        raise ValidationError(_("Omfanget kan ikke være negativt."))
    # The granted quantity is fixed now, so later changes to the allowances do not alter it.
    granted = extra_quantity if extra_quantity else default_override_quantity(offer)
    override = EligibilityOverride(
        offer=offer,
        company=company,
        granted_by=actor,
        reason=reason,
        extra_quantity=granted,
        valid_until=valid_until,
    )
    override.full_clean()
    override.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=override,
        company=company,
        changes=diff(
            {},
            {
                "offer": str(offer.public_id),
                "reason": reason,
                "extra_quantity": str(granted),
                "quantity_named": bool(extra_quantity),
                "valid_until": valid_until.isoformat() if valid_until else None,
            },
        ),
        ip_address=ip_address,
    )
    return override


@transaction.atomic
def take_place(
    *,
    actor: Any,
    company: Company,
    offer: Offer,
    quantity: Decimal,
    used_on: datetime.date | None = None,
    note: str = "",
) -> OfferUsage:
    """Count a place on a collective offer (a programme run) as the firm's use of it, after
    the one eligibility check. For callers that have already decided the actor may enrol
    the firm (its own user in the portal, or a caseworker): unlike `record_usage` it does
    not ask `may_serve`. Audited like any usage."""
    offer = Offer.objects.select_for_update().select_related("owner").get(pk=offer.pk)
    day = used_on or timezone.localdate()
    eligibility = check_eligibility(company=company, offer=offer, on=day)
    if not eligibility.allowed:
        raise ValidationError(eligibility.reason)
    # A place counts as what the allowance counts, but never more than is left.
    return _save_usage(actor, company, offer, min(quantity, eligibility.remaining), day, note)


@transaction.atomic
def release_place(*, actor: Any, usage: OfferUsage) -> None:
    """Give a place back (an enrolment cancelled): the usage row goes, audited."""
    record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=usage,
        company=usage.company,
        changes={
            "offer": [str(usage.offer.public_id), None],
            "quantity": [str(usage.quantity), None],
        },
    )
    usage.delete()
