"""Growth partnerships: propose one on a plan, accept it for the house, mark it fulfilled or
end it, and print it with the plan as a Danish PDF."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vaekst.growthplans import selectors, services
from vaekst.growthplans.choices import GoalMetric
from vaekst.growthplans.forms import EndPartnershipForm, PartnershipForm
from vaekst.growthplans.models import GrowthPartnership, PlanMilestone
from vaekst.growthplans.services.common import is_house_staff_for, is_staff_for
from vaekst.growthplans.terms import partnership_terms
from vaekst.growthplans.views_common import (
    error_status,
    error_text,
    errors_into_form,
    require_staff,
)
from vaekst.offers.selectors import visible_offers

# Goals counted in kroner (shown with "kr." in the PDF).
MONEY_METRICS = frozenset({GoalMetric.GROSS_PROFIT, GoalMetric.REVENUE, GoalMetric.EXPORT})


def _partnership(request: HttpRequest, public_id: UUID) -> GrowthPartnership:
    partnership = selectors.get_partnership(request.user, public_id)
    return (
        GrowthPartnership.objects.select_related(
            "plan__company__municipality",
            "plan__organisation",
            "plan__responsible",
            "proposed_by",
            "firm_accepted_by",
            "house_accepted_by",
            "closed_by",
        )
        .prefetch_related("firm_milestones", "house_offers__owner")
        .get(pk=partnership.pk)
    )


def _form(request: HttpRequest, plan: Any, data: Any = None) -> PartnershipForm:
    return PartnershipForm(
        data,
        milestones=PlanMilestone.objects.filter(plan=plan).order_by("order", "id"),
        offers=visible_offers(request.user).filter(is_published=True).order_by("title"),
        initial={"firm_milestones": list(plan.milestones.values_list("pk", flat=True))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_propose(request: HttpRequest, public_id: UUID) -> HttpResponse:
    plan = selectors.get_plan(request.user, public_id)
    require_staff(request, plan.company)
    form = _form(request, plan, request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                partnership = services.propose_partnership(
                    actor=request.user, plan=plan, **form.cleaned_data
                )
            except ValidationError as refusal:
                errors_into_form(form, refusal)
                error, status = _("Ret fejlene i formularen."), 400
            except PermissionDenied as refusal:
                error, status = error_text(refusal), error_status(refusal)
            else:
                messages.success(request, _("Partnerskabet er foreslået."))
                return redirect("growthplans:partnership_detail", public_id=partnership.public_id)
        else:
            error, status = _("Ret fejlene i formularen."), 400
    context = {"plan": plan, "company": plan.company, "form": form, "error": error}
    return render(request, "growthplans/partnership_propose.html", context, status=status)


@login_required
@require_GET
def partnership_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    partnership = _partnership(request, public_id)
    company = partnership.plan.company
    context = {
        "partnership": partnership,
        "plan": partnership.plan,
        "company": company,
        "staff": is_staff_for(request.user, company),
        "can_accept": is_house_staff_for(request.user, company),
        "terms": partnership_terms(partnership),
        "end_form": EndPartnershipForm(),
    }
    return render(request, "growthplans/partnership_detail.html", context)


def _step(request: HttpRequest, public_id: UUID, step: str) -> HttpResponse:
    partnership = selectors.get_partnership(request.user, public_id)
    require_staff(request, partnership.plan.company)
    try:
        if step == "accept":
            services.accept_as_house(actor=request.user, partnership=partnership)
            done = _("Du har accepteret partnerskabet for huset.")
        elif step == "fulfil":
            services.fulfil_partnership(actor=request.user, partnership=partnership)
            done = _("Partnerskabet er markeret som opfyldt.")
        else:
            form = EndPartnershipForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.end_partnership(actor=request.user, partnership=partnership, reason=reason)
            done = _("Partnerskabet er afsluttet.")
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(request, done)
    return redirect("growthplans:partnership_detail", public_id=partnership.public_id)


@login_required
@require_POST
def partnership_accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, "accept")


@login_required
@require_POST
def partnership_fulfil(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, "fulfil")


@login_required
@require_POST
def partnership_end(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, "end")


def pdf_html(request: HttpRequest, partnership: GrowthPartnership) -> str:
    """The HTML the PDF is printed from, always in Danish."""
    plan = partnership.plan
    content = selectors.plan_content(request.user, plan)
    with translation.override("da"):
        return render_to_string(
            "growthplans/pdf/partnership.html",
            {
                "partnership": partnership,
                "plan": plan,
                "company": plan.company,
                "content": content,
                "terms": partnership_terms(partnership),
                "money": MONEY_METRICS,
                "printed_at": timezone.localtime(),
            },
        )


def render_pdf(request: HttpRequest, partnership: GrowthPartnership) -> bytes:
    """The partnership and the plan as a printable Danish PDF (WeasyPrint)."""
    from weasyprint import HTML  # imported here: pango is loaded only when printing

    html = pdf_html(request, partnership)
    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())


@login_required
@require_GET
def partnership_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    partnership = _partnership(request, public_id)
    response = HttpResponse(render_pdf(request, partnership), content_type="application/pdf")
    name = f"vaekstpartnerskab-{partnership.plan.company.cvr}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
