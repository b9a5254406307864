import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import Personas
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    BaselineSource,
    GoalMetric,
    MilestoneStatus,
)
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanMilestone, PlanVersion
from vaekst.growthplans.selectors import get_plan, plan_progress, visible_plans
from vaekst.growthplans.services import (
    StaleRevision,
    add_goal,
    comment_on_plan,
    remove_action,
    set_action_status,
    set_milestone_progress,
    update_action,
    update_goal,
    update_milestone,
)
from vaekst.growthplans.versions import diff_versions
from vaekst.offers.tests.conftest import make_offer, place
from vaekst.organisations.choices import OrganisationKind, PartnerKind
from vaekst.organisations.models import Organisation


def test_plan_from_mapping_takes_baselines_from_the_register(plan_a: GrowthPlan) -> None:
    goals = {goal.metric: goal for goal in plan_a.goals.all()}
    assert set(goals) == {GoalMetric.EMPLOYEES, GoalMetric.GROSS_PROFIT}
    employees = goals[GoalMetric.EMPLOYEES]
    assert (employees.baseline_value, employees.baseline_year) == (Decimal(15), 2023)
    assert employees.baseline_source == BaselineSource.REGISTER
    assert employees.target_value == Decimal(25)  # 15 now + 10 new jobs
    assert employees.target_date == datetime.date(2027, 12, 31)
    gross = goals[GoalMetric.GROSS_PROFIT]
    assert (gross.baseline_value, gross.baseline_year) == (Decimal(5_500_000), 2022)


def test_plan_from_mapping_has_a_milestone_per_high_priority(plan_a: GrowthPlan) -> None:
    titles = list(plan_a.milestones.values_list("title", flat=True))
    assert titles[:2] == ["Styrk: Salg", "Styrk: Finansiering og kapital"]


def test_goal_without_register_figures_has_no_baseline(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    goal = add_goal(
        actor=personas.a.consultant,
        plan=plan_a,
        expected_revision=plan_a.revision,
        metric=GoalMetric.EXPORT,
        target_value=Decimal(1_000_000),
    )
    assert (goal.baseline_value, goal.baseline_source) == (None, BaselineSource.NONE)


def test_every_change_writes_a_version(plan_a: GrowthPlan) -> None:
    assert plan_a.revision == 4
    assert list(plan_a.versions.values_list("number", flat=True)) == [4, 3, 2, 1]


def test_second_save_with_old_revision_is_refused_and_changes_nothing(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given two people opened the plan at revision 4
    milestone = plan_a.milestones.get(title="Sælger ansat")
    update_milestone(
        actor=personas.a.consultant,
        milestone=milestone,
        expected_revision=4,
        title="Sælger ansat og i gang",
    )
    # when the second saves from revision 4
    with pytest.raises(StaleRevision) as refused:
        update_milestone(
            actor=personas.a.manager, milestone=milestone, expected_revision=4, title="Overskrevet"
        )
    # then nothing is overwritten and the message names who changed it
    milestone.refresh_from_db()
    plan_a.refresh_from_db()
    assert milestone.title == "Sælger ansat og i gang"
    assert plan_a.revision == 5
    assert PlanVersion.objects.filter(plan=plan_a).count() == 5
    assert refused.value.message.startswith("Planen er ændret af consultant_a kl. ")
    assert refused.value.message.endswith("Genindlæs og prøv igen.")


def test_diff_between_versions_lists_added_removed_and_changed(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    consultant = personas.a.consultant
    milestone = plan_a.milestones.get(title="Sælger ansat")
    update_milestone(
        actor=consultant,
        milestone=milestone,
        expected_revision=4,
        due_on=datetime.date(2024, 10, 1),
    )
    bank = plan_a.actions.get(title="Introducér til bank")
    remove_action(actor=consultant, action=bank, expected_revision=5)
    # when
    result = diff_versions(plan_a.versions.get(number=2), plan_a.versions.get(number=6))
    # then
    assert result.lines() == [
        "Milepæl ændret: Sælger ansat (Dato: 01.09.2024 → 01.10.2024)",
        "Aktivitet tilføjet: Skriv jobopslag",
    ]


def test_diff_names_choices_and_linked_rows_instead_of_codes_and_ids(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given the bank action handed to another partner, tied to a milestone and an offer
    exporters = Organisation.objects.create(
        name="Eksportrådet Øst", kind=OrganisationKind.PARTNER, partner_kind=PartnerKind.OTHER
    )
    offer = make_offer(personas.a.house, "Kapitalparathed")
    place(personas.a.company, "high")
    update_action(
        actor=personas.a.consultant,
        action=plan_a.actions.get(title="Introducér til bank"),
        expected_revision=4,
        owner_kind=ActionOwnerKind.OTHER_PARTNER,
        owner_organisation=exporters,
        status=ActionStatus.IN_PROGRESS,
        offer=offer,
        milestone=plan_a.milestones.get(title="Sælger ansat"),
    )
    update_goal(
        actor=personas.a.consultant,
        goal=plan_a.goals.get(metric=GoalMetric.GROSS_PROFIT),
        expected_revision=5,
        metric=GoalMetric.REVENUE,
        description="",
        target_value=Decimal("30000000"),
    )
    # when
    result = diff_versions(plan_a.versions.get(number=4), plan_a.versions.get(number=6))
    # then the labels are the fields' Danish names, values are choice labels and names
    assert result.lines() == [
        "Mål ændret: Omsætning (Mål for: Bruttofortjeneste → Omsætning, "
        "Beskrivelse: Bruttofortjeneste → –, Målværdi: 9000000 → 30000000)",
        "Aktivitet ændret: Introducér til bank (Ansvarlig: Kapitalkilde → Anden partner, "
        "Ansvarlig organisation: Nordbank Erhverv → Eksportrådet Øst, Status: Åben → I gang, "
        "Tilbud: – → Kapitalparathed, Milepæl: – → Sælger ansat)",
    ]


def test_firm_user_ticks_a_milestone_and_its_own_action(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    firm = personas.a.company_user
    milestone = plan_a.milestones.get(title="Sælger ansat")
    set_milestone_progress(
        actor=firm, milestone=milestone, expected_revision=4, status=MilestoneStatus.DONE
    )
    action = plan_a.actions.get(title="Skriv jobopslag")
    set_action_status(actor=firm, action=action, expected_revision=5, status=ActionStatus.DONE)
    milestone.refresh_from_db()
    action.refresh_from_db()
    assert (milestone.status, milestone.progress) == (MilestoneStatus.DONE, 100)
    assert milestone.completed_on is not None and action.completed_on is not None
    progress = plan_progress(plan_a)
    assert (progress.milestones_done, progress.actions_done) == (1, 1)
    assert plan_a.versions.get(number=6).created_by == firm


def test_firm_user_cannot_change_the_house_actions(personas: Personas, plan_a: GrowthPlan) -> None:
    action = plan_a.actions.get(title="Introducér til bank")
    with pytest.raises(PermissionDenied):
        set_action_status(
            actor=personas.a.company_user,
            action=action,
            expected_revision=4,
            status=ActionStatus.DONE,
        )
    action.refresh_from_db()
    plan_a.refresh_from_db()
    assert (action.status, plan_a.revision) == (ActionStatus.OPEN, 4)


@pytest.mark.parametrize("who", ["other_consultant", "other_firm", "partner", "other_municipal"])
def test_strangers_cannot_change_the_plan(personas: Personas, plan_a: GrowthPlan, who: str) -> None:
    actor = {
        "other_consultant": personas.b.consultant,
        "other_firm": personas.b.company_user,
        "partner": personas.partner_advisor,
        "other_municipal": personas.b.municipal_consultant,
    }[who]
    milestone = plan_a.milestones.get(title="Sælger ansat")
    action = plan_a.actions.get(title="Skriv jobopslag")
    with pytest.raises(PermissionDenied):
        update_milestone(actor=actor, milestone=milestone, expected_revision=4, title="X")
    with pytest.raises(PermissionDenied):
        set_milestone_progress(
            actor=actor, milestone=milestone, expected_revision=4, status=MilestoneStatus.DONE
        )
    with pytest.raises(PermissionDenied):
        set_action_status(actor=actor, action=action, expected_revision=4, status=ActionStatus.DONE)
    with pytest.raises(PermissionDenied):
        comment_on_plan(actor=actor, plan=plan_a, body="Hej")
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert PlanMilestone.objects.get(pk=milestone.pk).title == "Sælger ansat"
    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.OPEN
    assert not plan_a.comments.exists()


def test_municipal_consultant_of_the_firms_municipality_may_work_on_it(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    comment = comment_on_plan(actor=personas.a.municipal_consultant, plan=plan_a, body="Godt")
    assert comment.plan == plan_a and plan_a.revision == 4


def test_overdue_counted_in_progress(plan_a: GrowthPlan) -> None:
    progress = plan_progress(plan_a, today=datetime.date(2024, 8, 1))
    assert progress.milestones_overdue == 0
    assert progress.actions_overdue == 2
    assert progress.percent_done == 0


def test_plan_lookup_is_404_for_strangers_and_found_for_the_firm(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    for stranger in (
        personas.b.consultant,
        personas.b.manager,
        personas.b.municipal_consultant,
        personas.b.company_user,
        personas.partner_advisor,
    ):
        with pytest.raises(Http404):
            get_plan(stranger, plan_a.public_id)
        assert not visible_plans(stranger).exists()
    for insider in (
        personas.a.consultant,
        personas.a.manager,
        personas.a.municipal_consultant,
        personas.a.company_user,
        personas.national_admin,
    ):
        assert get_plan(insider, plan_a.public_id) == plan_a
