"""Sections that apps higher up add to the company page (contacts, the timeline, later the
growth plan), so the register's page shows them without the register importing those apps.
Like the scoping rules: each app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from vaekst.register.models import Company


@dataclass(frozen=True)
class CompanySection:
    """One block of the company page: a template and its context."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[HttpRequest, Company], CompanySection | None]

_providers: list[SectionProvider] = []


def register_company_section(provider: SectionProvider) -> SectionProvider:
    """Decorator: `provider(request, company)` returns a section, or None when the user may
    not see it. `company` has been fetched through the scoping (`get_company`), so it is
    visible to `request.user`; a provider need not ask again."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def company_sections(request: HttpRequest, company: Company) -> list[CompanySection]:
    sections = (provider(request, company) for provider in _providers)
    return [section for section in sections if section is not None]
