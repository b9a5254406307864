"""Setting up a programme: the offer's editor gives a collective offer its format, content,
target industries and default capacity (on the offer's page)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vaekst.growthplans.views_common import errors_into_form
from vaekst.offers.selectors import get_offer
from vaekst.offers.services import can_edit_offer
from vaekst.programmes.forms import ProgrammeForm
from vaekst.programmes.models import Programme
from vaekst.programmes.services.runs import set_up_programme


@login_required
@require_POST
def programme_set_up(request: HttpRequest, public_id: UUID) -> HttpResponse:
    offer = get_offer(request.user, public_id)
    if not can_edit_offer(request.user, offer):
        raise PermissionDenied
    form = ProgrammeForm(request.POST)
    if form.is_valid():
        try:
            set_up_programme(
                actor=request.user,
                offer=offer,
                format=form.cleaned_data["format"],
                content=form.cleaned_data["content"],
                content_en=form.cleaned_data["content_en"],
                target_industries=form.industries(),
                default_capacity=form.cleaned_data["default_capacity"],
            )
        except ValidationError as refusal:
            errors_into_form(form, refusal)
        else:
            messages.success(request, _("Programmets oplysninger er gemt."))
            return redirect("offers:offer_detail", public_id=offer.public_id)
    context = {
        "offer": offer,
        "form": form,
        "programme": Programme.objects.filter(offer=offer).first(),
    }
    return render(request, "programmes/programme_form.html", context, status=400)
