"""Helpers shared by the consultant-side pages."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vaekst.growthplans.services import StaleRevision
from vaekst.growthplans.services.common import is_caseworker_for, is_staff_for
from vaekst.register.models import Company

# What the services raise for a refused change; the pages show it as a DKFDS alert.
Refusal = ValidationError | PermissionDenied | StaleRevision


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def error_text(error: Refusal) -> str:
    if isinstance(error, StaleRevision):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) and _("Du har ikke adgang til at gøre dette.")


def error_status(error: Refusal) -> int:
    if isinstance(error, StaleRevision):
        return 409
    if isinstance(error, PermissionDenied):
        return 403
    return 400


# htmx swaps no 4xx answer by default; static/js/htmx-refusals.js swaps one marked with this.
SWAP_REFUSAL_HEADER = "Vaekst-Swap-Refusal"


def swap_refusal(response: HttpResponse) -> HttpResponse:
    """Mark a refusal's fragment (a 400/403/409 with its alert) for htmx to swap in."""
    response[SWAP_REFUSAL_HEADER] = "true"
    return response


def require_staff(request: HttpRequest, company: Company) -> None:
    """Staff pages of a firm the user may see but not work on answer 403."""
    if not is_staff_for(request.user, company):
        raise PermissionDenied


def require_caseworker(request: HttpRequest, company: Company) -> None:
    if not is_caseworker_for(request.user, company):
        raise PermissionDenied


def form_errors(form: Any) -> str:
    """A form's errors as one line for an alert."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


def errors_into_form(form: Any, refusal: ValidationError) -> Any:
    """A service's refusal shown at the fields it names (else above the form), so that each
    error sits at, and is linked to, its field."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)
    return form
