"""Sections that apps higher up add to an offer's page (a programme's details and runs), so
the catalogue's page shows them without offers importing those apps. Like the company
page's sections (register/sections.py): each app registers a provider in its ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from vaekst.offers.models import Offer


@dataclass(frozen=True)
class OfferSection:
    """One block of the offer page: a template and its context."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


OfferSectionProvider = Callable[[HttpRequest, Offer], OfferSection | None]

_providers: list[OfferSectionProvider] = []


def register_offer_section(provider: OfferSectionProvider) -> OfferSectionProvider:
    """Decorator: `provider(request, offer)` returns a section, or None when there is
    nothing to show. `offer` has been fetched through the scoping (`get_offer`), so it is
    visible to `request.user`; a provider need not ask again."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def offer_sections(request: HttpRequest, offer: Offer) -> list[OfferSection]:
    sections = (provider(request, offer) for provider in _providers)
    return [section for section in sections if section is not None]
