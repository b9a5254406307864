"""The company search and the company page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from vaekst.lib.paging import page_number, paginate
from vaekst.register.choices import PeriodKind
from vaekst.register.forms import CompanySearchForm
from vaekst.register.models import Company, CompanyPeriod
from vaekst.register.sections import company_sections
from vaekst.register.selectors import get_company, search_companies

PAGE_SIZE = 50


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    """Search the firms in the user's scope. htmx requests get only the results."""
    form = CompanySearchForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    filters = form.to_filter()
    page = paginate(
        search_companies(request.user, filters),
        number=page_number(request.GET.get("side")),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "register/company_list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template = "register/_company_results.html"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _current(periods: list[CompanyPeriod], kind: str) -> list[CompanyPeriod]:
    return [p for p in periods if p.kind == kind and p.valid_to is None]


def _chart_data(company: Company) -> dict[str, Any]:
    figures = list(company.yearly_figures.all())
    return {
        "years": [f.year for f in figures],
        "employees": [f.employees for f in figures],
        "gross_profit": [f.gross_profit for f in figures],
        "labels": {"employees": _("Ansatte"), "gross_profit": _("Bruttofortjeneste (kr.)")},
    }


@login_required
def company_detail(request: HttpRequest, cvr: int) -> HttpResponse:
    """The register's data about one firm, its yearly figures, and the sections other apps
    add (contacts and timeline for those allowed)."""
    company = get_company(request.user, cvr)
    periods = list(company.periods.all())
    main_industry = next(iter(_current(periods, PeriodKind.MAIN_INDUSTRY)), None)
    context = {
        "company": company,
        "main_industry": main_industry,
        "secondary_industries": _current(periods, PeriodKind.SECONDARY_INDUSTRY),
        "secondary_names": _current(periods, PeriodKind.SECONDARY_NAME),
        "history": periods,
        "figures": list(company.yearly_figures.all()),
        "chart_data": _chart_data(company),
        "production_units": list(company.production_units.all()),
        "sections": company_sections(request, company),
    }
    return render(request, "register/company_detail.html", context)
