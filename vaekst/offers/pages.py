"""Sections that apps higher up add to an offer's page (a programme's details and runs), so
the catalogue's page shows them without offers importing those apps. Like the company
page's sections (register/sections.py): each app registers a provider in its ready()."""

from collections.abc import Callable

from django.http import HttpRequest

from vaekst.lib.extensions import ExtensionPoint, Section
from vaekst.offers.models import Offer

OfferSection = Section
OfferSectionProvider = Callable[[HttpRequest, Offer], Section | None]

# `provider(request, offer)` returns a section, or None when there is nothing to show.
# `offer` has been fetched through the scoping (`get_offer`), so it is visible to
# `request.user`; a provider need not ask again.
extension: ExtensionPoint[OfferSectionProvider] = ExtensionPoint()
register_offer_section = extension.register


def offer_sections(request: HttpRequest, offer: Offer) -> list[Section]:
    sections = (provider(request, offer) for provider in extension.providers)
    return [section for section in sections if section is not None]
