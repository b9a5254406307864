"""The programme's part of its offer's page: the format, content, target industries and
default capacity, the runs the user sees, and the editor's form for the details."""

from django.http import HttpRequest

from vaekst.offers.models import Offer
from vaekst.offers.pages import OfferSection, register_offer_section
from vaekst.offers.services import can_edit_offer
from vaekst.organisations.choices import Role
from vaekst.programmes import selectors
from vaekst.programmes.forms import ProgrammeForm
from vaekst.programmes.models import Programme, ProgrammeRun
from vaekst.programmes.services.runs import PROGRAMME_KINDS, may_run


def programme_form(programme: Programme | None) -> ProgrammeForm:
    if programme is None:
        return ProgrammeForm()
    return ProgrammeForm(
        initial={
            "format": programme.format,
            "content": programme.content,
            "content_en": programme.content_en,
            "target_industries": ", ".join(programme.target_industries),
            "default_capacity": programme.default_capacity,
        }
    )


@register_offer_section
def programme_section(request: HttpRequest, offer: Offer) -> OfferSection | None:
    if offer.kind not in PROGRAMME_KINDS:
        return None
    user = request.user
    programme = Programme.objects.filter(offer=offer).first()
    can_edit = can_edit_offer(user, offer)
    if programme is None and not can_edit:
        return None
    staff = getattr(user, "role", "") != Role.COMPANY_USER
    runs: list[tuple[ProgrammeRun, int]] = []
    if programme is not None and staff:
        found = selectors.visible_runs(user).filter(programme=programme).order_by("-created_at")
        runs = [(run, selectors.places_left(run)) for run in found]
    return OfferSection(
        template_name="programmes/_offer_section.html",
        context={
            "offer": offer,
            "programme": programme,
            "runs": runs,
            "show_runs": staff,
            "can_edit": can_edit,
            "can_run": programme is not None and may_run(user, programme),
            "form": programme_form(programme) if can_edit else None,
        },
    )
