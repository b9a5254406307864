"""The contacts and the timeline on the company page, for those the scoping rules allow."""

from typing import Any

from django.http import HttpRequest

from vaekst.interactions.forms import InteractionForm
from vaekst.interactions.models import Interaction
from vaekst.interactions.selectors import company_persons, company_timeline
from vaekst.organisations.scoping import visibility_filter
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section


def timeline_context(
    request: HttpRequest, company: Company, *, form: InteractionForm | None = None
) -> dict[str, Any]:
    user = request.user
    visible_persons = company_persons(user, company)
    persons = list(visible_persons)
    # The company page has already checked the firm is visible; the role decides editing.
    can_edit = bool(getattr(user, "is_caseworker", False))
    if can_edit and form is None:
        form = InteractionForm(company=company, persons=visible_persons, listed=persons)
    return {
        "company": company,
        "persons": persons,
        "timeline": company_timeline(user, company),
        "can_edit": can_edit,
        "form": form,
    }


@register_company_section
def contacts_and_timeline(request: HttpRequest, company: Company) -> CompanySection | None:
    if visibility_filter(request.user, Interaction) is None:
        return None
    return CompanySection(
        template_name="interactions/_company_section.html",
        context=timeline_context(request, company),
    )
