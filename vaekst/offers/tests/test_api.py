"""The offers API, scoped like the pages: 404 for what the caller may not see."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token
from vaekst.offers.tests.conftest import Catalogue, make_offer, place


class ApiClient:
    def __init__(self, user: User) -> None:
        token, raw = create_api_token(user=user, name="test")
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)


def eligibility(company) -> str:
    return f"/api/companies/{company.cvr:08d}/eligibility"


def test_offers_list_is_the_callers_catalogue(personas, catalogue: Catalogue) -> None:
    items = ApiClient(personas.b.company_user).get("/api/offers").json()
    assert [item["title"] for item in items] == ["Vækstkortlægning", "Eksport Midt"]
    core = items[0]
    assert (core["kind"], core["is_core"], core["region_code"]) == ("growth_mapping", True, None)
    assert {a["level_key"] for a in core["allowances"]} == {"high", "potential", "established"}


def test_offers_list_query_count_is_constant(personas, catalogue) -> None:
    api = ApiClient(personas.a.consultant)
    for index in range(10):
        make_offer(personas.b.house, f"Tilbud {index}")
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/offers")
    assert len(response.json()) == 13
    # token lookup, offers with owner, allowances
    assert len(queries.captured_queries) == 3


def test_offer_detail_and_404_for_not_visible(personas, catalogue: Catalogue) -> None:
    catalogue.offer_b.partners.add(personas.partner)
    detail = ApiClient(personas.a.consultant).get(f"/api/offers/{catalogue.offer_b.public_id}")
    assert detail.status_code == 200
    assert detail.json()["partners"] == ["Nordbank Erhverv"]
    hidden = ApiClient(personas.a.company_user).get(f"/api/offers/{catalogue.offer_b.public_id}")
    assert hidden.status_code == 404


def test_eligibility_answers_every_offer_or_one(personas, catalogue: Catalogue) -> None:
    place(personas.a.company, "high")
    api = ApiClient(personas.a.consultant)
    answers = {a["offer_title"]: a for a in api.get(eligibility(personas.a.company)).json()}
    assert answers["Vækstkortlægning"]["allowed"] is True
    assert answers["Vækstkortlægning"]["remaining"] == "25.0"
    assert answers["Eksport Midt"]["allowed"] is False
    one = api.get(eligibility(personas.a.company), offer=str(catalogue.offer_a.public_id)).json()
    assert [(a["offer_title"], a["remaining"]) for a in one] == [("Kapital Hovedstaden", "10.0")]


def test_eligibility_of_another_houses_firm_is_404(personas, catalogue) -> None:
    api = ApiClient(personas.b.consultant)
    assert api.get(eligibility(personas.a.company)).status_code == 404
    assert api.get("/api/companies/12/eligibility").status_code == 404
    partner = ApiClient(personas.partner_advisor)
    assert partner.get(eligibility(personas.a.company)).status_code == 404


def test_eligibility_for_an_offer_the_caller_cannot_see_is_404(personas, catalogue) -> None:
    api = ApiClient(personas.a.company_user)
    response = api.get(eligibility(personas.a.company), offer=str(catalogue.offer_b.public_id))
    assert response.status_code == 404


def test_offers_endpoints_refuse_requests_without_token(personas, catalogue) -> None:
    client = Client()
    assert client.get("/api/offers").status_code == 401
    assert client.get(eligibility(personas.a.company)).status_code == 401
