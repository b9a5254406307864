"""The model advises; it never decides a level alone: rules under which the predicted chance
by itself places a firm on a level are refused, in national drafts and in nuances."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import Criterion, RuleSet
from vaekst.segmentation.rules import EffectiveCriterion, EffectiveLevel, decided_by_the_model_alone
from vaekst.segmentation.services import create_draft, publish, remove_criterion, set_criterion

PREDICTION = "predicted_high_growth"
REFUSED = "Modellens forudsagte chance kan ikke alene afgøre niveauet"


def level(*criteria: tuple[int, str]) -> EffectiveLevel:
    return EffectiveLevel(
        key="top",
        rank=1,
        internal_name="Top",
        external_name="Top",
        criteria=tuple(
            EffectiveCriterion(
                id=index,
                level_key="top",
                group=group,
                indicator=indicator,
                operator="gte",
                value=1,
                scope="national",
            )
            for index, (group, indicator) in enumerate(criteria)
        ),
    )


@pytest.mark.parametrize(
    ("criteria", "alone"),
    [
        ([(0, PREDICTION)], True),  # the chance is the only criterion
        ([(0, PREDICTION), (0, PREDICTION)], True),  # two thresholds on the chance
        ([(1, "employee_growth_3y"), (1, PREDICTION)], True),  # growth OR the chance
        ([(1, PREDICTION), (2, "ambition"), (2, PREDICTION)], True),  # the chance in each group
        ([(0, PREDICTION), (0, "employees")], False),  # and 10 employees
        ([(0, "employees"), (1, "employee_growth_3y"), (1, PREDICTION)], False),
        ([(1, "employee_growth_3y"), (1, PREDICTION), (2, "ambition")], False),
        ([(0, "employees")], False),
        ([], False),  # the floor level has no criteria at all
        # the chance in group 2: every group counts, not only the first
        ([(2, PREDICTION)], True),  # the chance alone, in a group numbered 2
        ([(1, "employee_growth_3y"), (2, PREDICTION)], False),  # group 1 needs growth
        ([(1, PREDICTION), (2, "ambition")], False),  # group 2 needs ambition
        ([(1, "ambition"), (1, "capacity"), (2, PREDICTION), (2, "employees")], False),
        ([(2, "ambition"), (2, PREDICTION), (3, PREDICTION)], True),
        ([(1, PREDICTION), (2, PREDICTION), (3, "ambition")], False),
        # a plain criterion beside the chance in a group is another criterion that must pass
        ([(0, "employees"), (1, PREDICTION)], False),
        ([(0, "employees"), (2, PREDICTION)], False),
        ([(2, PREDICTION), (0, "employees")], False),
    ],
)
def test_when_the_chance_alone_reaches_a_level(criteria, alone) -> None:
    assert decided_by_the_model_alone(level(*criteria)) is alone


def established(rule_set: RuleSet) -> list[tuple[int, str]]:
    return sorted(
        rule_set.criteria.filter(level_key="established").values_list("group", "indicator")
    )


def test_national_draft_refuses_a_level_on_the_chance_alone(personas) -> None:
    # given a national draft whose "established" level asks only for 1 employee
    admin = personas.national_admin
    draft = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    employees = draft.criteria.get(level_key="established", indicator="employees")
    # when its only criterion becomes the predicted chance, then it is refused
    remove_criterion(actor=admin, criterion=employees)  # no criteria: everyone, not the model
    with pytest.raises(ValidationError, match=f"{REFUSED} 3. Etableret drift"):
        set_criterion(
            actor=admin,
            rule_set=draft,
            level_key="established",
            indicator=PREDICTION,
            operator="gte",
            value=0.5,
        )
    assert established(draft) == []
    # and beside another criterion that must also pass, the chance is accepted
    set_criterion(
        actor=admin,
        rule_set=draft,
        level_key="established",
        indicator="fte",
        operator="gte",
        value=1,
    )
    set_criterion(
        actor=admin,
        rule_set=draft,
        level_key="established",
        indicator=PREDICTION,
        operator="gte",
        value=0.5,
    )
    assert established(draft) == [(0, "fte"), (0, PREDICTION)]


def test_removing_the_last_other_criterion_is_refused_and_changes_nothing(personas) -> None:
    # given a national draft whose "established" level asks for 1 employee and a 50 % chance
    admin = personas.national_admin
    draft = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    set_criterion(
        actor=admin,
        rule_set=draft,
        level_key="established",
        indicator=PREDICTION,
        operator="gte",
        value=0.5,
    )
    employees = draft.criteria.get(level_key="established", indicator="employees")
    # when the employees criterion is removed, then it is refused and both remain
    with pytest.raises(ValidationError, match=REFUSED):
        remove_criterion(actor=admin, criterion=employees)
    assert established(draft) == [(0, "employees"), (0, PREDICTION)]


@pytest.fixture
def growth_only_potential(personas) -> RuleSet:
    """A published national version whose "potential" level asks for 5 employees and growth
    in employees or gross profit (the default without the chance and the ambition)."""
    admin = personas.national_admin
    draft = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    for criterion in draft.criteria.filter(
        level_key="potential", indicator__in=[PREDICTION, "ambition"]
    ):
        remove_criterion(actor=admin, criterion=criterion)
    return publish(actor=admin, rule_set=draft, effective_from=datetime.date(2020, 1, 1))


def test_a_nuance_cannot_make_the_chance_enough_on_its_own(personas, growth_only_potential):
    # given region 1084's draft, and a national version 3 draft without the employees minimum
    manager = personas.a.manager
    admin = personas.national_admin
    nuance = create_draft(actor=manager, scope=RuleSetScope.REGION, region=1084)
    # when the region adds the chance as one more way to pass the growth group, that is
    # accepted while the national 5 employees must also pass
    set_criterion(
        actor=manager,
        rule_set=nuance,
        level_key="potential",
        indicator=PREDICTION,
        operator="gte",
        value=0.2,
        group=1,
    )
    publish(actor=manager, rule_set=nuance, effective_from=datetime.date(2020, 1, 1))
    # then a national draft that drops the 5 employees is refused: in region 1084 the chance
    # alone would reach the level
    national = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    minimum = national.criteria.get(level_key="potential", indicator="employees")
    with pytest.raises(ValidationError, match=f"{REFUSED} 2. Vækstpotentiale"):
        remove_criterion(actor=admin, criterion=minimum)
    assert national.criteria.filter(level_key="potential", indicator="employees").exists()


def test_a_nuance_may_ask_for_the_chance_as_well(personas, growth_only_potential) -> None:
    # given a national "potential" of 5 employees and growth; when København's nuance asks
    # for the chance in a group of its own (a firm must grow *and* have the chance), then it
    # is accepted
    consultant = personas.a.municipal_consultant
    nuance = create_draft(actor=consultant, scope=RuleSetScope.MUNICIPALITY, municipality=101)
    set_criterion(
        actor=consultant,
        rule_set=nuance,
        level_key="potential",
        indicator=PREDICTION,
        operator="gte",
        value=0.2,
        group=2,
    )
    assert nuance.criteria.filter(indicator=PREDICTION, group=2).count() == 1


def test_publishing_rules_decided_by_the_model_alone_is_refused(personas) -> None:
    # given a national draft edited around the services (a stored row that slipped through)
    admin = personas.national_admin
    draft = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    draft.criteria.filter(level_key="established").delete()
    Criterion.objects.create(
        rule_set=draft, level_key="established", indicator=PREDICTION, operator="gte", value=0.5
    )
    # when it is published, then it is refused and stays a draft
    with pytest.raises(ValidationError, match=REFUSED):
        publish(actor=admin, rule_set=draft)
    draft.refresh_from_db()
    assert draft.status == RuleSetStatus.DRAFT


def test_the_editor_page_shows_the_refusal_and_changes_nothing(client, personas) -> None:
    from django.urls import reverse

    # given a national draft whose "established" level asks for 1 employee and a 50 % chance
    admin = personas.national_admin
    draft = create_draft(actor=admin, scope=RuleSetScope.NATIONAL)
    set_criterion(
        actor=admin,
        rule_set=draft,
        level_key="established",
        indicator=PREDICTION,
        operator="gte",
        value=0.5,
    )
    employees = draft.criteria.get(level_key="established", indicator="employees")
    client.force_login(admin)
    # when the administrator removes the employees criterion on the page
    response = client.post(
        reverse("segmentation:criterion_remove", args=[draft.public_id, employees.pk]),
        headers={"HX-Request": "true"},
    )
    # then the editor says why in an alert, and both criteria remain
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert f"{REFUSED} 3. Etableret drift" in response.text
    assert established(draft) == [(0, "employees"), (0, PREDICTION)]
