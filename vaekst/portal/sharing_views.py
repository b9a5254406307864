"""The firm shares chosen parts of its plan with a partner advisor (and withdraws that
consent), and invites colleagues, who accept on an invitation page of their own."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vaekst.growthplans.services import (
    accept_invitation,
    invite_colleague,
    share_with_partner,
    withdraw_share,
)
from vaekst.portal.access import error_text, require_firm
from vaekst.portal.forms import InvitationAcceptForm, InviteForm, ShareForm
from vaekst.portal.selectors import (
    current_plan,
    firm_invitations,
    get_share,
    invitation_for_token,
    partner_organisations,
    plan_shares,
)


@login_required
@require_http_methods(["GET", "POST"])
def shares(request: HttpRequest) -> HttpResponse:
    """The consents in force and withdrawn, and a form to share with a partner."""
    company = require_firm(request)
    user = request.user
    plan = current_plan(user, company)
    if plan is None:
        raise Http404("No plan")
    form = ShareForm(request.POST or None, partners=partner_organisations())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                share = share_with_partner(
                    actor=user,
                    plan=plan,
                    organisation=data["organisation"],
                    goals=data["goals"],
                    milestones=data["milestones"],
                    actions=data["actions"],
                    mapping=data["mapping"],
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
                return redirect("portal:shares")
            messages.success(
                request,
                _("%(partner)s kan nu se de valgte dele af jeres vækstplan.")
                % {"partner": share.organisation},
            )
            return redirect("portal:shares")
        status = 400
    context = {
        "company": company,
        "plan": plan,
        "shares": list(plan_shares(user, plan)),
        "form": form,
    }
    return render(request, "portal/shares.html", context, status=status)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    company = require_firm(request)
    share = get_share(request.user, public_id)
    if share.plan.company_id != company.pk:
        raise Http404("Not found")
    try:
        withdraw_share(actor=request.user, share=share)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portal:shares")
    messages.success(
        request,
        _("Delingen med %(partner)s er trukket tilbage. Partneren kan ikke længere se planen.")
        % {"partner": share.organisation},
    )
    return redirect("portal:shares")


@login_required
@require_http_methods(["GET", "POST"])
def colleagues(request: HttpRequest) -> HttpResponse:
    """Invite a colleague by e-mail; the link is mailed and valid for 14 days."""
    company = require_firm(request)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, raw = invite_colleague(
                    actor=request.user, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
                return redirect("portal:colleagues")
            link = request.build_absolute_uri(reverse("portal:invitation", args=[raw]))
            send_mail(
                subject=_("Invitation til %(company)s på vaekst") % {"company": company.name},
                message=_(
                    "%(inviter)s har inviteret dig til at følge vækstplanen for %(company)s.\n\n"
                    "Opret din bruger her (linket gælder i 14 dage):\n%(link)s\n"
                )
                % {"inviter": request.user, "company": company.name, "link": link},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[invitation.email],
            )
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("portal:colleagues")
        status = 400
    context = {
        "company": company,
        "form": form,
        "invitations": list(firm_invitations(request.user)),
    }
    return render(request, "portal/colleagues.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited colleague chooses a username and password (no login needed: the token in
    the link is the credential, usable once)."""
    open_invitation = invitation_for_token(token)
    if open_invitation is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                accept_invitation(
                    raw_token=token,
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "username" in error.error_dict:
                    form.add_error("username", _("Brugernavnet er optaget. Vælg et andet."))
                else:
                    form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Din bruger er oprettet. Log ind for at fortsætte."))
                return redirect("accounts:login")
        status = 400
    context = {"invitation": open_invitation, "form": form}
    return render(request, "portal/invitation.html", context, status=status)
