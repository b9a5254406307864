"""The offers a firm may use, as a short section of the company page."""

from django.http import HttpRequest

from vaekst.offers.eligibility import eligibility_for_company
from vaekst.offers.models import Offer
from vaekst.offers.selectors import visible_offers
from vaekst.organisations.scoping import visibility_filter
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section


@register_company_section
def usable_offers(request: HttpRequest, company: Company) -> CompanySection | None:
    if visibility_filter(request.user, Offer) is None:
        return None
    offers = list(visible_offers(request.user).filter(is_published=True).select_related("owner"))
    answers = [a for a in eligibility_for_company(company=company, offers=offers) if a.allowed]
    return CompanySection(
        template_name="offers/_company_section.html",
        context={"company": company, "allowed": answers},
    )
