"""A programme as an action in the growth plan: the action whose offer is a programme shows
the firm's enrolment, or a "Tilmeld hold" form with the open runs of the firm's region;
enrolling from it (channel "plan", linked to the action), its refusals with their reasons,
a caseworker's override, scope and the plan page's queries."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.growthplans.choices import ActionOwnerKind, PlanStatus
from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.growthplans.services import add_action, create_plan
from vaekst.growthplans.services.sharing import share_with_partner
from vaekst.offers.models import EligibilityOverride, OfferUsage
from vaekst.offers.tests.conftest import make_offer, place
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus
from vaekst.programmes.models import Enrolment, ProgrammeRun
from vaekst.programmes.plan_actions import programme_on_action
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training, firm, make_programme, make_run

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _action(personas: Personas, plan: GrowthPlan, title: str, offer: Any) -> PlanAction:
    plan.refresh_from_db()
    return add_action(
        actor=personas.a.consultant,
        plan=plan,
        expected_revision=plan.revision,
        title=title,
        owner_kind=ActionOwnerKind.HOUSE,
        offer=offer,
    )


@pytest.fixture
def plan(personas: Personas, training: Training) -> GrowthPlan:
    return create_plan(actor=personas.a.consultant, company=personas.a.company, title="Vækstplan")


@pytest.fixture
def action(personas: Personas, plan: GrowthPlan, training: Training) -> PlanAction:
    return _action(personas, plan, "Deltag i vækstcamp", training.programme.offer)


def _plan_url(plan: GrowthPlan) -> str:
    return reverse("growthplans:plan_detail", args=[plan.public_id])


def _enrol_url(action: PlanAction) -> str:
    return reverse("programmes:plan_enrol", args=[action.public_id])


def _post(user: Any, action: PlanAction, run: ProgrammeRun, reason: str = "", **headers: Any):
    prefix = f"enrol-{action.public_id}"
    data = {f"{prefix}-run": str(run.public_id)}
    if reason:
        data[f"{prefix}-override_reason"] = reason
    return _logged_in(user).post(_enrol_url(action), data, **headers)


def _state() -> tuple[int, int, int, int]:
    return (
        Enrolment.objects.count(),
        OfferUsage.objects.count(),
        EligibilityOverride.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_action_offers_the_open_runs_of_the_firms_region(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given: besides house A's open run, a planned one, one in region B, and a full one
    make_run(
        training.programme,
        personas.a.house,
        personas.a.consultant,
        title="Forår (planlagt)",
        status=RunStatus.PLANNED,
    )
    make_run(training.programme, personas.b.house, personas.b.consultant, title="Aarhus-holdet")
    full = make_run(
        training.programme,
        personas.a.municipality_org,
        personas.a.consultant,
        title="Kommunens hold",
        capacity=1,
    )
    enrol(actor=personas.a.consultant, run=full, company=firm())
    # when
    response = _logged_in(personas.a.consultant).get(_plan_url(plan))
    # then
    assert response.status_code == 200
    text = response.text
    assert "Tilmeld hold" in text and f'action="{_enrol_url(action)}"' in text
    assert f'value="{training.run.public_id}"' in text
    assert "3 af 3 pladser ledige" in text
    assert f'value="{full.public_id}"' in text and "fuldt, venteliste" in text
    assert "Forår (planlagt)" not in text and "Aarhus-holdet" not in text
    # the firm may use the offer, so no override is asked for
    assert "✓ Virksomheden kan bruge tilbuddet" in text
    assert f"enrol-{action.public_id}-override_reason" not in text


def test_consultant_enrols_the_firm_from_the_plan_action(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # when
    response = _post(personas.a.consultant, action, training.run)
    # then
    assert response.status_code == 302 and response["Location"] == _plan_url(plan)
    enrolment = Enrolment.objects.get()
    assert (enrolment.company, enrolment.run, enrolment.status) == (
        personas.a.company,
        training.run,
        EnrolmentStatus.ENROLLED,
    )
    assert (enrolment.channel, enrolment.plan_action) == (EnrolmentChannel.PLAN, action)
    page = _logged_in(personas.a.consultant).get(_plan_url(plan)).text
    run_url = f"/forloeb/{training.run.public_id}/"
    assert f'Hold: <a href="{run_url}">{training.run.title}</a> · Tilmeldt' in page
    assert f'action="{_enrol_url(action)}"' not in page
    # the enrolment settles the offer: no eligibility answer saying the allowance is used
    assert "Virksomheden har brugt hele sin tildeling" not in page
    assert "Virksomheden kan bruge tilbuddet" not in page


def test_firm_user_enrols_from_its_plan_with_htmx_and_hears_it(
    personas: Personas, training: Training, action: PlanAction
) -> None:
    # when
    response = _post(personas.a.company_user, action, training.run, HTTP_HX_REQUEST="true")
    # then
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="plan-body"' in response.text
    trigger = json.loads(response["HX-Trigger-After-Settle"])["vaekst:announce"]
    assert trigger == {
        "message": f"{personas.a.company.name} er tilmeldt {training.run.title}.",
        "focus": f"action-{action.public_id}",
    }
    enrolment = Enrolment.objects.get()
    assert (enrolment.enrolled_by, enrolment.channel) == (personas.a.company_user, "plan")


def test_a_full_run_puts_the_firm_on_the_waitlist_from_the_plan(
    personas: Personas, training: Training, action: PlanAction
) -> None:
    # given
    for _ in range(3):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    # when
    response = _post(personas.a.consultant, action, training.run, HTTP_HX_REQUEST="true")
    # then
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(company=personas.a.company)
    assert enrolment.status == EnrolmentStatus.WAITLISTED
    assert "står på ventelisten" in response.text
    run_link = f'<a href="/forloeb/{training.run.public_id}/">{training.run.title}</a>'
    assert f"Hold: {run_link} · På venteliste" in response.text


def test_an_eligibility_refusal_is_shown_with_its_reason_and_changes_nothing(
    personas: Personas, training: Training, action: PlanAction
) -> None:
    # given: the firm has since dropped to a level the programme is not open to
    place(personas.a.company, "base")
    before = _state()
    # when
    response = _post(personas.a.consultant, action, training.run)
    # then
    assert response.status_code == 400
    assert "niveau giver ikke adgang" in response.text
    assert _state() == before


def test_a_caseworker_enrols_a_refused_firm_with_an_override_reason(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given: the firm is refused, and the form asks the caseworker for a reason
    place(personas.a.company, "base")
    page = _logged_in(personas.a.consultant).get(_plan_url(plan)).text
    assert f'name="enrol-{action.public_id}-override_reason"' in page
    # when
    response = _post(personas.a.consultant, action, training.run, reason="Skal skalere eksport")
    # then
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    override = EligibilityOverride.objects.get()
    assert (override.company, override.reason) == (personas.a.company, "Skal skalere eksport")


def test_the_firms_own_user_cannot_override_a_refusal(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given
    place(personas.a.company, "base")
    page = _logged_in(personas.a.company_user).get(_plan_url(plan)).text
    before = _state()
    # when
    response = _post(personas.a.company_user, action, training.run, reason="Vi vil gerne")
    # then
    assert "override_reason" not in page and "Tilmeld hold" in page
    assert response.status_code == 400
    assert "niveau giver ikke adgang" in response.text
    assert _state() == before


@pytest.mark.parametrize(
    "who", ["b.consultant", "b.municipal_consultant", "b.company_user", "partner_advisor"]
)
def test_another_house_or_firm_cannot_enrol_from_the_plan(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan, who: str
) -> None:
    # given
    user: Any = personas
    for part in who.split("."):
        user = getattr(user, part)
    before = _state()
    # when
    response = _post(user, action, training.run)
    # then
    assert response.status_code == 404
    assert _logged_in(user).get(_plan_url(plan)).status_code == 404
    assert _state() == before


def test_a_partner_the_plan_is_shared_with_sees_the_action_but_may_not_enrol(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given the firm shares its plan's actions with the bank
    share_with_partner(
        actor=personas.a.company_user, plan=plan, organisation=personas.partner, actions=True
    )
    advisor = personas.partner_advisor
    page = _logged_in(advisor).get(_plan_url(plan))
    before = _state()
    # when
    response = _post(advisor, action, training.run)
    # then: the action shows without the form, and the post is refused
    assert page.status_code == 200 and "Deltag i vækstcamp" in page.text
    assert "Tilmeld hold" not in page.text
    assert response.status_code == 403
    assert _state() == before


def test_a_run_of_another_region_cannot_be_posted(
    personas: Personas, training: Training, action: PlanAction
) -> None:
    # given
    other = make_run(training.programme, personas.b.house, personas.b.consultant)
    before = _state()
    # when
    response = _post(personas.a.consultant, action, other)
    # then
    assert response.status_code == 400
    assert _state() == before


def test_an_archived_plan_offers_no_enrolment(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given
    GrowthPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    before = _state()
    # when
    page = _logged_in(personas.a.consultant).get(_plan_url(plan)).text
    response = _post(personas.a.consultant, action, training.run)
    # then
    assert "Tilmeld hold" not in page
    assert response.status_code == 400 and "Planen er ikke aktiv." in response.text
    assert _state() == before


def test_an_action_with_an_offer_that_is_no_programme_shows_nothing_of_runs(
    personas: Personas, plan: GrowthPlan, training: Training
) -> None:
    place(personas.a.company, "high")
    _action(personas, plan, "Mentor", make_offer(personas.a.house, "Mentorordning"))
    page = _logged_in(personas.a.consultant).get(_plan_url(plan)).text
    assert "Tilmeld hold" not in page and "plan-action-programme" not in page


def test_a_plan_without_offers_asks_nothing_of_programmes(
    personas: Personas, plan: GrowthPlan
) -> None:
    # given: a plan whose actions name no offer
    _action(personas, plan, "Skriv jobopslag", None)
    actions = list(PlanAction.objects.filter(plan=plan))
    request = RequestFactory().get("/")
    request.user = personas.a.consultant
    # when
    with CaptureQueriesContext(connection) as context:
        extras = programme_on_action(request, plan, actions)
    # then
    assert extras == {} and len(context) == 0


def _page_queries(client: Client, plan: GrowthPlan) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(_plan_url(plan))
    assert response.status_code == 200
    return len(context)


def test_plan_page_queries_do_not_grow_with_programme_actions_and_runs(
    personas: Personas, training: Training, action: PlanAction, plan: GrowthPlan
) -> None:
    # given: the count with one programme action and one run
    client = _logged_in(personas.a.consultant)
    client.get(_plan_url(plan))  # warm the caches
    one = _page_queries(client, plan)
    # when: nineteen more such actions, five more runs, and an enrolment on one
    for number in range(19):
        _action(personas, plan, f"Camp {number}", training.programme.offer)
    for number in range(5):
        make_run(training.programme, personas.a.house, personas.a.consultant, title=f"H{number}")
    enrolled_run = make_run(training.programme, personas.a.house, personas.a.consultant)
    enrol(actor=personas.a.consultant, run=enrolled_run, company=personas.a.company)
    # then
    assert _page_queries(client, plan) == one
    page = client.get(_plan_url(plan)).text
    run_link = f'<a href="/forloeb/{enrolled_run.public_id}/">{enrolled_run.title}</a>'
    assert page.count(f"Hold: {run_link} · Tilmeldt") == 20


def test_each_action_shows_the_enrolment_made_from_it(
    personas: Personas, training: Training, plan: GrowthPlan
) -> None:
    # given a programme the firm may take five places of, two of its runs, and two actions
    # naming it, each enrolled from on its own run (the later one newest)
    camp = make_programme(training.programme.offer.owner, "Eksportcamp", places=5)
    spring = make_run(camp, personas.a.house, personas.a.consultant, title="Forår")
    autumn = make_run(camp, personas.a.house, personas.a.consultant, title="Efterår")
    first = _action(personas, plan, "Første camp", camp.offer)
    second = _action(personas, plan, "Anden camp", camp.offer)
    for action, run in ((first, spring), (second, autumn)):
        enrol(
            actor=personas.a.consultant,
            run=run,
            company=personas.a.company,
            channel=EnrolmentChannel.PLAN,
            plan_action=action,
        )
    # when
    response = _logged_in(personas.a.consultant).get(_plan_url(plan))
    # then
    rows = {
        row["name"]: row["extras"][0].context["enrolment"] for row in response.context["actions"]
    }
    assert (rows["Første camp"]["run"], rows["Anden camp"]["run"]) == ("Forår", "Efterår")
