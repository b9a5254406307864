"""Reads of the register, always through the scoping mechanism. Pages and the API share
these so that a filter means the same in both."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.models import Company, CompanyPeriod, YearlyFigures


@dataclass(frozen=True)
class CompanyFilter:
    """The filters of the company search; empty values mean "any"."""

    q: str = ""
    municipality: int | None = None
    region: int | None = None
    industry: str = ""
    size_class: str = ""
    form_code: int | None = None
    status: str = "active"  # active | inactive | all


def visible_companies(user: Any) -> QuerySet[Company]:
    return visible_to(user, Company.objects.all())


def search_companies(user: Any, filters: CompanyFilter) -> QuerySet[Company]:
    """Companies the user may see, narrowed by the filters, ordered by name.

    A query of digits is a CVR number (exact at 8 digits, prefix below); anything else is
    matched against the current name (a trigram index makes this fast on PostgreSQL).
    """
    queryset = visible_companies(user).select_related("municipality")
    query = filters.q.strip()
    if query:
        compact = query.replace(" ", "")
        if compact.isdigit():
            if len(compact) == 8:
                queryset = queryset.filter(cvr=int(compact))
            else:
                lower = int(compact.ljust(8, "0"))
                upper = int(compact.ljust(8, "9"))
                queryset = queryset.filter(cvr__gte=lower, cvr__lte=upper)
        else:
            queryset = queryset.filter(name__icontains=query)
    if filters.municipality:
        queryset = queryset.filter(municipality_id=filters.municipality)
    if filters.region:
        queryset = queryset.filter(municipality__region_id=filters.region)
    if filters.industry:
        queryset = queryset.filter(main_industry_code__startswith=filters.industry.strip())
    if filters.size_class:
        queryset = queryset.filter(size_class=filters.size_class)
    if filters.form_code:
        queryset = queryset.filter(form_code=filters.form_code)
    if filters.status == "active":
        queryset = queryset.filter(is_active=True)
    elif filters.status == "inactive":
        queryset = queryset.filter(is_active=False)
    return queryset.order_by("name", "cvr")


def get_company(user: Any, cvr: int) -> Company:
    """One company with its history and yearly figures, or 404 when missing or not visible."""
    queryset = Company.objects.select_related("municipality__region").prefetch_related(
        Prefetch("periods", queryset=CompanyPeriod.objects.order_by("kind", "rank", "valid_from")),
        Prefetch("yearly_figures", queryset=YearlyFigures.objects.order_by("year")),
        "production_units",
    )
    return get_visible_or_404(user, queryset, cvr=cvr)
