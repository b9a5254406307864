"""The plan page: reading, inline edits with the revision, stale saves, versions, scope."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind, ActionStatus, MilestoneStatus
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanMilestone, PlanVersion
from vaekst.growthplans.services import add_milestone, set_milestone_progress

pytestmark = pytest.mark.django_db


def _url(plan: GrowthPlan, suffix: str = "") -> str:
    return f"/vaekstplaner/{plan.public_id}/{suffix}"


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_consultant_sees_goals_milestones_actions_and_versions(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # when
    response = _logged_in(personas.a.consultant).get(_url(plan_a))
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sælger ansat" in body
    assert "Styrk: Salg og salgsproces" in body or "Styrk:" in body
    assert "Skriv jobopslag" in body
    assert "Introducér til bank" in body
    assert 'name="revision" value="4"' in body
    assert "Vækstplan oprettet fra kortlægning" in body
    assert response.context["counts"].milestones_total == 3
    assert response.context["counts"].actions_total == 2


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_open_the_plan(personas: Personas, plan_a: GrowthPlan, who: str) -> None:
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    assert _logged_in(user).get(_url(plan_a)).status_code == 404
    assert _logged_in(user).get(_url(plan_a, "versioner/")).status_code == 404


def test_adding_a_milestone_moves_the_revision_and_keeps_a_version(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # when
    response = _logged_in(personas.a.consultant).post(
        _url(plan_a, "milepaele/"),
        {
            "milestone-revision": "4",
            "milestone-title": "Eksportaftale",
            "milestone-criterion": "Første ordre",
            "milestone-due_on": "2025-01-31",
            "milestone-status": "planned",
        },
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 200
    assert "Milepælen er tilføjet." in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.revision == 5
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Eksportaftale")
    assert milestone.due_on == datetime.date(2025, 1, 31)
    assert PlanVersion.objects.get(plan=plan_a, number=5).shown_summary == (
        "Milepæl tilføjet: Eksportaftale"
    )
    assert 'name="revision" value="5"' in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "fields", "model"),
    [
        ("milepaele", {"milestone-title": "Eksportaftale"}, PlanMilestone),
        ("aktiviteter", {"action-title": "Eksportaftale", "action-owner_kind": "firm"}, PlanAction),
    ],
)
def test_the_add_forms_ask_for_no_status_and_add_without_one(
    personas: Personas, plan_a: GrowthPlan, kind: str, fields: dict[str, str], model: Any
) -> None:
    """The add form on the page has no status field; a post of what it shows is enough."""
    client = _logged_in(personas.a.consultant)
    # given the add form as the page fetches it
    form = client.get(_url(plan_a, f"{kind}/?revision=4"), HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert "-status" not in form.content.decode()
    # when it is posted as shown
    prefix = "milestone" if kind == "milepaele" else "action"
    response = client.post(
        _url(plan_a, f"{kind}/"), {f"{prefix}-revision": "4", **fields}, HTTP_HX_REQUEST="true"
    )
    # then the item is added, planned or open
    assert response.status_code == 200
    assert "er tilføjet." in response.content.decode()
    item = model.objects.get(plan=plan_a, title="Eksportaftale")
    assert item.status in {MilestoneStatus.PLANNED, ActionStatus.OPEN}


def test_a_stale_save_is_refused_with_a_clear_message_and_changes_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given: the manager changes the plan after the consultant opened it at revision 4
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    set_milestone_progress(
        actor=personas.a.manager,
        milestone=milestone,
        expected_revision=4,
        status=MilestoneStatus.IN_PROGRESS,
    )
    # when: the consultant saves from revision 4
    response = _logged_in(personas.a.consultant).post(
        _url(plan_a, f"milepaele/{milestone.public_id}/"),
        {
            "milestone-revision": "4",
            "milestone-title": "Overskrevet",
            "milestone-status": "done",
        },
    )
    # then
    assert response.status_code == 409
    body = response.content.decode()
    assert "Planen er ændret af manager_a kl." in body
    assert "siden du åbnede den" in body
    milestone.refresh_from_db()
    assert (milestone.title, milestone.status) == ("Sælger ansat", MilestoneStatus.IN_PROGRESS)
    plan_a.refresh_from_db()
    assert plan_a.revision == 5
    assert PlanVersion.objects.filter(plan=plan_a).count() == 5


def test_editing_an_action_through_the_inline_form(personas: Personas, plan_a: GrowthPlan) -> None:
    action = PlanAction.objects.get(plan=plan_a, title="Skriv jobopslag")
    client = _logged_in(personas.a.consultant)
    # given: the inline form carries the revision the page was opened at
    form = client.get(_url(plan_a, f"aktiviteter/{action.public_id}/") + "?revision=4")
    assert form.status_code == 200
    assert 'name="action-revision" value="4"' in form.content.decode()
    # when
    response = client.post(
        _url(plan_a, f"aktiviteter/{action.public_id}/"),
        {
            "action-revision": "4",
            "action-title": "Skriv og slå jobopslag op",
            "action-owner_kind": ActionOwnerKind.FIRM,
            "action-status": "done",
        },
    )
    # then
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Skriv og slå jobopslag op", "done")
    assert action.completed_on is not None


def test_removing_a_goal(personas: Personas, plan_a: GrowthPlan) -> None:
    goal = plan_a.goals.order_by("order").first()
    assert goal is not None
    response = _logged_in(personas.a.consultant).post(
        _url(plan_a, f"maal/{goal.public_id}/fjern/"), {"revision": "4"}
    )
    assert response.status_code == 302
    assert not plan_a.goals.filter(pk=goal.pk).exists()


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_change_the_plan(personas: Personas, plan_a: GrowthPlan, who: str) -> None:
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    client = _logged_in(user)
    responses = [
        client.post(
            _url(plan_a, "milepaele/"), {"milestone-revision": "4", "milestone-title": "X"}
        ),
        client.post(
            _url(plan_a, f"milepaele/{milestone.public_id}/"),
            {"milestone-revision": "4", "milestone-title": "X", "milestone-status": "done"},
        ),
        client.post(_url(plan_a, f"milepaele/{milestone.public_id}/fjern/"), {"revision": "4"}),
        client.post(_url(plan_a, "kommentarer/"), {"body": "Hej"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert PlanMilestone.objects.filter(plan=plan_a).count() == 3
    assert plan_a.comments.count() == 0


def test_the_firms_own_user_may_read_but_not_edit(personas: Personas, plan_a: GrowthPlan) -> None:
    client = _logged_in(personas.a.company_user)
    page = client.get(_url(plan_a))
    assert page.status_code == 200
    assert "goal_form" not in page.context or page.context.get("goal_form") is None
    response = client.post(
        _url(plan_a, "milepaele/"), {"milestone-revision": "4", "milestone-title": "X"}
    )
    assert response.status_code == 403
    plan_a.refresh_from_db()
    assert plan_a.revision == 4


def test_comment(personas: Personas, plan_a: GrowthPlan) -> None:
    response = _logged_in(personas.a.consultant).post(
        _url(plan_a, "kommentarer/"), {"body": "Godt møde i dag."}
    )
    assert response.status_code == 302
    assert [c.body for c in plan_a.comments.all()] == ["Godt møde i dag."]


def test_readable_diff_between_two_versions(personas: Personas, plan_a: GrowthPlan) -> None:
    response = _logged_in(personas.a.consultant).get(_url(plan_a, "versioner/?fra=1&til=3"))
    assert response.status_code == 200
    lines = response.context["diff"].lines()
    assert lines == ["Milepæl tilføjet: Sælger ansat", "Aktivitet tilføjet: Skriv jobopslag"]
    assert "Aktivitet tilføjet: Skriv jobopslag" in response.content.decode()


def test_plan_page_queries_do_not_grow_with_milestones_and_actions(
    personas: Personas, plan_a: GrowthPlan, django_assert_max_num_queries: Any
) -> None:
    # given: 100 milestones and 100 actions
    PlanMilestone.objects.bulk_create(
        PlanMilestone(plan=plan_a, title=f"M{i}", due_on=datetime.date(2024, 1, 1))
        for i in range(100)
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            plan=plan_a,
            title=f"A{i}",
            owner_kind=ActionOwnerKind.OTHER_PARTNER,
            owner_organisation=personas.partner,
            due_on=datetime.date(2024, 1, 1),
        )
        for i in range(100)
    )
    client = _logged_in(personas.a.consultant)
    # when / then
    with django_assert_max_num_queries(30):
        response = client.get(_url(plan_a))
    assert response.status_code == 200
    assert response.context["counts"].milestones_total == 103
    assert response.context["counts"].actions_total == 102


def test_new_plan_from_a_completed_mapping(personas: Personas, mapping_a: Any) -> None:
    response = _logged_in(personas.a.consultant).post(
        f"/vaekstkortlaegninger/{mapping_a.public_id}/vaekstplan/"
    )
    plan = GrowthPlan.objects.get(source_mapping=mapping_a)
    assert response.status_code == 302
    assert response["Location"] == f"/vaekstplaner/{plan.public_id}/"
    assert plan.goals.count() == 2


def test_other_house_cannot_make_a_plan_from_the_mapping(
    personas: Personas, mapping_a: Any
) -> None:
    response = _logged_in(personas.b.consultant).post(
        f"/vaekstkortlaegninger/{mapping_a.public_id}/vaekstplan/"
    )
    assert response.status_code == 404
    assert not GrowthPlan.objects.filter(source_mapping=mapping_a).exists()


def test_plan_list_and_followup(personas: Personas, plan_a: GrowthPlan) -> None:
    client = _logged_in(personas.a.consultant)
    plans = client.get("/vaekstplaner/")
    assert [p.pk for p in plans.context["plans"]] == [plan_a.pk]
    followup = client.get("/vaekstplaner/opfoelgning/")
    titles = [entry.item.title for entry in followup.context["items"]]
    # the fixture's dates lie in 2024: every open item is overdue
    assert titles[:3] == ["Skriv jobopslag", "Introducér til bank", "Styrk: Salg"]
    assert titles[-1] == "Sælger ansat"
    assert len(titles) == 5
    assert "Skriv jobopslag" in followup.content.decode()


def test_followup_is_for_staff_only(personas: Personas, plan_a: GrowthPlan) -> None:
    assert _logged_in(personas.a.company_user).get("/vaekstplaner/opfoelgning/").status_code == 403
    assert _logged_in(personas.partner_advisor).get("/vaekstplaner/").status_code == 403
    other = _logged_in(personas.b.consultant).get("/vaekstplaner/opfoelgning/?alle=1")
    assert other.context["items"] == []


def test_milestone_added_by_another_keeps_page_rev(personas: Personas, plan_a: GrowthPlan) -> None:
    add_milestone(actor=personas.a.manager, plan=plan_a, expected_revision=4, title="Ny")
    response = _logged_in(personas.a.consultant).post(
        _url(plan_a, "kommentarer/"), {"body": "Kommentarer kræver ingen revision."}
    )
    assert response.status_code == 302


def test_the_plan_and_mapping_pages_in_english(personas: Personas, plan_a: GrowthPlan) -> None:
    client = _logged_in(personas.a.consultant)
    # given the user has picked English
    client.post(reverse("set_language"), {"language": "en", "next": _url(plan_a)})
    # when they open the plan and the mapping it came from
    plan_page = client.get(_url(plan_a)).content.decode()
    assert plan_a.source_mapping is not None
    mapping_page = client.get(
        f"/vaekstkortlaegninger/{plan_a.source_mapping.public_id}/"
    ).content.decode()
    # then the pages are in English
    assert 'lang="en"' in plan_page
    for text in ["Milestones reached", "Actions done", "Add a milestone", "Measurable criterion"]:
        assert text in plan_page
    for text in ["Milepæle nået", "Tilføj en milepæl", "Ingen kommentarer endnu"]:
        assert text not in plan_page
    for text in ["Growth mapping", "Ambition in three years", "Comparison with the previous"]:
        assert text in mapping_page
    assert "Ambition om tre år" not in mapping_page
