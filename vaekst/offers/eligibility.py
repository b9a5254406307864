"""The one answer to "may this firm use this offer, and how much is left?".

Plans, programmes and referrals call `check_eligibility` (or `eligibility_for_company` for
many offers at once) rather than reading allowances themselves. The rules, in order:

0. the firm has not closed by the day asked about (its score may be older than the closure,
   so a closed firm is refused whatever its level says);
1. the offer is published and its period includes the day asked about;
2. a house's additional offer is for firms in that house's region (core offers everywhere);
3. the firm's current level (segmentation's CompanyScore) has an allowance on the offer;
   an unscored firm has no level and so no allowance;
4. the offer has room: fewer distinct firms have used it in its period than its capacity
   (a firm that already uses it keeps its place);
5. something is left: allowance + override extra − usage in the offer's period > 0.

A caseworker's override (with a written reason, valid on the day) stands in for rules 3 and
4 and adds its quantity (the one it names, else the offer's default, fixed when granted; see
`offers.services.grant_override`), so a firm whose level has no allowance may use what the
override grants; it cannot open an unpublished, finished or other region's offer, nor any
offer for a closed firm, because those are facts, not judgements about the firm.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vaekst.offers.models import EligibilityOverride, Offer, OfferAllowance, OfferUsage
from vaekst.register.models import Company
from vaekst.segmentation.models import CompanyScore

ZERO = Decimal(0)


@dataclass(frozen=True)
class Eligibility:
    """The answer for one firm and one offer on one day."""

    offer: Offer
    allowed: bool
    reason: str
    level_key: str | None
    allowance: Decimal | None
    unit: str
    used: Decimal
    remaining: Decimal
    capacity_left: int | None
    override: EligibilityOverride | None


def in_offer_period() -> Q:
    """Usage rows dated within their own offer's period."""
    return (Q(offer__starts_on__isnull=True) | Q(used_on__gte=F("offer__starts_on"))) & (
        Q(offer__ends_on__isnull=True) | Q(used_on__lte=F("offer__ends_on"))
    )


def company_region(company: Company) -> int | None:
    """The region code of the firm's municipality (None for a firm without one)."""
    municipality = company.municipality
    return municipality.region_id if municipality is not None else None


def offer_is_for_region(offer: Offer, region_code: int | None) -> bool:
    return offer.is_core or (region_code is not None and offer.owner.region_id == region_code)


def check_eligibility(
    *, company: Company, offer: Offer, on: datetime.date | None = None
) -> Eligibility:
    """May `company` use `offer` on `on` (today by default), and how much is left?"""
    return eligibility_for_company(company=company, offers=[offer], on=on)[0]


def eligibility_for_company(
    *, company: Company, offers: Sequence[Offer], on: datetime.date | None = None
) -> list[Eligibility]:
    """The answers for many offers at once, in a constant number of queries."""
    day = on or timezone.localdate()
    ids = [offer.pk for offer in offers]
    level_key = (
        CompanyScore.objects.filter(company=company).values_list("level_key", flat=True).first()
    )
    allowances = _allowances_for_level(offers, ids, level_key)
    usage = OfferUsage.objects.filter(in_offer_period(), offer_id__in=ids)
    used = dict(
        usage.filter(company=company)
        .values("offer_id")
        .annotate(total=Sum("quantity"))
        .values_list("offer_id", "total")
    )
    limited = [offer.pk for offer in offers if offer.capacity is not None]
    firms = (
        dict(
            usage.filter(offer_id__in=limited)
            .values("offer_id")
            .annotate(firms=Count("company", distinct=True))
            .values_list("offer_id", "firms")
        )
        if limited
        else {}
    )
    overrides: dict[int, list[EligibilityOverride]] = {}
    for override in EligibilityOverride.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day), company=company, offer_id__in=ids
    ).order_by("-created_at"):
        overrides.setdefault(override.offer_id, []).append(override)
    region_code = company_region(company)
    closed = company_closed(company, day)
    return [
        _decide(
            offer,
            day=day,
            closed=closed,
            region_code=region_code,
            level_key=level_key,
            allowance=allowances.get(offer.pk),
            used=used.get(offer.pk) or ZERO,
            firms=firms.get(offer.pk, 0),
            overrides=overrides.get(offer.pk, []),
        )
        for offer in offers
    ]


def _allowances_for_level(
    offers: Sequence[Offer], ids: list[int], level_key: str | None
) -> dict[int, OfferAllowance]:
    """Each offer's allowance for the level, taken from the offers' own allowances when the
    caller loaded them with the offers (visible_offers does), else read."""
    if all("allowances" in getattr(offer, "_prefetched_objects_cache", {}) for offer in offers):
        return {
            allowance.offer_id: allowance
            for offer in offers
            for allowance in offer.allowances.all()
            if allowance.level_key == level_key
        }
    return {
        allowance.offer_id: allowance
        for allowance in OfferAllowance.objects.filter(offer_id__in=ids, level_key=level_key)
    }


def company_closed(company: Company, day: datetime.date) -> bool:
    """Whether the firm has closed by `day`: its closing date has come, or, without one, the
    register no longer lists it as active."""
    if company.closed_on is not None:
        return company.closed_on <= day
    return not company.is_active


def _decide(
    offer: Offer,
    *,
    day: datetime.date,
    closed: bool,
    region_code: int | None,
    level_key: str | None,
    allowance: OfferAllowance | None,
    used: Decimal,
    firms: int,
    overrides: list[EligibilityOverride],
) -> Eligibility:
    override = overrides[0] if overrides else None
    extra = sum((o.extra_quantity for o in overrides), ZERO)
    base = allowance.quantity if allowance else ZERO
    remaining = max(base + extra - used, ZERO)
    capacity_left = None if offer.capacity is None else max(offer.capacity - firms, 0)

    def answer(allowed: bool, reason: str) -> Eligibility:
        return Eligibility(
            offer=offer,
            allowed=allowed,
            reason=reason,
            level_key=level_key,
            allowance=allowance.quantity if allowance else None,
            unit=allowance.unit if allowance else _unit_of(offer),
            used=used,
            remaining=remaining if allowed else ZERO,
            capacity_left=capacity_left,
            override=override,
        )

    if closed:
        return answer(False, _("Virksomheden er ophørt."))
    if not offer.is_published:
        return answer(False, _("Tilbuddet er ikke offentliggjort."))
    if offer.starts_on and day < offer.starts_on:
        return answer(
            False, _("Tilbuddet starter først %(date)s.") % {"date": date_format(offer.starts_on)}
        )
    if offer.ends_on and day > offer.ends_on:
        return answer(
            False, _("Tilbuddet sluttede %(date)s.") % {"date": date_format(offer.ends_on)}
        )
    if not offer_is_for_region(offer, region_code):
        return answer(
            False,
            _("Tilbuddet er kun for virksomheder i %(region)s.")
            % {"region": offer.owner.region or offer.owner},
        )
    if override is None:
        if level_key is None:
            return answer(False, _("Virksomheden er endnu ikke placeret på et vækstniveau."))
        if allowance is None:
            return answer(False, _("Virksomhedens niveau giver ikke adgang til tilbuddet."))
        # A firm that already uses the offer keeps its place; capacity only stops newcomers.
        if capacity_left == 0 and used == ZERO:
            return answer(False, _("Tilbuddet er fuldt: der er ikke flere pladser i perioden."))
    if remaining <= ZERO:
        return answer(False, _("Virksomheden har brugt hele sin tildeling."))
    if override is not None:
        return answer(True, _("Undtagelse: %(reason)s") % {"reason": override.reason})
    return answer(True, _("Virksomhedens niveau giver adgang."))


def _unit_of(offer: Offer) -> str:
    # Without an allowance for the firm's level, any allowance's unit says what is counted.
    units = [allowance.unit for allowance in offer.allowances.all()]
    return units[0] if units else ""
