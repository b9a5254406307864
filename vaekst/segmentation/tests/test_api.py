"""The levels API: the levels in force, a firm's placement and the current scores, scoped like
the pages, with refusals and query-count guards."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.services import create_draft, publish, set_criterion, set_label


class ApiClient:
    """A test client that sends one user's bearer token with every request."""

    def __init__(self, user: User) -> None:
        token, raw = create_api_token(user=user, name="test")
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)


def placement_url(company: Any) -> str:
    return f"/api/companies/{company.cvr:08d}/placement"


@pytest.mark.parametrize(
    "path", ["/api/levels", "/api/placements", "/api/companies/12345674/placement"]
)
def test_level_endpoints_need_a_token(client: Client, personas, path) -> None:
    assert client.get(path).status_code == 401


def test_levels_in_force_for_a_house_include_its_nuance(personas) -> None:
    # given region 1084 changed a threshold and renamed the top level
    draft = create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)
    set_criterion(
        actor=personas.a.manager,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=3,
    )
    set_label(actor=personas.a.manager, rule_set=draft, level_key="high", external_name="Gazelle")
    publish(actor=personas.a.manager, rule_set=draft, effective_from=datetime.date(2020, 1, 1))
    # when
    response = ApiClient(personas.a.consultant).get("/api/levels")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["region"], body["municipality"]) == (1084, None)
    assert [(r["scope"], r["version"]) for r in body["rule_sets"]] == [
        ("national", 1),
        ("region", 1),
    ]
    assert [(level["key"], level["external_name"]) for level in body["levels"]] == [
        ("high", "Gazelle"),
        ("potential", "Vækstløft"),
        ("established", "Udvikling"),
        ("base", "Start"),
    ]
    established = body["levels"][2]
    assert established["criteria"] == [
        {
            "level_key": "established",
            "indicator": "employees",
            "indicator_label": "Ansatte",
            "operator": "gte",
            "value": 3.0,
            "group": 0,
            "scope": "region",
            "replaced_value": 1,
        }
    ]
    # house B sees the national definition only
    other = ApiClient(personas.b.consultant).get("/api/levels").json()
    assert other["levels"][0]["external_name"] == "Vækstacceleration"
    assert other["levels"][2]["criteria"][0]["value"] == 1


@pytest.mark.parametrize("persona", ["company_user", "partner_advisor"])
def test_firms_and_partners_are_refused(personas, scored, persona) -> None:
    user = personas.a.company_user if persona == "company_user" else personas.partner_advisor
    api = ApiClient(user)
    for path in ("/api/levels", "/api/placements", placement_url(scored["grower"])):
        response = api.get(path)
        assert response.status_code == 403
        assert response.json() == {"detail": "Forbidden"}


def test_placement_of_a_firm_with_explanation_and_history(personas, scored) -> None:
    response = ApiClient(personas.a.consultant).get(placement_url(scored["grower"]))
    assert response.status_code == 200
    body = response.json()
    assert body["cvr"] == f"{scored['grower'].cvr:08d}"
    assert body["level"] == {
        "key": "high",
        "rank": 1,
        "internal_name": "Højt vækstpotentiale",
        "external_name": "Vækstacceleration",
    }
    assert body["predicted_high_growth"] is None
    assert body["model_version"] is None
    assert body["rule_set"]["scope"] == "national"
    first = body["explanation"][0]
    assert first == {
        "level_key": "high",
        "indicator": "employees",
        "label": "Ansatte",
        "operator": "≥",
        "threshold": 10,
        "value": 20.0,
        "passed": True,
        "group": 0,
        "scope": "national",
    }
    assert len(body["explanation"]) == 11
    assert [(h["level_key"], h["valid_to"]) for h in body["history"]] == [("high", None)]


def test_placement_outside_scope_is_404_like_a_missing_one(personas, scored) -> None:
    api = ApiClient(personas.b.consultant)
    assert api.get(placement_url(scored["grower"])).status_code == 404
    assert api.get("/api/companies/12345674/placement").status_code == 404
    assert api.get("/api/companies/abc/placement").status_code == 404


def test_placements_list_is_scoped_filtered_and_paged(
    personas, scored, django_assert_max_num_queries
) -> None:
    api = ApiClient(personas.a.manager)
    with django_assert_max_num_queries(3):
        response = api.get("/api/placements", limit=2)
    body = response.json()
    assert [(i["name"], i["level_key"]) for i in body["items"]] == [
        ("Firma A ApS", "high"),
        ("Frb Vækst ApS", "potential"),
    ]
    assert body["next"] == "http://testserver/api/placements?limit=2&offset=2"
    following = api.get("/api/placements", limit=2, offset=2).json()
    assert [i["name"] for i in following["items"]] == ["Kbh Stabil ApS", "Kbh Solo ApS"]
    assert following["next"] is None
    only = api.get("/api/placements", level="established", municipality=101).json()
    assert [(i["name"], i["municipality"], i["employees"]) for i in only["items"]] == [
        ("Kbh Stabil ApS", 101, 6.0)
    ]
    # house B sees only its own firm
    other = ApiClient(personas.b.manager).get("/api/placements").json()
    assert [i["name"] for i in other["items"]] == ["Firma B ApS"]


def test_placements_query_count_does_not_grow_with_the_page(
    personas, scored, django_assert_max_num_queries
) -> None:
    api = ApiClient(personas.national_admin)
    with django_assert_max_num_queries(3):
        body = api.get("/api/placements", limit=200).json()
    assert len(body["items"]) == 5
