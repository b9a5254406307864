"""The plan page's extension point for action rows: each registered provider is called
once per page with every action the user may see, and what it returns for an action is
on that action's row, after the extras of the providers registered before it."""

from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans import action_extras
from vaekst.growthplans.action_extras import ActionExtra, register_action_extras
from vaekst.growthplans.choices import ActionOwnerKind
from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.growthplans.services import add_action
from vaekst.offers.tests.conftest import make_offer, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """An empty registry for the test (the apps' own providers are put back after)."""
    registry: list[Any] = []
    monkeypatch.setattr(action_extras.extension, "providers", registry)
    return registry


def test_each_provider_is_asked_once_and_its_extras_land_on_their_rows(
    personas: Personas, plan_a: GrowthPlan, providers: list[Any]
) -> None:
    # given two providers, one of them for the firm action only
    calls: list[list[str]] = []
    firm_action = PlanAction.objects.get(plan=plan_a, title="Skriv jobopslag")

    @register_action_extras
    def first(request: Any, plan: GrowthPlan, actions: list[PlanAction]) -> dict[int, ActionExtra]:
        calls.append(sorted(action.title for action in actions))
        return {action.pk: ActionExtra("a.html", {"n": 1}) for action in actions}

    @register_action_extras
    def second(request: Any, plan: GrowthPlan, actions: list[PlanAction]) -> dict[int, ActionExtra]:
        return {firm_action.pk: ActionExtra("b.html")}

    client = Client()
    client.force_login(personas.a.consultant)
    # when: the page is rendered (its rows' templates are only included under an offer)
    response = client.get(f"/vaekstplaner/{plan_a.public_id}/")
    # then
    assert response.status_code == 200
    assert calls == [["Introducér til bank", "Skriv jobopslag"]]
    rows = {row["name"]: row["extras"] for row in response.context["actions"]}
    assert rows == {
        "Skriv jobopslag": [ActionExtra("a.html", {"n": 1}), ActionExtra("b.html")],
        "Introducér til bank": [ActionExtra("a.html", {"n": 1})],
    }


def test_a_row_without_extras_has_none(
    personas: Personas, plan_a: GrowthPlan, providers: list[Any]
) -> None:
    client = Client()
    client.force_login(personas.a.consultant)
    response = client.get(f"/vaekstplaner/{plan_a.public_id}/")
    assert [row["extras"] for row in response.context["actions"]] == [[], []]


def test_an_extra_that_settles_the_offer_replaces_the_eligibility_answer(
    personas: Personas, plan_a: GrowthPlan, providers: list[Any]
) -> None:
    # given two actions with an offer the firm may use; a provider settles the first
    place(personas.a.company, "high")
    for title in ("Camp", "Mentor"):
        plan_a.refresh_from_db()
        add_action(
            actor=personas.a.consultant,
            plan=plan_a,
            expected_revision=plan_a.revision,
            title=title,
            owner_kind=ActionOwnerKind.HOUSE,
            offer=make_offer(personas.a.house, f"Tilbud {title}"),
        )
    camp = PlanAction.objects.get(plan=plan_a, title="Camp")

    @register_action_extras
    def taken(request: Any, plan: GrowthPlan, actions: list[PlanAction]) -> dict[int, ActionExtra]:
        # an include that renders nothing here: what counts is the row's eligibility
        return {camp.pk: ActionExtra("includes/form_errors.html", settles_offer=True)}

    client = Client()
    client.force_login(personas.a.consultant)
    # when
    response = client.get(f"/vaekstplaner/{plan_a.public_id}/")
    # then
    rows = {row["name"]: row for row in response.context["actions"]}
    assert rows["Camp"]["eligibility"] is None
    assert rows["Mentor"]["eligibility"] is not None and rows["Mentor"]["eligibility"].allowed
    assert response.text.count("Virksomheden kan bruge tilbuddet") == 1
