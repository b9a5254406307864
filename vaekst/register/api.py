"""The register's API: companies, scoped exactly like the company pages.

Both endpoints read only through `register.selectors`, so a filter means the same here as on the
page and nobody sees a company the scoping rules do not grant them.
"""

from django.http import Http404, HttpRequest
from ninja import Query, Router

from vaekst.accounts.api_auth import api_user
from vaekst.lib.paging import api_page
from vaekst.register.schemas import CompanyDetailOut, CompanyListQuery, CompanyOut, CompanyPage
from vaekst.register.selectors import get_company, search_companies

router = Router(tags=["companies"])


@router.get(
    "/companies",
    response=CompanyPage,
    summary="List companies",
)
def list_companies(request: HttpRequest, query: Query[CompanyListQuery]) -> CompanyPage:
    """Companies visible to the caller, filtered, ordered by name then CVR number.

    Paged by `limit` and `offset`; the response's `next` is the URL of the following page, or
    null on the last one. No total is counted (see CompanyPage)."""
    companies = search_companies(api_user(request), query.to_filter())
    rows, next_url = api_page(request, companies, query)
    return CompanyPage(
        items=[CompanyOut.from_model(company) for company in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get(
    "/companies/{cvr}",
    response={200: CompanyDetailOut},
    summary="One company",
    openapi_extra={"responses": {404: {"description": "No such company visible to the caller"}}},
)
def get_company_detail(request: HttpRequest, cvr: str) -> CompanyDetailOut:
    """One company by CVR number (8 digits) with address, register history (periods),
    production units and yearly figures.

    404 for a company that does not exist, one the caller may not see, and a path that is not
    a CVR number alike: the answer never tells which."""
    if not _is_cvr_shaped(cvr):
        raise Http404("Not found")
    return CompanyDetailOut.from_model(get_company(api_user(request), int(cvr)))


def _is_cvr_shaped(value: str) -> bool:
    return len(value) == 8 and value.isascii() and value.isdigit() and value[0] != "0"
