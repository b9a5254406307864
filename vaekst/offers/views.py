"""The catalogue, an offer, editing offers, and a firm's offers with what is left."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vaekst.lib.http import client_ip
from vaekst.offers import services
from vaekst.offers.eligibility import (
    company_region,
    eligibility_for_company,
    offer_is_for_region,
)
from vaekst.offers.forms import OfferFilterForm, OfferForm, OverrideForm
from vaekst.offers.models import Offer
from vaekst.offers.pages import offer_sections
from vaekst.offers.selectors import get_offer, level_names, search_offers, visible_offers
from vaekst.register.models import Company
from vaekst.register.selectors import find_company


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    """Every offer nationwide the user may see, filtered by owner, kind and level."""
    levels = level_names()
    form = OfferFilterForm(request.GET or None, levels=levels)
    offers = list(search_offers(request.user, form.to_filter()))
    context = {
        "form": form,
        "offers": offers,
        "levels": levels,
        "can_create": services.offer_owner_for(request.user) is not None,
    }
    return render(request, "offers/offer_list.html", context)


@login_required
def offer_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    offer = get_offer(request.user, public_id)
    context = {
        "offer": offer,
        "levels": level_names(),
        "can_edit": services.can_edit_offer(request.user, offer),
        "sections": offer_sections(request, offer),
    }
    return render(request, "offers/offer_detail.html", context)


def _save(request: HttpRequest, form: OfferForm, offer: Offer | None) -> Offer:
    fields = form.offer_fields()
    partners = form.cleaned_data["partners"]
    with transaction.atomic():
        if offer is None:
            offer = services.create_offer(actor=request.user, partners=partners, **fields)
        else:
            offer = services.update_offer(
                actor=request.user, offer=offer, partners=partners, **fields
            )
        for level_key, quantity in form.allowances().items():
            services.set_allowance(
                actor=request.user,
                offer=offer,
                level_key=level_key,
                quantity=quantity,
                unit=form.cleaned_data["unit"],
            )
    return offer


def _edit(request: HttpRequest, offer: Offer | None) -> HttpResponse:
    owner = services.offer_owner_for(request.user)
    if owner is None or (offer is not None and not services.can_edit_offer(request.user, offer)):
        raise PermissionDenied
    form = OfferForm(
        request.POST or None,
        instance=offer,
        levels=level_names(),
        is_core=owner.is_national,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, offer)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tilbuddet er gemt."))
            return redirect("offers:offer_detail", public_id=saved.public_id)
    return render(request, "offers/offer_form.html", {"form": form, "offer": offer})


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def offer_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    # Re-read: the form mutates its instance while validating, the service compares.
    offer = get_offer(request.user, public_id)
    return _edit(request, offer)


def _company_context(request: HttpRequest, company: Company, **extra: Any) -> dict[str, Any]:
    offers = list(visible_offers(request.user).filter(is_published=True))
    answers = eligibility_for_company(company=company, offers=offers)
    may_serve = services.may_serve(request.user, company)
    region_code = company_region(company)
    # Overrides can open a level's or capacity's refusal, not another region's offer.
    available = [offer for offer in offers if offer_is_for_region(offer, region_code)]
    context = {
        "company": company,
        "allowed": [answer for answer in answers if answer.allowed],
        "refused": [answer for answer in answers if not answer.allowed],
        "levels": level_names(),
        "may_serve": may_serve,
        "form": OverrideForm(offers=available) if may_serve else None,
    }
    context.update(extra)
    return context


@login_required
def company_offers(request: HttpRequest, cvr: int) -> HttpResponse:
    """The offers a firm may use and how much is left; caseworkers also see the refused ones
    with the reason, and may grant an override."""
    company = find_company(request.user, cvr)
    return render(request, "offers/company_offers.html", _company_context(request, company))


@login_required
def override_create(request: HttpRequest, cvr: int) -> HttpResponse:
    company = find_company(request.user, cvr)
    if not services.may_serve(request.user, company):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("offers:company_offers", cvr=company.cvr)
    context = _company_context(request, company)
    form = OverrideForm(request.POST, offers=list(context["form"].offers.values()))
    if form.is_valid():
        try:
            services.grant_override(
                actor=request.user,
                company=company,
                offer=form.cleaned_data["offer"],
                reason=form.cleaned_data["reason"],
                extra_quantity=form.cleaned_data["extra_quantity"],
                valid_until=form.cleaned_data["valid_until"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Undtagelsen er registreret og logget."))
            return redirect("offers:company_offers", cvr=company.cvr)
    context["form"] = form
    return render(request, "offers/company_offers.html", context, status=400)
