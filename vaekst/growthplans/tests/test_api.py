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
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, Mapping, PlanShare
from vaekst.growthplans.services import (
    create_plan,
    end_partnership,
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

    def post(self, path: str) -> Any:
        return self.client.post(path, content_type="application/json")


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
    "path",
    ["/api/growthplans", "/api/mappings", "/api/partnerships", f"/api/partnerships/{'0' * 32}"],
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


# Partnerships and actions ------------------------------------------------------------------


def _action_url(plan: GrowthPlan, title: str) -> str:
    action = plan.actions.get(title=title)
    return f"/api/growthplans/{plan.public_id}/actions/{action.public_id}"


def test_partnerships_are_listed_in_scope_and_referenced_on_the_plan(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    plan = partnership_a.plan
    expected = {"id": str(partnership_a.public_id), "status": "draft"}
    for user in [personas.a.consultant, personas.a.company_user, personas.national_admin]:
        api = ApiClient(user)
        # when
        listing = api.get("/api/partnerships").json()
        # then
        assert [p["id"] for p in listing["items"]] == [str(partnership_a.public_id)]
        assert listing["next"] is None
        assert api.get("/api/growthplans").json()["items"][0]["partnership"] == expected
        assert api.get(f"/api/growthplans/{plan.public_id}").json()["partnership"] == expected
    api = ApiClient(personas.a.consultant)
    assert api.get("/api/partnerships", status="active").json()["items"] == []
    assert len(api.get("/api/partnerships", plan=str(plan.public_id)).json()["items"]) == 1
    # a partner the plan is shared with sees the plan but not the partnership
    share_with_partner(actor=personas.a.company_user, plan=plan, organisation=personas.partner)
    advisor = ApiClient(personas.partner_advisor)
    assert advisor.get("/api/partnerships").json()["items"] == []
    assert advisor.get(f"/api/growthplans/{plan.public_id}").json()["partnership"] is None
    for user in [personas.b.consultant, personas.b.company_user]:
        assert ApiClient(user).get("/api/partnerships").json()["items"] == []


def test_plan_references_its_latest_partnership_once_closed(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given the draft ended and a new one proposed, then that one ended too
    end_partnership(actor=personas.a.consultant, partnership=partnership_a, reason="Pause")
    second = propose_partnership(
        actor=personas.a.consultant,
        plan=partnership_a.plan,
        firm_commitment="",
        house_commitment="",
    )
    api = ApiClient(personas.a.consultant)
    plan_path = f"/api/growthplans/{partnership_a.plan.public_id}"
    # then the open one is referenced
    assert api.get(plan_path).json()["partnership"] == {
        "id": str(second.public_id),
        "status": "draft",
    }
    end_partnership(actor=personas.a.consultant, partnership=second, reason="Solgt")
    # and once both are closed, the latest
    assert api.get(plan_path).json()["partnership"] == {
        "id": str(second.public_id),
        "status": "ended",
    }


def test_partnership_list_queries_do_not_grow(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    api = ApiClient(personas.a.consultant)
    api.get("/api/partnerships")
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/partnerships").json()["items"]) == 1
    for number in range(3):
        plan = create_plan(
            actor=personas.a.consultant, company=personas.a.company, title=f"P{number}"
        )
        propose_partnership(
            actor=personas.a.consultant, plan=plan, firm_commitment="", house_commitment=""
        )
    with CaptureQueriesContext(connection) as four:
        assert len(api.get("/api/partnerships").json()["items"]) == 4
    assert len(four) == len(one) <= 6


def test_firm_and_house_accept_through_the_api(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    path = f"/api/partnerships/{partnership_a.public_id}/accept"
    # when the firm's user accepts
    firm = ApiClient(personas.a.company_user).post(path)
    # then the firm's side is recorded and the terms frozen at the plan's revision
    assert firm.status_code == 200
    body = firm.json()
    assert (body["status"], body["firm_accepted_by"], body["house_accepted_by"]) == (
        "draft",
        "firm_a",
        None,
    )
    assert body["accepted_revision"] == 4
    # when the house's consultant accepts
    house = ApiClient(personas.a.consultant).post(path)
    assert house.status_code == 200
    assert (house.json()["status"], house.json()["house_accepted_by"]) == ("active", "consultant_a")
    # then a second acceptance is a conflict that changes nothing
    again = ApiClient(personas.a.manager).post(path)
    assert again.status_code == 409
    partnership_a.refresh_from_db()
    assert partnership_a.house_accepted_by == personas.a.consultant


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("municipal_a", 403),
        ("national", 403),
        ("consultant_b", 404),
        ("firm_b", 404),
        ("advisor", 404),
    ],
)
def test_others_cannot_accept_through_the_api(
    personas: Personas, partnership_a: GrowthPartnership, who: str, status: int
) -> None:
    share_with_partner(
        actor=personas.a.company_user, plan=partnership_a.plan, organisation=personas.partner
    )
    response = ApiClient(User.objects.get(username=who)).post(
        f"/api/partnerships/{partnership_a.public_id}/accept"
    )
    assert response.status_code == status
    partnership_a.refresh_from_db()
    assert partnership_a.status == "draft"
    assert partnership_a.firm_accepted_at is None and partnership_a.house_accepted_at is None
    assert partnership_a.accepted_terms == {}


def test_firm_sets_its_own_action_status(personas: Personas, plan_a: GrowthPlan) -> None:
    response = ApiClient(personas.a.company_user).patch(
        _action_url(plan_a, "Skriv jobopslag"), {"revision": 4, "status": "done"}
    )
    assert response.status_code == 200
    assert response.json()["revision"] == 5
    assert response.json()["action"]["status"] == "done"
    assert response.json()["action"]["completed_on"] == timezone.localdate().isoformat()
    plan_a.refresh_from_db()
    assert (plan_a.revision, plan_a.updated_by) == (5, personas.a.company_user)
    assert plan_a.versions.get(number=5).created_by == personas.a.company_user


def test_stale_action_status_answers_409_and_changes_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    response = ApiClient(personas.a.consultant).patch(
        _action_url(plan_a, "Skriv jobopslag"), {"revision": 3, "status": "done"}
    )
    assert response.status_code == 409
    assert response.json()["current_revision"] == 4
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert plan_a.actions.get(title="Skriv jobopslag").status == "open"


@pytest.mark.parametrize(
    ("who", "title", "status"),
    [
        ("firm_a", "Introducér til bank", 403),  # not the firm's own action
        ("advisor", "Skriv jobopslag", 403),  # shared, which is no right to change it
        ("consultant_b", "Skriv jobopslag", 404),
        ("firm_b", "Skriv jobopslag", 404),
    ],
)
def test_others_cannot_set_an_action_status(
    personas: Personas, plan_a: GrowthPlan, who: str, title: str, status: int
) -> None:
    share = share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner
    )
    PlanShare.objects.filter(pk=share.pk).update(share_actions=True)
    response = ApiClient(User.objects.get(username=who)).patch(
        _action_url(plan_a, title), {"revision": 4, "status": "done"}
    )
    assert response.status_code == status
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert not plan_a.actions.filter(status="done").exists()
