"""The networks a firm is a member of, as a short section of the company page."""

from django.http import HttpRequest

from vaekst.organisations.scoping import visible_to
from vaekst.programmes.models import Network
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section


@register_company_section
def company_networks(request: HttpRequest, company: Company) -> CompanySection | None:
    """Shown when the firm is a current member of a network the user sees."""
    networks = list(
        visible_to(request.user, Network.objects.all())
        .filter(members__company=company, members__left_on__isnull=True)
        .select_related("organisation")
        .order_by("name")
    )
    if not networks:
        return None
    return CompanySection(
        template_name="programmes/_company_networks.html", context={"networks": networks}
    )
