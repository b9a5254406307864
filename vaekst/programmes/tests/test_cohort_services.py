"""Building a run's eye-level cohorts from its enrolled firms, and changing them by hand:
locked cohorts kept, every firm in exactly one cohort, the bounds, pair requests, moves
refused with their reason, who may do it."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.models import Cohort, CohortPair, Enrolment, ProgrammeRun
from vaekst.programmes.services.cohort_features import run_features
from vaekst.programmes.services.cohorts import (
    add_pair_request,
    build_run_cohorts,
    clear_cohorts,
    move_to_cohort,
    remove_pair_request,
    set_cohort_locked,
)
from vaekst.programmes.tests.conftest import Training, firm
from vaekst.register.models import YearlyFigures

pytestmark = pytest.mark.django_db


def enrol_firms(run: ProgrammeRun, actor: Any, count: int, **fields: Any) -> list[Enrolment]:
    """`count` new firms enrolled on `run` directly (the enrolment rules have tests of
    their own); firm i has 2 + 3i employees so that the firms differ."""
    enrolments = []
    for number in range(count):
        company = firm(level=None, employees=float(2 + 3 * number), **fields)
        enrolments.append(
            Enrolment.objects.create(
                run=run,
                company=company,
                status=EnrolmentStatus.ENROLLED,
                channel=EnrolmentChannel.CONSULTANT,
                enrolled_by=actor,
            )
        )
    return enrolments


def cohort_sets(run: ProgrammeRun) -> dict[int, set[int]]:
    result: dict[int, set[int]] = {}
    for number, enrolment_id in Enrolment.objects.filter(run=run, cohort__isnull=False).values_list(
        "cohort__number", "pk"
    ):
        result.setdefault(number, set()).add(enrolment_id)
    return result


@pytest.fixture
def run(training: Training, personas: Personas) -> ProgrammeRun:
    """House A's run with 10 enrolled firms and cohorts of 3 to 4."""
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity = 3, 4, 40
    run.save()
    enrol_firms(run, personas.a.consultant, 10)
    return run


def test_build_puts_every_enrolled_firm_in_exactly_one_cohort_within_the_bounds(
    run: ProgrammeRun, personas: Personas
) -> None:
    # when
    outcome = build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    sets = cohort_sets(run)
    assert sorted(len(members) for members in sets.values()) == [3, 3, 4]
    members = [pk for cohort in sets.values() for pk in cohort]
    assert sorted(members) == sorted(run.enrolments.values_list("pk", flat=True))
    assert [cohort.name for cohort in outcome.cohorts] == ["Gruppe 1", "Gruppe 2", "Gruppe 3"]
    assert outcome.result.homogeneity < outcome.result.random_homogeneity
    entry = AuditEntry.objects.get(object_id=str(run.public_id), changes__has_key="cohorts")
    assert entry.changes["cohorts"][0] == {}
    assert sorted(len(v) for v in entry.changes["cohorts"][1].values()) == [3, 3, 4]


def test_waitlisted_and_cancelled_firms_are_left_out(run: ProgrammeRun, personas: Personas) -> None:
    # given
    waiting = enrol_firms(run, personas.a.consultant, 1)[0]
    waiting.status = EnrolmentStatus.WAITLISTED
    waiting.save()
    # when
    build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    waiting.refresh_from_db()
    assert waiting.cohort is None
    assert sum(len(members) for members in cohort_sets(run).values()) == 10


def test_rebuild_keeps_a_locked_cohort_and_its_members_as_they_are(
    run: ProgrammeRun, personas: Personas
) -> None:
    # given
    build_run_cohorts(actor=personas.a.consultant, run=run)
    kept = Cohort.objects.get(run=run, number=2)
    kept_members = cohort_sets(run)[2]
    set_cohort_locked(actor=personas.a.consultant, cohort=kept, locked=True)
    enrol_firms(run, personas.a.consultant, 3)
    # when
    outcome = build_run_cohorts(actor=personas.a.consultant, run=run, seed=5)
    # then
    sets = cohort_sets(run)
    assert sets[2] == kept_members
    assert Cohort.objects.get(pk=kept.pk).is_locked
    assert sorted(sets) == [1, 2, 3, 4]
    assert sorted(len(members) for number, members in sets.items() if number != 2) == [3, 3, 4]
    assert outcome.cohorts[0].pk == kept.pk


def test_run_between_min_and_max_gets_one_cohort(training: Training, personas: Personas) -> None:
    # given
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity = 3, 6, 40
    run.save()
    enrol_firms(run, personas.a.consultant, 5)
    # when
    build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    assert {number: len(members) for number, members in cohort_sets(run).items()} == {1: 5}


def test_run_too_small_for_one_cohort_is_told_so_and_nothing_is_made(
    training: Training, personas: Personas
) -> None:
    # given
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity = 3, 6, 40
    run.save()
    enrol_firms(run, personas.a.consultant, 2)
    # when
    with pytest.raises(ValidationError) as refusal:
        build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    assert refusal.value.messages == [
        "Der er 2 tilmeldte uden for låste grupper; en gruppe skal have mindst 3. "
        "Tilmeld flere, eller sænk holdets mindste gruppestørrelse."
    ]
    assert not Cohort.objects.filter(run=run).exists()


def test_pairs_kept_together_and_apart(run: ProgrammeRun, personas: Personas) -> None:
    # given: the two most different firms together, the two most alike apart
    firms = list(run.enrolments.order_by("id"))
    add_pair_request(
        actor=personas.a.consultant, run=run, first=firms[0], second=firms[9], together=True
    )
    add_pair_request(
        actor=personas.a.consultant, run=run, first=firms[4], second=firms[5], together=False
    )
    # when
    build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    cohort_of = dict(run.enrolments.values_list("pk", "cohort_id"))
    assert cohort_of[firms[0].pk] == cohort_of[firms[9].pk]
    assert cohort_of[firms[4].pk] != cohort_of[firms[5].pk]


def test_a_new_request_for_the_same_two_firms_replaces_the_old_one(
    run: ProgrammeRun, personas: Personas
) -> None:
    firms = list(run.enrolments.order_by("id"))
    add_pair_request(
        actor=personas.a.consultant, run=run, first=firms[0], second=firms[1], together=True
    )
    # when
    add_pair_request(
        actor=personas.a.consultant, run=run, first=firms[1], second=firms[0], together=False
    )
    # then
    assert list(CohortPair.objects.filter(run=run).values_list("together", flat=True)) == [False]


def test_industry_split_keeps_each_cohort_within_one_industry(
    training: Training, personas: Personas
) -> None:
    # given
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity, run.cohort_by = 2, 4, 40, "industry"
    run.save()
    enrol_firms(run, personas.a.consultant, 4, main_industry_code="620100")
    enrol_firms(run, personas.a.consultant, 3, main_industry_code="471100")
    # when
    build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    industries: dict[int, set[str]] = {}
    for cohort_id, code in run.enrolments.values_list("cohort_id", "company__main_industry_code"):
        industries.setdefault(cohort_id, set()).add(code[:2])
    assert sorted(sorted(codes) for codes in industries.values()) == [["47"], ["62"]]


def _built(run: ProgrammeRun, personas: Personas) -> dict[int, list[Enrolment]]:
    build_run_cohorts(actor=personas.a.consultant, run=run)
    by_number: dict[int, list[Enrolment]] = {}
    for enrolment in run.enrolments.select_related("cohort", "company").order_by("id"):
        assert enrolment.cohort is not None
        by_number.setdefault(enrolment.cohort.number, []).append(enrolment)
    return by_number


def test_move_from_a_cohort_of_four_to_one_of_three(run: ProgrammeRun, personas: Personas) -> None:
    # given
    cohorts = _built(run, personas)
    big = next(number for number, members in cohorts.items() if len(members) == 4)
    small = next(number for number, members in cohorts.items() if len(members) == 3)
    moving = cohorts[big][0]
    target = Cohort.objects.get(run=run, number=small)
    # when
    move_to_cohort(actor=personas.a.consultant, enrolment=moving, cohort=target)
    # then
    moving.refresh_from_db()
    assert moving.cohort == target
    assert AuditEntry.objects.filter(object_id=str(moving.public_id)).get().changes == {
        "cohort": [big, small]
    }


@pytest.mark.parametrize(
    "case, message",
    [
        ("too_small", "Gruppe {source} ville få 2, færre end de mindst 3."),
        ("too_big", "Gruppe {target} ville få 5, flere end de højst 4."),
        ("locked_source", "Gruppe {source} er låst; lås den op for at flytte virksomheder."),
        ("locked_target", "Gruppe {target} er låst; lås den op for at flytte virksomheder."),
        ("together", "{firm} og {other} skal være i samme gruppe."),
        ("apart", "{firm} og {other} skal være i hver sin gruppe."),
    ],
)
def test_move_refused_with_its_reason_and_nothing_changes(
    run: ProgrammeRun, personas: Personas, case: str, message: str
) -> None:
    # given
    cohorts = _built(run, personas)
    big = next(number for number, members in cohorts.items() if len(members) == 4)
    smalls = [number for number, members in cohorts.items() if len(members) == 3]
    source, target = (smalls[0], big) if case in ("too_small", "too_big") else (big, smalls[0])
    moving, other = cohorts[source][0], cohorts[source][1]
    if case == "too_big":
        run.cohort_min = 2
        run.save()
    if case == "locked_source":
        Cohort.objects.filter(run=run, number=source).update(is_locked=True)
    if case == "locked_target":
        Cohort.objects.filter(run=run, number=target).update(is_locked=True)
    if case == "together":
        CohortPair.objects.create(run=run, first=moving, second=other, together=True)
    if case == "apart":
        other = cohorts[target][0]
        CohortPair.objects.create(run=run, first=other, second=moving, together=False)
    before = cohort_sets(run)
    audit_before = AuditEntry.objects.count()
    # when
    with pytest.raises(ValidationError) as refusal:
        move_to_cohort(
            actor=personas.a.consultant,
            enrolment=moving,
            cohort=Cohort.objects.get(run=run, number=target),
        )
    # then
    assert refusal.value.messages == [
        message.format(
            source=source, target=target, firm=moving.company.name, other=other.company.name
        )
    ]
    assert cohort_sets(run) == before
    assert AuditEntry.objects.count() == audit_before


def test_move_across_industries_is_refused(training: Training, personas: Personas) -> None:
    # given
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity, run.cohort_by = 1, 4, 40, "industry"
    run.save()
    enrol_firms(run, personas.a.consultant, 2, main_industry_code="620100")
    shop = enrol_firms(run, personas.a.consultant, 2, main_industry_code="471100")[0]
    build_run_cohorts(actor=personas.a.consultant, run=run)
    target = (
        Cohort.objects.filter(run=run, members__company__main_industry_code="620100")
        .distinct()
        .get()
    )
    # when
    with pytest.raises(ValidationError) as refusal:
        move_to_cohort(actor=personas.a.consultant, enrolment=shop, cohort=target)
    # then
    assert refusal.value.messages == [
        f"{target} er for en anden branche; holdet deles inden for brancher."
    ]


def test_clear_removes_every_cohort(run: ProgrammeRun, personas: Personas) -> None:
    build_run_cohorts(actor=personas.a.consultant, run=run)
    Cohort.objects.filter(run=run, number=1).update(is_locked=True)
    # when
    removed = clear_cohorts(actor=personas.a.consultant, run=run)
    # then
    assert removed == 3
    assert not Cohort.objects.filter(run=run).exists()
    assert not run.enrolments.filter(cohort__isnull=False).exists()


@pytest.mark.parametrize(
    "who",
    ["b.consultant", "b.manager", "a.municipal_consultant", "partner_advisor", "a.company_user"],
)
def test_only_those_who_manage_the_run_change_its_cohorts(
    run: ProgrammeRun, personas: Personas, who: str
) -> None:
    # given
    build_run_cohorts(actor=personas.a.consultant, run=run)
    side, _, role = who.partition(".")
    actor = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    cohort = Cohort.objects.get(run=run, number=1)
    firms = list(run.enrolments.order_by("id"))
    before = cohort_sets(run)
    # when / then
    for attempt in (
        lambda: build_run_cohorts(actor=actor, run=run),
        lambda: clear_cohorts(actor=actor, run=run),
        lambda: set_cohort_locked(actor=actor, cohort=cohort, locked=True),
        lambda: move_to_cohort(actor=actor, enrolment=firms[0], cohort=cohort),
        lambda: add_pair_request(
            actor=actor, run=run, first=firms[0], second=firms[1], together=True
        ),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert cohort_sets(run) == before
    assert not Cohort.objects.filter(is_locked=True).exists()
    assert not CohortPair.objects.exists()


def test_facilitating_partner_advisor_manages_the_cohorts(
    run: ProgrammeRun, personas: Personas
) -> None:
    run.facilitators.add(personas.partner_advisor)
    # when
    build_run_cohorts(actor=personas.partner_advisor, run=run)
    # then
    assert len(cohort_sets(run)) == 3


def test_pair_request_removed(run: ProgrammeRun, personas: Personas) -> None:
    firms = list(run.enrolments.order_by("id"))
    pair = add_pair_request(
        actor=personas.a.consultant, run=run, first=firms[0], second=firms[1], together=True
    )
    # when
    remove_pair_request(actor=personas.a.consultant, pair=pair)
    # then
    assert not CohortPair.objects.exists()


def test_features_rank_unscored_below_the_lowest_level_and_grow_from_the_panel(
    training: Training, personas: Personas
) -> None:
    # given: firm A is on the highest level; a new firm is unscored with a panel
    run = training.run
    Enrolment.objects.create(
        run=run,
        company=personas.a.company,
        status=EnrolmentStatus.ENROLLED,
        channel=EnrolmentChannel.CONSULTANT,
        enrolled_by=personas.a.consultant,
    )
    grower = enrol_firms(run, personas.a.consultant, 1, founded_on=datetime.date(2000, 1, 1))[0]
    YearlyFigures.objects.create(company=grower.company, year=2020, employees=10)
    YearlyFigures.objects.create(company=grower.company, year=2023, employees=13.31)
    # when
    scored, unscored = run_features(run)
    # then
    assert scored.level_rank == 1
    assert unscored.level_rank == 5  # the four default levels, and one below
    assert unscored.growth == pytest.approx(0.1)
    assert scored.growth == 0.0
    assert unscored.age_years >= 25
    assert unscored.employees == 2.0


def test_a_firm_enrolled_after_the_build_is_placed_in_a_cohort_with_room(
    run: ProgrammeRun, personas: Personas
) -> None:
    # given
    cohorts = _built(run, personas)
    small = next(number for number, members in cohorts.items() if len(members) == 3)
    late = enrol_firms(run, personas.a.consultant, 1)[0]
    target = Cohort.objects.get(run=run, number=small)
    # when
    move_to_cohort(actor=personas.a.consultant, enrolment=late, cohort=target)
    # then
    late.refresh_from_db()
    assert late.cohort == target
    assert len(cohort_sets(run)[small]) == 4


def test_industry_too_small_for_a_cohort_is_named(training: Training, personas: Personas) -> None:
    # given
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity, run.cohort_by = 3, 4, 40, "industry"
    run.save()
    enrol_firms(run, personas.a.consultant, 4, main_industry_code="620100")
    enrol_firms(run, personas.a.consultant, 2, main_industry_code="471100")
    # when
    with pytest.raises(ValidationError) as refusal:
        build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    assert refusal.value.messages == [
        "Branche 47 har 2 tilmeldte uden for låste grupper; en gruppe skal have mindst 3. "
        "Tilmeld flere, sænk holdets mindste gruppestørrelse, eller del ikke holdet efter "
        "branche."
    ]
    assert not Cohort.objects.filter(run=run).exists()


def test_a_pair_that_a_locked_cohort_breaks_is_named_by_cvr(
    run: ProgrammeRun, personas: Personas
) -> None:
    # given: a locked cohort's firm is asked to be together with a firm outside it
    cohorts = _built(run, personas)
    Cohort.objects.filter(run=run, number=1).update(is_locked=True)
    inside, outside = cohorts[1][0], cohorts[2][0]
    CohortPair.objects.create(run=run, first=inside, second=outside, together=True)
    before = cohort_sets(run)
    # when
    with pytest.raises(ValidationError) as refusal:
        build_run_cohorts(actor=personas.a.consultant, run=run)
    # then
    assert refusal.value.messages == [
        f"Grupperne kan ikke dannes: {inside.company.cvr_display} og "
        f"{outside.company.cvr_display} skal være sammen, men et hold er låst"
    ]
    assert cohort_sets(run) == before
