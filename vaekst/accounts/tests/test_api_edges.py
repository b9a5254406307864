"""The API's edges as a specification: paging and other integer input is bounded (a 422 with a
message, never a database error), a write without credentials is a 401, a browser session's
write still needs the CSRF token, and the OpenAPI document declares every error answer."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import Personas
from vaekst.accounts.management.commands.export_openapi import openapi_document
from vaekst.accounts.models import User
from vaekst.accounts.services import create_api_token
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import propose_partnership
from vaekst.lib.paging import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db

LISTS = ["/api/companies", "/api/growthplans", "/api/mappings", "/api/partnerships"]
LISTS += ["/api/placements"]


def bearer(user: User) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def too_large(name: str, limit: int) -> dict[str, Any]:
    return {
        "type": "less_than_equal",
        "loc": ["query", name],
        "msg": f"Input should be less than or equal to {limit}",
        "ctx": {"le": limit},
    }


@pytest.fixture
def partnership_a(personas: Personas, plan_a: GrowthPlan) -> GrowthPartnership:
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="Ansætte en sælger",
        house_commitment="20 timers sparring",
        house_hours=Decimal(20),
    )


def _milestone_url(plan: GrowthPlan) -> str:
    milestone = plan.milestones.get(title="Sælger ansat")
    return f"/api/growthplans/{plan.public_id}/milestones/{milestone.public_id}"


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [2**63, MAX_OFFSET + 1])
def test_an_offset_beyond_the_bound_is_a_422_with_a_message(
    personas: Personas, client: Client, path: str, offset: int
) -> None:
    # when the consultant asks for a page far beyond any list (2**63 overflowed the database)
    response = client.get(path, {"offset": offset}, headers=bearer(personas.a.consultant))
    # then the answer names the parameter and its bound
    assert response.status_code == 422
    assert response.json() == {"detail": [too_large("offset", MAX_OFFSET)]}


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_offset_is_an_empty_last_page(
    personas: Personas, client: Client, path: str
) -> None:
    response = client.get(path, {"offset": MAX_OFFSET}, headers=bearer(personas.a.consultant))
    assert response.status_code == 200
    assert response.json() == {"items": [], "limit": 50, "offset": MAX_OFFSET, "next": None}


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("params", "issue"),
    [
        ({"offset": -1}, {"type": "greater_than_equal", "loc": ["query", "offset"]}),
        ({"limit": 0}, {"type": "greater_than_equal", "loc": ["query", "limit"]}),
        ({"limit": MAX_LIMIT + 1}, {"type": "less_than_equal", "loc": ["query", "limit"]}),
        ({"offset": "abc"}, {"type": "int_parsing", "loc": ["query", "offset"]}),
    ],
)
def test_other_paging_outside_its_bounds_is_a_422(
    personas: Personas, client: Client, path: str, params: dict[str, Any], issue: dict[str, Any]
) -> None:
    response = client.get(path, params, headers=bearer(personas.a.consultant))
    assert response.status_code == 422
    [detail] = response.json()["detail"]
    assert {key: detail[key] for key in issue} == issue
    assert detail["msg"]


@pytest.mark.parametrize("revision", [2**63, 2**31])
def test_a_revision_beyond_the_column_is_a_422_and_changes_nothing(
    personas: Personas, client: Client, plan_a: GrowthPlan, revision: int
) -> None:
    # when a change names a revision no plan can have (it reached the database before)
    response = client.patch(
        _milestone_url(plan_a),
        json.dumps({"revision": revision, "status": "done"}),
        content_type="application/json",
        headers=bearer(personas.a.consultant),
    )
    # then
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "change", "revision"]
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert plan_a.milestones.get(title="Sælger ansat").status == "planned"


def _writes(plan: GrowthPlan, partnership: GrowthPartnership) -> list[tuple[str, str, str]]:
    action = plan.actions.get(title="Skriv jobopslag")
    return [
        ("post", f"/api/partnerships/{partnership.public_id}/accept", "{}"),
        ("patch", _milestone_url(plan), json.dumps({"revision": 4, "status": "done"})),
        (
            "patch",
            f"/api/growthplans/{plan.public_id}/actions/{action.public_id}",
            json.dumps({"revision": 4, "status": "done"}),
        ),
    ]


def _unchanged(plan: GrowthPlan, partnership: GrowthPartnership) -> None:
    plan.refresh_from_db()
    partnership.refresh_from_db()
    assert plan.revision == 4
    assert partnership.house_accepted_at is None
    assert partnership.status == "draft"


def test_a_write_without_credentials_is_a_401(
    personas: Personas, plan_a: GrowthPlan, partnership_a: GrowthPartnership
) -> None:
    # given a client that checks CSRF like a browser's, with no token and no session
    client = Client(enforce_csrf_checks=True)
    for method, path, body in _writes(plan_a, partnership_a):
        # when
        response = getattr(client, method)(path, body, content_type="application/json")
        # then: unauthenticated, as the documents say (it was a 403 "CSRF check Failed")
        assert (method, response.status_code, response.json()) == (
            method,
            401,
            {"detail": "Unauthorized"},
        )
    _unchanged(plan_a, partnership_a)


def test_a_session_write_without_the_csrf_token_is_refused(
    personas: Personas, plan_a: GrowthPlan, partnership_a: GrowthPartnership
) -> None:
    # given the consultant's logged-in browser session, and a request without the CSRF token
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.a.consultant)
    for method, path, body in _writes(plan_a, partnership_a):
        # when
        response = getattr(client, method)(path, body, content_type="application/json")
        # then
        assert (method, response.status_code, response.json()) == (
            method,
            403,
            {"detail": "CSRF check Failed"},
        )
    _unchanged(plan_a, partnership_a)


def test_a_session_write_with_the_csrf_token_goes_through(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.a.consultant)
    token = "x" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.post(
        f"/api/partnerships/{partnership_a.public_id}/accept",
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    partnership_a.refresh_from_db()
    assert partnership_a.house_accepted_by == personas.a.consultant


def test_a_token_write_needs_no_csrf_token(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/partnerships/{partnership_a.public_id}/accept",
        content_type="application/json",
        headers=bearer(personas.a.consultant),
    )
    assert response.status_code == 200
    partnership_a.refresh_from_db()
    assert partnership_a.house_accepted_by == personas.a.consultant


def test_every_operation_declares_its_error_answers_with_the_error_schema() -> None:
    document = json.loads(openapi_document())
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["detail"]
    assert schemas["ValidationError"]["properties"]["detail"]["type"] == "array"
    operations = [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) == 35
    for method, path, operation in operations:
        responses = operation["responses"]
        takes_input = "requestBody" in operation or any(
            p["in"] == "query" or p["schema"].get("format") == "uuid"
            for p in operation.get("parameters", [])
        )
        # a success answer (200, or 201 for a POST that creates), and the refusals
        assert any(status.startswith("2") for status in responses), (method, path)
        expected = {"401"} | ({"422"} if takes_input else set())
        expected |= {"404"} if "{" in path else set()
        expected |= {"403"} if method in {"post", "patch"} else set()
        assert expected <= set(responses), (method, path)
        for status, response in responses.items():
            if not status.startswith("4"):
                continue
            reference = response["content"]["application/json"]["schema"]["$ref"]
            name = reference.rsplit("/", 1)[-1]
            wanted = {"422": "ValidationError", "409": "ConflictOut"}.get(status, "Error")
            if status == "409" and method == "post":
                wanted = "Error"
            assert (method, path, status, name) == (method, path, status, wanted)
