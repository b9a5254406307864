"""Referrals: a caseworker refers the firm from a plan action to a partner; the partner's
users see the referrals to their organisation and accept, decline or complete them."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vaekst.growthplans import selectors, services
from vaekst.growthplans.choices import ReferralStatus
from vaekst.growthplans.forms import ReferralForm, ReferralOutcomeForm, ReferralResponseForm
from vaekst.growthplans.models import PlanAction
from vaekst.growthplans.views_common import error_status, error_text, require_staff
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import get_visible_or_404


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    plan = selectors.get_plan(request.user, public_id)
    require_staff(request, plan.company)
    action = get_visible_or_404(
        request.user,
        PlanAction.objects.filter(plan=plan).select_related("owner_organisation"),
        public_id=item_id,
    )
    organisations = (
        Organisation.objects.filter(is_active=True)
        .exclude(kind=OrganisationKind.NATIONAL)
        .exclude(pk=getattr(request.user, "organisation_id", None) or 0)
        .order_by("kind", "name")
    )
    initial = {"to_organisation": action.owner_organisation_id, "note": action.title}
    form = ReferralForm(request.POST or None, organisations=organisations, initial=initial)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.refer_from_action(actor=request.user, action=action, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as refusal:
                error, status = error_text(refusal), error_status(refusal)
            else:
                messages.success(request, _("Virksomheden er henvist."))
                return redirect("growthplans:plan_detail", public_id=plan.public_id)
        else:
            error, status = _("Vælg hvem virksomheden henvises til."), 400
    context = {"plan": plan, "company": plan.company, "action": action, "form": form}
    context["error"] = error
    return render(request, "growthplans/referral_create.html", context, status=status)


def _require_receiver(request: HttpRequest) -> None:
    user = request.user
    if getattr(user, "is_company_user", True) or getattr(user, "organisation_id", None) is None:
        raise PermissionDenied


@login_required
@require_GET
def referral_inbox(request: HttpRequest) -> HttpResponse:
    """Referrals addressed to the user's organisation, open ones first."""
    _require_receiver(request)
    referrals = list(
        selectors.incoming_referrals(request.user).select_related(
            "referred_by", "responded_by", "source_action"
        )
    )
    context = {
        "referrals": referrals,
        "response_form": ReferralResponseForm(),
        "outcome_form": ReferralOutcomeForm(),
        "sent": ReferralStatus.SENT,
        "accepted": ReferralStatus.ACCEPTED,
    }
    return render(request, "growthplans/referral_inbox.html", context)


@login_required
@require_POST
def referral_respond(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _require_receiver(request)
    referral = selectors.get_referral(request.user, public_id)
    form = ReferralResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg at acceptere eller afvise."))
        return redirect("growthplans:referral_inbox")
    try:
        services.respond_to_referral(actor=request.user, referral=referral, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as refusal:
        if isinstance(refusal, PermissionDenied):
            raise
        messages.error(request, error_text(refusal))
    else:
        accepted = form.cleaned_data["accept"]
        messages.success(
            request, _("Henvisningen er accepteret.") if accepted else _("Henvisningen er afvist.")
        )
    return redirect("growthplans:referral_inbox")


@login_required
@require_POST
def referral_complete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _require_receiver(request)
    referral = selectors.get_referral(request.user, public_id)
    form = ReferralOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg et resultat."))
        return redirect("growthplans:referral_inbox")
    try:
        services.complete_referral(actor=request.user, referral=referral, **form.cleaned_data)
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(request, _("Henvisningen er gennemført."))
    return redirect("growthplans:referral_inbox")
