"""The company API as a specification: scoped like the pages, filtered like the search page,
paged without counting, and with a constant number of queries."""

import random
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Personas, make_company
from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token
from vaekst.lib.cvr import make_cvr
from vaekst.register.choices import FigureSource, PeriodKind, SizeClass
from vaekst.register.models import Company, CompanyPeriod, ProductionUnit, YearlyFigures
from vaekst.register.schemas import SizeClassValue

LIST = "/api/companies"


def detail(company: Company) -> str:
    return f"/api/companies/{company.cvr:08d}"


class ApiClient:
    """A test client that sends one user's bearer token with every request."""

    def __init__(self, user: User) -> None:
        token, raw = create_api_token(user=user, name="test")
        # Mark the token as just used, so that counted requests do not include that write.
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)


def cvrs(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["cvr"] for item in response.json()["items"]]


def listed(company: Company) -> dict[str, object]:
    municipality = company.municipality
    assert municipality is not None
    return {
        "cvr": f"{company.cvr:08d}",
        "name": company.name,
        "form": {"code": str(company.form_code), "text": company.form_text},
        "status": company.status,
        "is_active": company.is_active,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "main_industry": {
            "code": company.main_industry_code,
            "text": company.main_industry_text,
        },
        "employees": company.employees,
        "employees_year": company.employees_year,
        "size_class": company.size_class,
        "founded_on": company.founded_on.isoformat() if company.founded_on else None,
        "closed_on": company.closed_on.isoformat() if company.closed_on else None,
    }


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, "/api/companies/12345674"])
def test_company_endpoints_refuse_requests_without_token(personas, client: Client, path) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("path", [LIST, "/api/companies/12345674"])
def test_company_endpoints_refuse_revoked_token(personas, client: Client, path) -> None:
    token, raw = create_api_token(user=personas.national_admin, name="t")
    APIToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get(path, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


@pytest.mark.parametrize("path", [LIST, "/api/companies/12345674"])
def test_company_endpoints_refuse_expired_token(personas, client: Client, path) -> None:
    _, raw = create_api_token(
        user=personas.national_admin,
        name="t",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(path, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


# --- the list -----------------------------------------------------------------------------


def test_list_answers_the_visible_companies_with_their_fields(personas: Personas) -> None:
    # given firm A with figures on its current columns
    Company.objects.filter(pk=personas.a.company.pk).update(
        employees=12.0, employees_year=2023, size_class=SizeClass.SMALL, founded_on=date(2001, 5, 1)
    )
    personas.a.company.refresh_from_db()
    # when the side A consultant lists companies
    response = ApiClient(personas.a.consultant).get(LIST)
    # then exactly firm A is listed, with every field, and there is no next page
    assert response.status_code == 200
    assert response.json() == {
        "items": [listed(personas.a.company)],
        "limit": 50,
        "offset": 0,
        "next": None,
    }
    assert response.json()["items"][0]["cvr"] == f"{personas.a.company.cvr:08d}"
    assert response.json()["items"][0]["size_class"] == "10-49"
    assert response.json()["items"][0]["municipality"] == {"code": 101, "name": "København"}


def test_consultant_of_other_house_does_not_see_the_company_in_the_list(personas) -> None:
    assert cvrs(ApiClient(personas.b.consultant).get(LIST)) == [f"{personas.b.company.cvr:08d}"]
    assert cvrs(ApiClient(personas.b.manager).get(LIST)) == [f"{personas.b.company.cvr:08d}"]


def test_municipal_consultant_lists_only_own_municipality(personas) -> None:
    make_company(municipality_code=147, name="Frederiksberg IT", rng_seed=9)
    listed_cvrs = cvrs(ApiClient(personas.a.municipal_consultant).get(LIST))
    assert listed_cvrs == [f"{personas.a.company.cvr:08d}"]


def test_company_user_lists_only_own_firm(personas) -> None:
    assert cvrs(ApiClient(personas.a.company_user).get(LIST)) == [f"{personas.a.company.cvr:08d}"]
    assert cvrs(ApiClient(personas.b.company_user).get(LIST)) == [f"{personas.b.company.cvr:08d}"]


def test_partner_advisor_lists_nothing(personas) -> None:
    assert cvrs(ApiClient(personas.partner_advisor).get(LIST, status="all")) == []


def test_national_admin_lists_all_companies_by_name(personas) -> None:
    listed_cvrs = cvrs(ApiClient(personas.national_admin).get(LIST))
    assert listed_cvrs == [f"{personas.a.company.cvr:08d}", f"{personas.b.company.cvr:08d}"]


@pytest.fixture
def spread(personas) -> dict[str, Company]:
    """Firms that differ in one filtered field each, all in region A (København 101 and
    Frederiksberg 147) unless noted."""
    return {
        "bakery": make_company(
            municipality_code=101,
            name="Bageriet Kringle ApS",
            rng_seed=11,
            main_industry_code="107120",
            main_industry_text="Bagerier",
            size_class=SizeClass.MICRO,
        ),
        "shipyard": make_company(
            municipality_code=147,
            name="Frederiksberg Værft A/S",
            rng_seed=12,
            form_code=60,
            form_text="Aktieselskab",
            main_industry_code="301100",
            main_industry_text="Skibsbygning",
            size_class=SizeClass.MEDIUM,
        ),
        "closed": make_company(
            municipality_code=101,
            name="Lukket Kringle IVS",
            rng_seed=13,
            is_active=False,
            status="OPLØST",
            closed_on=date(2020, 1, 31),
        ),
    }


def as_cvrs(*companies: Company) -> list[str]:
    return [f"{company.cvr:08d}" for company in companies]


def test_filters_narrow_the_list_like_the_search_page(personas, spread) -> None:
    api = ApiClient(personas.national_admin)
    bakery, shipyard, closed = spread["bakery"], spread["shipyard"], spread["closed"]
    firm_a, firm_b = personas.a.company, personas.b.company
    # by name (case-insensitive substring), active only by default
    assert cvrs(api.get(LIST, q="kringle")) == as_cvrs(bakery)
    assert cvrs(api.get(LIST, q="kringle", status="all")) == as_cvrs(bakery, closed)
    assert cvrs(api.get(LIST, q="kringle", status="inactive")) == as_cvrs(closed)
    # by CVR number, exact and prefix
    assert cvrs(api.get(LIST, q=f"{shipyard.cvr:08d}")) == as_cvrs(shipyard)
    prefix = f"{shipyard.cvr:08d}"[:5]
    assert f"{shipyard.cvr:08d}" in cvrs(api.get(LIST, q=prefix))
    # by place
    assert cvrs(api.get(LIST, municipality=147)) == as_cvrs(shipyard)
    assert cvrs(api.get(LIST, region=1082)) == as_cvrs(firm_b)
    assert cvrs(api.get(LIST, region=1084)) == as_cvrs(bakery, firm_a, shipyard)
    # by industry prefix, size class and company form
    assert cvrs(api.get(LIST, industry="10")) == as_cvrs(bakery)
    assert cvrs(api.get(LIST, industry="301100")) == as_cvrs(shipyard)
    assert cvrs(api.get(LIST, size_class="50-249")) == as_cvrs(shipyard)
    assert cvrs(api.get(LIST, form_code=60)) == as_cvrs(shipyard)
    # combined
    assert cvrs(api.get(LIST, region=1084, form_code=80, industry="62")) == as_cvrs(firm_a)


def test_filters_never_widen_the_scope(personas, spread) -> None:
    # side B's consultant asking for region A's firms by every filter gets none of them
    api = ApiClient(personas.b.consultant)
    assert cvrs(api.get(LIST, region=1084, status="all")) == []
    assert cvrs(api.get(LIST, municipality=101)) == []
    assert cvrs(api.get(LIST, q=f"{spread['shipyard'].cvr:08d}")) == []
    assert cvrs(api.get(LIST, q="Firma A")) == []


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"size_class": "huge"},
        {"status": "deleted"},
        {"industry": "abc"},
        {"industry": "1234567"},
        {"municipality": "Aarhus"},
        {"region": 1},
        {"q": "x" * 101},
    ],
)
def test_invalid_filters_are_rejected_with_422(personas, params) -> None:
    response = ApiClient(personas.national_admin).get(LIST, **params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_size_class_filter_values_are_the_known_size_classes() -> None:
    allowed = set(SizeClassValue.__args__)  # type: ignore[attr-defined]
    assert allowed == {value for value in SizeClass.values if value}


def test_pages_follow_next_links_to_the_end(personas, spread) -> None:
    # given five firms visible to the national admin (status all)
    api = ApiClient(personas.national_admin)
    expected = as_cvrs(
        *Company.objects.order_by("name", "cvr"),
    )
    assert len(expected) == 5
    # when paging two at a time
    first = api.get(LIST, status="all", limit=2)
    assert first.json()["next"] == "http://testserver/api/companies?status=all&limit=2&offset=2"
    second = api.client.get(first.json()["next"])
    assert second.json()["offset"] == 2
    third = api.client.get(second.json()["next"])
    # then the pages hold every firm once, in order, and the last has no next link
    assert cvrs(first) + cvrs(second) + cvrs(third) == expected
    assert third.json()["next"] is None
    assert cvrs(third) == expected[4:]


def test_a_full_last_page_has_no_next_link(personas) -> None:
    response = ApiClient(personas.national_admin).get(LIST, limit=2)
    assert len(cvrs(response)) == 2
    assert response.json()["next"] is None


def test_list_answers_no_total_count(personas) -> None:
    # Counting a filtered national register costs as much as reading it; clients follow next.
    assert set(ApiClient(personas.national_admin).get(LIST).json()) == {
        "items",
        "limit",
        "offset",
        "next",
    }


# --- the detail ---------------------------------------------------------------------------


def add_history(company: Company, *, years: int, units: int, seed: int) -> None:
    CompanyPeriod.objects.bulk_create(
        [
            CompanyPeriod(
                company=company,
                kind=PeriodKind.NAME,
                text=f"{company.name} {index}",
                valid_from=date(2000 + index, 1, 1),
                valid_to=date(2001 + index, 1, 1) if index < years - 1 else None,
            )
            for index in range(years)
        ]
    )
    YearlyFigures.objects.bulk_create(
        [
            YearlyFigures(
                company=company,
                year=2010 + index,
                employees=10.0 + index,
                employees_source=FigureSource.CVR_EXACT,
                revenue=1_000_000 * (index + 1),
                financials_source=FigureSource.ANNUAL_REPORT,
            )
            for index in range(years)
        ]
    )
    ProductionUnit.objects.bulk_create(
        [
            ProductionUnit(
                company=company, p_number=1_000_000_000 + seed * 1000 + index, name=f"P {index}"
            )
            for index in range(units)
        ]
    )


def test_detail_answers_the_company_with_history_units_and_figures(personas) -> None:
    # given firm A with an address, two periods, a production unit and a year of figures
    company = personas.a.company
    Company.objects.filter(pk=company.pk).update(street="Vesterbrogade 1", postcode=1620, city="")
    company.refresh_from_db()
    CompanyPeriod.objects.create(
        company=company, kind=PeriodKind.NAME, text="Gammelt Navn ApS", valid_to=date(2019, 1, 1)
    )
    CompanyPeriod.objects.create(
        company=company,
        kind=PeriodKind.MAIN_INDUSTRY,
        code="620100",
        text="Computerprogrammering",
        valid_from=date(2019, 1, 1),
    )
    ProductionUnit.objects.create(
        company=company, p_number=1012345678, name="Hovedkontor", municipality_id=101
    )
    YearlyFigures.objects.create(
        company=company,
        year=2023,
        employees=12.0,
        fte=10.5,
        employees_band="10-19",
        employees_source=FigureSource.CVR_BAND,
        employees_as_of=date(2023, 12, 1),
        gross_profit=4_000_000,
        revenue=9_000_000,
        profit=500_000,
        export=None,
        equity=2_000_000,
        financials_source=FigureSource.ANNUAL_REPORT,
        financials_as_of=date(2023, 12, 31),
    )
    # when the side A consultant opens it
    response = ApiClient(personas.a.consultant).get(detail(company))
    # then every part is there, exactly
    assert response.status_code == 200
    expected = listed(company)
    expected.update(
        municipality={
            "code": 101,
            "name": "København",
            "region": {"code": 1084, "name": "Region Hovedstaden"},
        },
        address={"street": "Vesterbrogade 1", "postcode": 1620, "city": ""},
        periods=[
            {
                "kind": "main_industry",
                "code": "620100",
                "text": "Computerprogrammering",
                "rank": 0,
                "valid_from": "2019-01-01",
                "valid_to": None,
            },
            {
                "kind": "name",
                "code": "",
                "text": "Gammelt Navn ApS",
                "rank": 0,
                "valid_from": None,
                "valid_to": "2019-01-01",
            },
        ],
        production_units=[
            {
                "p_number": "1012345678",
                "name": "Hovedkontor",
                "municipality_code": 101,
                "valid_from": None,
                "valid_to": None,
            }
        ],
        yearly_figures=[
            {
                "year": 2023,
                "employees": 12.0,
                "fte": 10.5,
                "employees_band": "10-19",
                "employees_source": "cvr_band",
                "employees_as_of": "2023-12-01",
                "gross_profit": 4_000_000,
                "revenue": 9_000_000,
                "profit": 500_000,
                "export": None,
                "equity": 2_000_000,
                "financials_source": "annual_report",
                "financials_as_of": "2023-12-31",
            }
        ],
    )
    assert response.json() == expected


def state_of(company: Company) -> tuple[object, ...]:
    stored = Company.objects.get(pk=company.pk)
    return (stored.updated_at, stored.name, YearlyFigures.objects.filter(company=company).count())


def test_consultant_of_other_house_cannot_open_the_company(personas) -> None:
    # given firm A with figures
    add_history(personas.a.company, years=2, units=1, seed=1)
    before = state_of(personas.a.company)
    # when side B's consultant, manager and municipal consultant ask for it
    for user in (personas.b.consultant, personas.b.manager, personas.b.municipal_consultant):
        response = ApiClient(user).get(detail(personas.a.company))
        # then it is a 404, word for word the same as for a company that does not exist
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
    # and nothing changed
    assert state_of(personas.a.company) == before


def test_company_user_opens_only_own_firm(personas) -> None:
    api = ApiClient(personas.a.company_user)
    assert api.get(detail(personas.a.company)).json()["name"] == "Firma A ApS"
    assert api.get(detail(personas.b.company)).status_code == 404


def test_municipal_consultant_cannot_open_firm_elsewhere_in_the_region(personas) -> None:
    neighbour = make_company(municipality_code=147, name="Frederiksberg IT", rng_seed=9)
    assert ApiClient(personas.a.municipal_consultant).get(detail(neighbour)).status_code == 404
    assert ApiClient(personas.a.consultant).get(detail(neighbour)).status_code == 200


def test_partner_advisor_opens_no_company(personas) -> None:
    api = ApiClient(personas.partner_advisor)
    assert api.get(detail(personas.a.company)).status_code == 404
    assert api.get(detail(personas.b.company)).status_code == 404


def test_national_admin_opens_every_company(personas) -> None:
    api = ApiClient(personas.national_admin)
    assert api.get(detail(personas.a.company)).json()["cvr"] == f"{personas.a.company.cvr:08d}"
    assert api.get(detail(personas.b.company)).json()["municipality"]["region"] == {
        "code": 1082,
        "name": "Region Midtjylland",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/companies/abcdefgh",
        "/api/companies/1234567",
        "/api/companies/123456789",
        "/api/companies/01234567",
        "/api/companies/%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98",
    ],
)
def test_a_path_that_is_no_cvr_number_is_404_like_a_missing_company(personas, path) -> None:
    response = ApiClient(personas.national_admin).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_missing_company_is_404(personas) -> None:
    missing = make_cvr(random.Random(99))
    assert not Company.objects.filter(cvr=missing).exists()
    response = ApiClient(personas.national_admin).get(f"/api/companies/{missing:08d}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# --- query counts -------------------------------------------------------------------------


def count_queries(api: ApiClient, path: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, **params)
    assert response.status_code == 200
    return len(queries.captured_queries)


# Token lookup (with user and organisation) + the page of companies (with municipality).
LIST_QUERIES = 2
# Token lookup + the company (with municipality and region) + periods, figures, units.
DETAIL_QUERIES = 5


def test_list_query_count_does_not_grow_with_the_companies(
    personas, django_assert_max_num_queries
) -> None:
    # given a consultant and a company user, with one visible firm each
    consultant, company_user = ApiClient(personas.a.consultant), ApiClient(personas.a.company_user)
    few = count_queries(consultant, LIST), count_queries(company_user, LIST)
    # when 30 more firms with history and yearly figures appear in region A
    for index in range(30):
        company = make_company(
            municipality_code=101, name=f"Firma {index:02d}", rng_seed=1000 + index
        )
        add_history(company, years=5, units=2, seed=index + 10)
    # then listing them costs the same few queries
    with django_assert_max_num_queries(LIST_QUERIES):
        response = consultant.get(LIST, limit=200)
    assert len(cvrs(response)) == 31
    assert (count_queries(consultant, LIST), count_queries(company_user, LIST)) == few
    assert few == (LIST_QUERIES, LIST_QUERIES)


def test_detail_query_count_does_not_grow_with_history(
    personas, django_assert_max_num_queries
) -> None:
    # given a firm with a little history
    api = ApiClient(personas.a.consultant)
    add_history(personas.a.company, years=1, units=1, seed=1)
    few = count_queries(api, detail(personas.a.company))
    # when the firm of side B (seen by the admin) has thirty years, units and periods
    add_history(personas.b.company, years=30, units=30, seed=2)
    admin = ApiClient(personas.national_admin)
    # then opening either costs the same queries
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = admin.get(detail(personas.b.company))
    assert len(response.json()["yearly_figures"]) == 30
    assert len(response.json()["production_units"]) == 30
    assert len(response.json()["periods"]) == 30
    assert few == count_queries(admin, detail(personas.b.company)) == DETAIL_QUERIES
