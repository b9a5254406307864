"""Reads of the register, always through the scoping mechanism. Pages and the API share
these so that a filter means the same in both."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Prefetch, QuerySet
from django.db.models.functions import Upper

from vaekst.organisations.models import Municipality
from vaekst.organisations.scoping import Area, get_visible_or_404, visible_to
from vaekst.register.models import Company, CompanyPeriod, ProductionUnit, YearlyFigures


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
    matched against the current name (a trigram index makes this fast on PostgreSQL), from
    its beginning when it is shorter than three characters.
    """
    queryset = visible_companies(user).select_related("municipality")
    query = filters.q.strip()
    name_search = False
    if query:
        compact = query.replace(" ", "")
        if compact.isdigit():
            if len(compact) == 8:
                queryset = queryset.filter(cvr=int(compact))
            else:
                lower = int(compact.ljust(8, "0"))
                upper = int(compact.ljust(8, "9"))
                queryset = queryset.filter(cvr__gte=lower, cvr__lte=upper)
        elif len(query) < 3:
            # Too short for the trigram index: names that begin with it, in name order.
            queryset = queryset.filter(name__istartswith=query)
        else:
            queryset = queryset.filter(name__icontains=query)
            name_search = True
    if filters.municipality:
        queryset = queryset.filter(municipality_id=filters.municipality)
    if filters.region:
        queryset = queryset.filter(region_id=filters.region)
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
    if name_search:
        # Sorting on an expression no index gives keeps PostgreSQL from walking the name
        # index and filtering row by row (slow for words of middling frequency); it takes
        # the trigram matches and sorts them instead. Same order, case aside.
        return queryset.order_by(Upper("name"), "name", "cvr")
    return queryset.order_by("name", "cvr")


def get_company(user: Any, cvr: int) -> Company:
    """One company with its history and yearly figures, or 404 when missing or not visible."""
    queryset = Company.objects.select_related("municipality__region").prefetch_related(
        Prefetch("periods", queryset=CompanyPeriod.objects.order_by("kind", "rank", "valid_from")),
        Prefetch("yearly_figures", queryset=YearlyFigures.objects.order_by("year")),
        Prefetch(
            "production_units",
            queryset=ProductionUnit.objects.select_related("municipality").order_by("p_number"),
        ),
    )
    return get_visible_or_404(user, queryset, cvr=cvr)


def municipalities_in_scope(user: Any) -> QuerySet[Municipality]:
    """The municipalities whose firms the user may see, for the search's municipality filter.
    Worked out from the user's area rather than from the firms, which would scan the register;
    users without an area (firms' users) get their firms' municipalities."""
    area = Area.of(user)
    municipalities = Municipality.objects.order_by("name")
    if area.everything:
        return municipalities
    if area.region_code is not None:
        return municipalities.filter(region_id=area.region_code)
    if area.municipality_code is not None:
        return municipalities.filter(code=area.municipality_code)
    return municipalities.filter(code__in=visible_companies(user).values("municipality_id"))


COMPANY_FORMS_CACHE_KEY = "register:company-forms"


def company_forms() -> list[tuple[int, str]]:
    """The company forms present in the register, (code, text), by code. Cached for an hour:
    reading them scans the register, and they change only with a new legal form."""
    forms: list[tuple[int, str]] | None = cache.get(COMPANY_FORMS_CACHE_KEY)
    if forms is None:
        rows = (
            Company.objects.filter(form_code__isnull=False)
            .values("form_code")
            .annotate(text=Max("form_text"))
            .order_by("form_code")
        )
        forms = [(row["form_code"] or 0, row["text"] or str(row["form_code"])) for row in rows]
        cache.set(COMPANY_FORMS_CACHE_KEY, forms, timeout=3600)
    return forms


def count_active_companies(user: Any) -> int:
    """How many active firms the user may see (the home page's figure), cached for ten
    minutes per user: at national scale this is a count over the register."""
    key = f"register:active-count:{user.pk}"
    count: int | None = cache.get(key)
    if count is None:
        count = visible_companies(user).filter(is_active=True).count()
        cache.set(key, count, timeout=600)
    return count


def find_company(user: Any, cvr: int) -> Company:
    """One company the user may see, without its history (for pages about something else
    belonging to the firm), or 404."""
    return get_visible_or_404(user, Company.objects.select_related("municipality"), cvr=cvr)
