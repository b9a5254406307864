"""Sections that apps higher up add to the company page (contacts, the timeline, later the
growth plan), so the register's page shows them without the register importing those apps.
Like the scoping rules: each app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable

from django.http import HttpRequest

from vaekst.lib.extensions import ExtensionPoint, Section
from vaekst.register.models import Company

CompanySection = Section
SectionProvider = Callable[[HttpRequest, Company], Section | None]

# `provider(request, company)` returns a section, or None when the user may not see it.
# `company` has been fetched through the scoping (`get_company`), so it is visible to
# `request.user`; a provider need not ask again.
extension: ExtensionPoint[SectionProvider] = ExtensionPoint()
register_company_section = extension.register


def company_sections(request: HttpRequest, company: Company) -> list[Section]:
    sections = (provider(request, company) for provider in extension.providers)
    return [section for section in sections if section is not None]
