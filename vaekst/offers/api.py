"""The offers API: the catalogue and a firm's eligibility, scoped exactly like the pages.

Reads go through `offers.selectors` and `register.selectors`, and eligibility through the one
service function, so an answer here is the answer on the page."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from vaekst.accounts.api_auth import api_user
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.eligibility import Eligibility, eligibility_for_company
from vaekst.offers.models import Offer
from vaekst.offers.selectors import get_offer, visible_offers
from vaekst.register.selectors import find_company

router = Router(tags=["offers"])


class AllowanceOut(Schema):
    level_key: str
    quantity: Decimal
    unit: AllowanceUnit


class OfferOut(Schema):
    id: UUID = Field(description="The offer's public id")
    title: str
    summary: str
    kind: OfferKind
    is_core: bool
    owner: str = Field(description="The owning organisation's name")
    owner_id: UUID
    region_code: int | None = Field(description="The owning house's region; null for core")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    capacity: int | None = Field(description="Firms per period; null is unlimited")
    is_published: bool
    allowances: list[AllowanceOut]

    @classmethod
    def from_model(cls, offer: Offer) -> "OfferOut":
        return cls(
            id=offer.public_id,
            title=offer.title,
            summary=offer.summary,
            kind=OfferKind(offer.kind),
            is_core=offer.is_core,
            owner=offer.owner.name,
            owner_id=offer.owner.public_id,
            region_code=offer.owner.region_id,
            starts_on=offer.starts_on,
            ends_on=offer.ends_on,
            capacity=offer.capacity,
            is_published=offer.is_published,
            allowances=[
                AllowanceOut(level_key=a.level_key, quantity=a.quantity, unit=AllowanceUnit(a.unit))
                for a in offer.allowances.all()
            ],
        )


class OfferDetailOut(OfferOut):
    description: str
    rationale: str
    regional_strategy: str
    municipal_priorities: str
    funding_source: str
    partners: list[str]


class EligibilityOut(Schema):
    offer_id: UUID
    offer_title: str
    allowed: bool
    reason: str = Field(description="Why, in the interface language (Danish by default)")
    level_key: str | None
    allowance: Decimal | None
    unit: str
    used: Decimal
    remaining: Decimal
    capacity_left: int | None
    overridden: bool

    @classmethod
    def from_answer(cls, answer: Eligibility) -> "EligibilityOut":
        return cls(
            offer_id=answer.offer.public_id,
            offer_title=answer.offer.title,
            allowed=answer.allowed,
            reason=answer.reason,
            level_key=answer.level_key,
            allowance=answer.allowance,
            unit=answer.unit,
            used=answer.used,
            remaining=answer.remaining,
            capacity_left=answer.capacity_left,
            overridden=answer.override is not None,
        )


@router.get("/offers", response=list[OfferOut], summary="List offers")
def list_offers(request: HttpRequest) -> list[OfferOut]:
    """The offers the caller may see (the catalogue), core first, then by owner and title."""
    offers = visible_offers(api_user(request)).order_by("-is_core", "owner__name", "title")
    return [OfferOut.from_model(offer) for offer in offers]


@router.get(
    "/offers/{offer_id}",
    response={200: OfferDetailOut},
    summary="One offer",
)
def get_offer_detail(request: HttpRequest, offer_id: UUID) -> OfferDetailOut:
    offer = get_offer(api_user(request), offer_id)
    base = OfferOut.from_model(offer).dict()
    return OfferDetailOut(
        **base,
        description=offer.description,
        rationale=offer.rationale,
        regional_strategy=offer.regional_strategy,
        municipal_priorities=offer.municipal_priorities,
        funding_source=offer.funding_source,
        partners=[partner.name for partner in offer.partners.all()],
    )


@router.get(
    "/companies/{cvr}/eligibility",
    response={200: list[EligibilityOut]},
    summary="A company's eligibility for offers",
)
def company_eligibility(
    request: HttpRequest, cvr: str, offer: UUID | None = None
) -> list[EligibilityOut]:
    """May the company use each published offer the caller can see, and how much is left?
    With `offer`, only that offer (404 when it is not visible to the caller)."""
    if not (len(cvr) == 8 and cvr.isascii() and cvr.isdigit()):
        raise Http404("Not found")
    user = api_user(request)
    company = find_company(user, int(cvr))
    if offer is not None:
        offers = [get_offer(user, offer)]
    else:
        offers = list(visible_offers(user).filter(is_published=True))
    answers = eligibility_for_company(company=company, offers=offers)
    return [EligibilityOut.from_answer(answer) for answer in answers]
