"""Contacts and interactions. Views read through selectors and change through services."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vaekst.interactions import services
from vaekst.interactions.forms import InteractionForm, PersonForm
from vaekst.interactions.sections import timeline_context
from vaekst.interactions.selectors import company_persons, get_person, person_interactions
from vaekst.lib.http import announce, client_ip
from vaekst.register.models import Company
from vaekst.register.selectors import find_company


def _require_caseworker(request: HttpRequest, company: Company) -> None:
    if not services.may_keep_contacts(request.user, company):
        raise PermissionDenied


@login_required
@require_POST
def interaction_create(request: HttpRequest, cvr: int) -> HttpResponse:
    """Log an interaction from the company page. With htmx the timeline is re-rendered with
    the new entry, or with the form and its errors."""
    company = find_company(request.user, cvr)
    _require_caseworker(request, company)
    form = InteractionForm(
        request.POST, company=company, persons=company_persons(request.user, company)
    )
    interaction = None
    if form.is_valid():
        try:
            interaction = services.log_interaction(
                actor=request.user,
                company=company,
                kind=form.cleaned_data["kind"],
                occurred_on=form.cleaned_data["occurred_on"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                subject=form.cleaned_data["subject"],
                notes=form.cleaned_data["notes"],
                persons=form.cleaned_data["persons"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid() and interaction is not None:
        if request.htmx:  # type: ignore[attr-defined]
            context = timeline_context(request, company)
            context["saved"] = True
            response = render(request, "interactions/_timeline.html", {"section": context})
            focus = f"interaction-{interaction.public_id}"
            return announce(response, _("Henvendelsen er registreret."), focus=focus)
        messages.success(request, _("Henvendelsen er registreret."))
        return redirect("register:company_detail", cvr=company.cvr)
    if request.htmx:  # type: ignore[attr-defined]
        context = timeline_context(request, company, form=form)
        return render(request, "interactions/_timeline.html", {"section": context})
    return render(request, "interactions/interaction_form.html", {"company": company, "form": form})


@login_required
def person_create(request: HttpRequest, cvr: int) -> HttpResponse:
    company = find_company(request.user, cvr)
    _require_caseworker(request, company)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.create_person(
            actor=request.user, company=company, ip_address=client_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Kontaktpersonen er oprettet."))
        return redirect("interactions:person_detail", public_id=person.public_id)
    return render(
        request, "interactions/person_form.html", {"company": company, "form": form, "person": None}
    )


@login_required
def person_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A contact's record; opening it is audited."""
    person = get_person(request.user, public_id)
    services.note_person_viewed(actor=request.user, person=person, ip_address=client_ip(request))
    context = {
        "person": person,
        "company": person.company,
        "interactions": list(person_interactions(request.user, person)[:100]),
        "can_edit": getattr(request.user, "is_caseworker", False),
    }
    return render(request, "interactions/person_detail.html", context)


@login_required
def person_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    person = get_person(request.user, public_id)
    _require_caseworker(request, person.company)
    initial = {
        "name": person.name,
        "role": person.role,
        "email": person.email,
        "phone": person.phone,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_person(
            actor=request.user, person=person, ip_address=client_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Kontaktpersonen er opdateret."))
        return redirect("interactions:person_detail", public_id=person.public_id)
    return render(
        request,
        "interactions/person_form.html",
        {"company": person.company, "form": form, "person": person},
    )
