"""Who may use the firm's pages: a firm's own (company) users, each for their one firm."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from vaekst.portal.selectors import firm_of
from vaekst.register.models import Company


def require_firm(request: HttpRequest) -> Company:
    """The requesting user's firm; staff, partners and firmless users are refused (403)."""
    company = firm_of(request.user)
    if company is None:
        raise PermissionDenied
    return company


def error_text(error: ValidationError | PermissionDenied | Any) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("Du har ikke adgang til at gøre dette.")
