"""The growth-plan API: plans, milestones, actions, mappings and partnerships scoped like the
pages; a partner sees only shared parts and nothing once consent is withdrawn; milestone
progress with the plan revision (409 when stale, nothing changed)."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Personas
from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, Mapping
from vaekst.growthplans.services import (
    create_plan,
    propose_partnership,
    share_with_partner,
    withdraw_share,
)


class ApiClient:
    """A test client that sends one user's bearer token with every request."""

    def __init__(self, user: User) -> None:
        token, raw = create_api_token(user=user, name="test")
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def partnership_a(personas: Personas, plan_a: GrowthPlan) -> GrowthPartnership:
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="Ansætte en sælger",
        house_commitment="20 timers sparring",
        house_hours=Decimal(20),
    )


def _milestone_url(plan: GrowthPlan, title: str = "Sælger ansat") -> str:
    milestone = plan.milestones.get(title=title)
    return f"/api/growthplans/{plan.public_id}/milestones/{milestone.public_id}"


@pytest.mark.parametrize(
    "path", ["/api/growthplans", "/api/mappings", f"/api/partnerships/{'0' * 32}"]
)
def test_endpoints_need_a_token(client: Client, db: Any, path: str) -> None:
    assert client.get(path).status_code == 401


def test_consultant_lists_and_reads_the_plan(personas: Personas, plan_a: GrowthPlan) -> None:
    api = ApiClient(personas.a.consultant)
    # when
    listing = api.get("/api/growthplans")
    detail = api.get(f"/api/growthplans/{plan_a.public_id}")
    # then
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["items"]] == [str(plan_a.public_id)]
    assert listing.json()["items"][0]["company"] == {
        "cvr": f"{personas.a.company.cvr:08d}",
        "name": "Firma A ApS",
    }
    body = detail.json()
    assert (body["title"], body["revision"], body["status"]) == (
        "Vækstplan for Firma A ApS",
        4,
        "active",
    )
    assert [(g["metric"], g["baseline_value"], g["target_value"]) for g in body["goals"]] == [
        ("employees", "15.0", "25.0"),
        ("gross_profit", "5500000.0", "9000000.0"),
    ]
    assert len(body["milestones"]) == 3
    assert [(a["title"], a["owner_kind"]) for a in body["actions"]] == [
        ("Skriv jobopslag", "firm"),
        ("Introducér til bank", "capital_source"),
    ]
    assert body["progress"]["milestones_total"] == 3
    assert body["progress"]["actions_total"] == 2
    milestones = api.get(f"/api/growthplans/{plan_a.public_id}/milestones").json()
    assert [m["title"] for m in milestones] == [m["title"] for m in body["milestones"]]
    actions = api.get(f"/api/growthplans/{plan_a.public_id}/actions").json()
    assert [a["id"] for a in actions] == [a["id"] for a in body["actions"]]


@pytest.mark.parametrize("who", ["consultant_b", "firm_b", "advisor"])
def test_others_do_not_see_the_plan(personas: Personas, plan_a: GrowthPlan, who: str) -> None:
    user = User.objects.get(username=who)
    api = ApiClient(user)
    assert api.get("/api/growthplans").json()["items"] == []
    for suffix in ["", "/milestones", "/actions"]:
        assert api.get(f"/api/growthplans/{plan_a.public_id}{suffix}").status_code == 404


def test_partner_sees_only_the_shared_parts_and_nothing_after_withdrawal(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    share = share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner
    )
    api = ApiClient(personas.partner_advisor)
    body = api.get(f"/api/growthplans/{plan_a.public_id}").json()
    assert (len(body["goals"]), len(body["milestones"]), body["actions"]) == (2, 3, [])
    assert api.get(f"/api/growthplans/{plan_a.public_id}/actions").json() == []
    assert api.get("/api/mappings").json()["items"] == []
    # when consent is withdrawn
    withdraw_share(actor=personas.a.company_user, share=share)
    # then
    assert api.get("/api/growthplans").json()["items"] == []
    assert api.get(f"/api/growthplans/{plan_a.public_id}").status_code == 404
    assert api.get(f"/api/growthplans/{plan_a.public_id}/milestones").status_code == 404


def test_firm_user_sees_its_plan_and_completed_mapping(
    personas: Personas, plan_a: GrowthPlan, mapping_a: Mapping
) -> None:
    api = ApiClient(personas.a.company_user)
    assert [p["id"] for p in api.get("/api/growthplans").json()["items"]] == [str(plan_a.public_id)]
    mappings = api.get("/api/mappings", company=f"{personas.a.company.cvr:08d}").json()["items"]
    assert [m["id"] for m in mappings] == [str(mapping_a.public_id)]
    detail = api.get(f"/api/mappings/{mapping_a.public_id}").json()
    assert (detail["ambition_jobs"], detail["capital_need"], detail["status"]) == (
        10,
        2_000_000,
        "completed",
    )
    answered = [(a["key"], a["status"], a["priority"]) for a in detail["answers"]]
    assert answered == [
        ("customers_market.sales", 2, "high"),
        ("organisation_management.leadership", 4, "low"),
        ("finance_capital.capital_access", 1, "high"),
    ]


def test_mappings_are_refused_to_other_houses_and_firms(
    personas: Personas, mapping_a: Mapping
) -> None:
    for user in [personas.b.consultant, personas.b.company_user, personas.partner_advisor]:
        api = ApiClient(user)
        assert api.get("/api/mappings").json()["items"] == []
        assert api.get(f"/api/mappings/{mapping_a.public_id}").status_code == 404


def test_mapping_filter_needs_a_cvr_number(personas: Personas) -> None:
    assert ApiClient(personas.a.consultant).get("/api/mappings", company="123").status_code == 422


def test_partnership_is_read_by_the_firm_and_the_house_only(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    path = f"/api/partnerships/{partnership_a.public_id}"
    body = ApiClient(personas.a.company_user).get(path).json()
    assert (body["status"], body["house_hours"], body["firm_accepted_by"]) == (
        "draft",
        "20.0",
        None,
    )
    assert body["plan"] == str(partnership_a.plan.public_id)
    assert ApiClient(personas.a.consultant).get(path).status_code == 200
    share_with_partner(
        actor=personas.a.company_user, plan=partnership_a.plan, organisation=personas.partner
    )
    for user in [personas.b.consultant, personas.b.company_user, personas.partner_advisor]:
        assert ApiClient(user).get(path).status_code == 404


def test_firm_reports_milestone_progress(personas: Personas, plan_a: GrowthPlan) -> None:
    response = ApiClient(personas.a.company_user).patch(
        _milestone_url(plan_a), {"revision": 4, "status": "in_progress", "progress": 60}
    )
    assert response.status_code == 200
    assert response.json()["revision"] == 5
    assert (response.json()["milestone"]["status"], response.json()["milestone"]["progress"]) == (
        "in_progress",
        60,
    )
    plan_a.refresh_from_db()
    assert (plan_a.revision, plan_a.updated_by) == (5, personas.a.company_user)


def test_stale_revision_answers_409_and_changes_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    response = ApiClient(personas.a.company_user).patch(
        _milestone_url(plan_a), {"revision": 2, "status": "done"}
    )
    assert response.status_code == 409
    assert response.json()["current_revision"] == 4
    assert response.json()["detail"].startswith("Planen er ændret af consultant_a")
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert plan_a.milestones.get(title="Sælger ansat").status == "planned"


@pytest.mark.parametrize(
    ("who", "status"), [("consultant_b", 404), ("firm_b", 404), ("advisor", 403)]
)
def test_others_cannot_change_a_milestone(
    personas: Personas, plan_a: GrowthPlan, who: str, status: int
) -> None:
    # the partner holds consent to see the milestones, which is not a right to change them
    share_with_partner(actor=personas.a.company_user, plan=plan_a, organisation=personas.partner)
    response = ApiClient(User.objects.get(username=who)).patch(
        _milestone_url(plan_a), {"revision": 4, "status": "done"}
    )
    assert response.status_code == status
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert not plan_a.milestones.filter(status="done").exists()


def test_plan_list_queries_do_not_grow_with_the_plans(personas: Personas) -> None:
    api = ApiClient(personas.a.consultant)
    create_plan(actor=personas.a.consultant, company=personas.a.company, title="Plan 1")
    api.get("/api/growthplans")
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/growthplans").json()["items"]) == 1
    for number in range(2, 8):
        create_plan(actor=personas.a.consultant, company=personas.a.company, title=f"Plan {number}")
    with CaptureQueriesContext(connection) as seven:
        assert len(api.get("/api/growthplans").json()["items"]) == 7
    assert len(seven) == len(one) <= 4
