"""A programme on an action of the firm's plan in the portal: the firm sees the open runs of
its region and enrols from the plan ("Tilmeld hold"), and is led back to its plan with what
happened; a refusal says why and changes nothing; another firm's user is refused."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind
from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.growthplans.services import add_action, create_plan
from vaekst.offers.tests.conftest import place
from vaekst.portal.tests.conftest import logged_in
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.models import Enrolment
from vaekst.programmes.tests.conftest import Training, make_run, training  # noqa: F401

pytestmark = pytest.mark.django_db

PORTAL_PLAN = "/portal/plan/"


@pytest.fixture
def plan(personas: Personas, training: Training) -> GrowthPlan:  # noqa: F811
    return create_plan(actor=personas.a.consultant, company=personas.a.company, title="Vækstplan")


def _action(personas: Personas, plan: GrowthPlan, title: str, offer: Any) -> PlanAction:
    plan.refresh_from_db()
    return add_action(
        actor=personas.a.consultant,
        plan=plan,
        expected_revision=plan.revision,
        title=title,
        owner_kind=ActionOwnerKind.FIRM,
        offer=offer,
    )


@pytest.fixture
def action(personas: Personas, plan: GrowthPlan, training: Training) -> PlanAction:  # noqa: F811
    return _action(personas, plan, "Deltag i vækstcamp", training.programme.offer)


def _post(
    user: Any, action: PlanAction, run: Any, *, next_url: str = PORTAL_PLAN, client: Any = None
) -> Any:
    prefix = f"enrol-{action.public_id}"
    return (client or logged_in(user)).post(
        reverse("programmes:plan_enrol", args=[action.public_id]),
        {f"{prefix}-run": str(run.public_id), "next": next_url},
    )


def test_the_firm_sees_the_open_runs_on_its_plans_action(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
) -> None:
    response = logged_in(personas.a.company_user).get(PORTAL_PLAN)
    assert response.status_code == 200
    text = response.text
    assert "Tilmeld hold" in text and f'value="{training.run.public_id}"' in text
    assert f'<input type="hidden" name="next" value="{PORTAL_PLAN}">' in text
    assert 'hx-target="#plan-body"' not in text
    assert "override_reason" not in text


def test_the_firm_enrols_from_its_plan_and_is_led_back_with_a_message(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
) -> None:
    client = logged_in(personas.a.company_user)
    # when
    response = _post(personas.a.company_user, action, training.run, client=client)
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{PORTAL_PLAN}#action-{action.public_id}"
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.channel, enrolment.plan_action) == (
        EnrolmentStatus.ENROLLED,
        EnrolmentChannel.PLAN,
        action,
    )
    page = client.get(PORTAL_PLAN).text
    assert f"{personas.a.company.name} er tilmeldt {training.run.title}." in page
    assert f"Hold: {training.run.title} · Tilmeldt" in page


def test_a_refusal_in_the_portal_says_why_and_changes_nothing(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
) -> None:
    # given the firm is no longer on a level the programme is open to
    place(personas.a.company, "base")
    client = logged_in(personas.a.company_user)
    # when
    response = client.post(
        reverse("programmes:plan_enrol", args=[action.public_id]),
        {f"enrol-{action.public_id}-run": str(training.run.public_id), "next": PORTAL_PLAN},
    )
    # then
    assert response.status_code == 302 and response["Location"] == PORTAL_PLAN
    assert "niveau giver ikke adgang" in client.get(PORTAL_PLAN).text
    assert not Enrolment.objects.exists()


def test_a_next_elsewhere_is_not_followed(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
    plan: GrowthPlan,
) -> None:
    response = _post(personas.a.company_user, action, training.run, next_url="https://example.org/")
    assert response.status_code == 302
    assert response["Location"] == reverse("growthplans:plan_detail", args=[plan.public_id])


def test_another_firms_user_is_refused_from_the_portal_too(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
) -> None:
    response = _post(personas.b.company_user, action, training.run)
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def _queries(user: Any) -> int:
    client = logged_in(user)
    client.get(PORTAL_PLAN)  # warm the caches
    with CaptureQueriesContext(connection) as context:
        assert client.get(PORTAL_PLAN).status_code == 200
    return len(context)


def test_portal_plan_queries_do_not_grow_with_programme_actions(
    personas: Personas,
    training: Training,  # noqa: F811
    action: PlanAction,
    plan: GrowthPlan,
) -> None:
    # given the count with one programme action
    one = _queries(personas.a.company_user)
    # when ten more, and three more runs
    for number in range(10):
        _action(personas, plan, f"Camp {number}", training.programme.offer)
    for number in range(3):
        make_run(training.programme, personas.a.house, personas.a.consultant, title=f"H{number}")
    # then
    assert _queries(personas.a.company_user) == one
