"""The plan page's edges: closing an inline form is scoped like the form (404 for a plan or item
the user cannot see or that does not exist), and a refused change answers its status (403 for a
partner's comment) also to htmx, with the alert in a fragment htmx is told to swap in."""

import uuid
from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans.models import GrowthPlan, PlanMilestone
from vaekst.growthplans.services import create_plan, set_milestone_progress, share_with_partner
from vaekst.growthplans.views_common import SWAP_REFUSAL_HEADER

pytestmark = pytest.mark.django_db

KINDS = ["maal", "milepaele", "aktiviteter"]


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _close_url(plan_id: Any, kind: str, item_id: Any) -> str:
    return f"/vaekstplaner/{plan_id}/{kind}/{item_id}/luk/"


def _item_of(plan: GrowthPlan, kind: str) -> Any:
    related = {"maal": "goals", "milepaele": "milestones", "aktiviteter": "actions"}[kind]
    return getattr(plan, related).first()


@pytest.mark.parametrize("kind", KINDS)
def test_closing_an_inline_form_of_the_plan_answers_empty(
    personas: Personas, plan_a: GrowthPlan, kind: str
) -> None:
    item = _item_of(plan_a, kind)
    response = _logged_in(personas.a.consultant).get(
        _close_url(plan_a.public_id, kind, item.public_id)
    )
    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("kind", KINDS)
def test_closing_is_a_404_for_another_house_and_for_random_ids(
    personas: Personas, plan_a: GrowthPlan, kind: str
) -> None:
    # given a real item of plan A, and ids that name nothing
    item = _item_of(plan_a, kind)
    random_id = uuid.uuid4()
    tries = [
        (personas.b.consultant, plan_a.public_id, item.public_id),
        (personas.b.manager, plan_a.public_id, item.public_id),
        (personas.a.consultant, plan_a.public_id, random_id),
        (personas.a.consultant, random_id, item.public_id),
        (personas.a.consultant, random_id, random_id),
        (personas.b.consultant, random_id, random_id),
    ]
    # when each is asked to close the form; then each is a 404, as opening the form would be
    for user, plan_id, item_id in tries:
        response = _logged_in(user).get(_close_url(plan_id, kind, item_id))
        assert (user.username, response.status_code) == (user.username, 404)


def test_closing_an_item_of_another_plan_is_a_404(personas: Personas, plan_a: GrowthPlan) -> None:
    # an item exists, but not in the plan the path names
    other = create_plan(actor=personas.a.consultant, company=personas.a.company, title="Anden")
    item = _item_of(plan_a, "milepaele")
    response = _logged_in(personas.a.consultant).get(
        _close_url(other.public_id, "milepaele", item.public_id)
    )
    assert response.status_code == 404


def test_the_firm_may_not_close_what_only_staff_open(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    item = _item_of(plan_a, "milepaele")
    response = _logged_in(personas.a.company_user).get(
        _close_url(plan_a.public_id, "milepaele", item.public_id)
    )
    assert response.status_code == 403


@pytest.mark.parametrize("htmx", [True, False])
def test_a_partners_comment_on_a_shared_plan_is_a_403_and_stores_nothing(
    personas: Personas, plan_a: GrowthPlan, htmx: bool
) -> None:
    # given the firm shares its plan with the partner
    share_with_partner(
        actor=personas.a.company_user, plan=plan_a, organisation=personas.partner, actions=True
    )
    headers = {"HX-Request": "true"} if htmx else {}
    # when the partner's advisor comments
    response = _logged_in(personas.partner_advisor).post(
        f"/vaekstplaner/{plan_a.public_id}/kommentarer/", {"body": "Hej"}, headers=headers
    )
    # then refused, with the reason in the alert; nothing stored
    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har ikke adgang til at gøre dette." in body
    assert plan_a.comments.count() == 0
    # and htmx is told to swap the fragment in, so that the reader sees the alert
    if htmx:
        assert response[SWAP_REFUSAL_HEADER] == "true"
        assert 'id="plan-body"' in body
        assert "<html" not in body
    else:
        assert SWAP_REFUSAL_HEADER not in response


def test_a_stale_htmx_save_is_a_409_fragment_marked_for_swapping(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given the manager changed the plan after the consultant opened it at revision 4
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    set_milestone_progress(
        actor=personas.a.manager, milestone=milestone, expected_revision=4, status="in_progress"
    )
    # when the consultant saves from revision 4 through htmx
    response = _logged_in(personas.a.consultant).post(
        f"/vaekstplaner/{plan_a.public_id}/milepaele/{milestone.public_id}/",
        {"milestone-revision": "4", "milestone-title": "Overskrevet", "milestone-status": "done"},
        headers={"HX-Request": "true"},
    )
    # then
    assert response.status_code == 409
    assert response[SWAP_REFUSAL_HEADER] == "true"
    assert "siden du åbnede den" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Sælger ansat"


def test_a_successful_htmx_change_is_a_plain_200(personas: Personas, plan_a: GrowthPlan) -> None:
    response = _logged_in(personas.a.consultant).post(
        f"/vaekstplaner/{plan_a.public_id}/kommentarer/",
        {"body": "Godt møde."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert SWAP_REFUSAL_HEADER not in response
    assert [comment.body for comment in plan_a.comments.all()] == ["Godt møde."]
