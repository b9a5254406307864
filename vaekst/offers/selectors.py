"""Reads of the catalogue, always through the scoping mechanism, shared by pages and API."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from vaekst.lib.languages import in_reader_language
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.defaults import DEFAULT_LEVELS
from vaekst.segmentation.models import LevelDefinition


@dataclass(frozen=True)
class OfferFilter:
    """The catalogue's filters; empty values mean "any". `owner` is an organisation's
    public id (the national organisation for the core offers, or a house)."""

    owner: UUID | None = None
    kind: str = ""
    level: str = ""


def level_names() -> dict[str, str]:
    """The national levels, key → internal name in the reader's language, highest first:
    from the newest published national rule set, or the defaults before any is published."""
    rows = list(
        LevelDefinition.objects.filter(
            rule_set__scope=RuleSetScope.NATIONAL, rule_set__status=RuleSetStatus.PUBLISHED
        )
        .order_by("-rule_set__version", "rank")
        .values_list("rule_set_id", "key", "internal_name", "internal_name_en")
    )
    if not rows:
        return {
            str(level["key"]): in_reader_language(
                str(level["internal_name"]), str(level["internal_name_en"])
            )
            for level in DEFAULT_LEVELS
        }
    newest = rows[0][0]
    return {
        key: in_reader_language(name, english)
        for rule_set, key, name, english in rows
        if rule_set == newest
    }


def visible_offers(user: Any) -> QuerySet[Offer]:
    """Offers the user may see, with owner and allowances loaded (two queries in all)."""
    return (
        visible_to(user, Offer.objects.all())
        .select_related("owner__region")
        .prefetch_related(
            Prefetch("allowances", queryset=OfferAllowance.objects.order_by("level_key"))
        )
    )


def search_offers(user: Any, filters: OfferFilter) -> QuerySet[Offer]:
    queryset = visible_offers(user)
    if filters.owner:
        queryset = queryset.filter(owner__public_id=filters.owner)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.level:
        queryset = queryset.filter(
            pk__in=OfferAllowance.objects.filter(level_key=filters.level).values("offer_id")
        )
    return queryset.order_by("-is_core", "owner__name", "title")


def get_offer(user: Any, public_id: UUID | str) -> Offer:
    """One offer the user may see, with partners, or 404 for missing and not-yours alike."""
    return get_visible_or_404(
        user, visible_offers(user).prefetch_related("partners"), public_id=public_id
    )


def offer_owners() -> QuerySet[Organisation]:
    """The organisations that can own offers: the national level and the five houses."""
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.NATIONAL, OrganisationKind.GROWTH_HOUSE]
    ).order_by("kind", "name")
