"""Versions of the rule sets: publishing retires the version it supersedes, a version with a
future effective date governs only from that date, and each publication is audited."""

import datetime

from django.utils import timezone

from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import CompanyScore, RuleSet
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.selectors import rules_in_force
from vaekst.segmentation.services import (
    create_draft,
    publish,
    request_scoring,
    retire_superseded,
    set_criterion,
)
from vaekst.segmentation.tests.conftest import panel

TODAY = timezone.localdate()


def national_v1() -> RuleSet:
    return RuleSet.objects.get(scope=RuleSetScope.NATIONAL, version=1)


def status(rule_set: RuleSet) -> str:
    rule_set.refresh_from_db()
    return rule_set.status


def test_publishing_a_national_version_retires_the_previous_one(personas) -> None:
    # given the national version 1 in force since 2014
    first = national_v1()
    assert status(first) == RuleSetStatus.PUBLISHED
    # when the national administrator publishes version 2 from today
    draft = create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL)
    second = publish(actor=personas.national_admin, rule_set=draft, effective_from=TODAY)
    # then version 1 is retired and version 2 governs
    assert (status(first), status(second)) == (RuleSetStatus.RETIRED, RuleSetStatus.PUBLISHED)
    assert rules_in_force(TODAY).national == second
    # and the rules of a day before still read version 1
    assert rules_in_force(TODAY - datetime.timedelta(days=1)).national == first


def test_a_version_with_a_future_date_governs_only_from_that_date(personas) -> None:
    # given region 1084's version 1 in force
    start = datetime.date(2020, 1, 1)
    v1 = publish(
        actor=personas.a.manager,
        rule_set=create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084),
        effective_from=start,
    )
    # when version 2 is published from 30 days ahead
    later = TODAY + datetime.timedelta(days=30)
    draft = create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)
    set_criterion(
        actor=personas.a.manager,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=50,
    )
    v2 = publish(actor=personas.a.manager, rule_set=draft, effective_from=later)
    # then version 1 still governs today and is not retired
    assert status(v1) == RuleSetStatus.PUBLISHED
    assert rules_in_force(TODAY).regions[1084] == v1
    assert rules_in_force(later - datetime.timedelta(days=1)).regions[1084] == v1
    # and from the date, version 2 governs
    assert rules_in_force(later).regions[1084] == v2
    # and nothing is retired before the date, however often it is asked
    assert retire_superseded(on=later - datetime.timedelta(days=1)) == []
    assert status(v1) == RuleSetStatus.PUBLISHED


def test_scoring_on_the_effective_date_retires_the_predecessor_and_uses_the_new_rules(
    personas,
) -> None:
    # given firm A with 20 employees and region 1084's version 2 from 30 days ahead, which
    # wants 50 employees for the established level
    panel(personas.a.company, [20, 20, 20, 20])
    v1 = publish(
        actor=personas.a.manager,
        rule_set=create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084),
        effective_from=datetime.date(2020, 1, 1),
    )
    draft = create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)
    set_criterion(
        actor=personas.a.manager,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=50,
    )
    later = TODAY + datetime.timedelta(days=30)
    v2 = publish(actor=personas.a.manager, rule_set=draft, effective_from=later)
    # when scoring today, then version 1 places the firm (20 >= 10: established)
    run_scoring(request_scoring(actor=None, region=1084), on=TODAY)
    score = CompanyScore.objects.select_related("chain").get(company=personas.a.company)
    assert (score.chain.region_rule_set, score.level_key) == (v1, "established")
    assert status(v1) == RuleSetStatus.PUBLISHED
    # when scoring on the effective date, then version 2 places it and version 1 is retired
    run_scoring(request_scoring(actor=None, region=1084), on=later)
    score = CompanyScore.objects.select_related("chain").get(company=personas.a.company)
    assert (score.chain.region_rule_set, score.level_key) == (v2, "base")
    assert status(v1) == RuleSetStatus.RETIRED
    assert status(v2) == RuleSetStatus.PUBLISHED


def test_a_later_version_supersedes_even_with_an_earlier_effective_date(personas) -> None:
    # given region 1084's version 1 from 2024 and version 2 backdated to 2022
    v1 = publish(
        actor=personas.a.manager,
        rule_set=create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084),
        effective_from=datetime.date(2024, 1, 1),
    )
    v2 = publish(
        actor=personas.a.manager,
        rule_set=create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084),
        effective_from=datetime.date(2022, 1, 1),
    )
    # then the newer version governs and the older one is retired
    assert rules_in_force(TODAY).regions[1084] == v2
    assert (status(v1), status(v2)) == (RuleSetStatus.RETIRED, RuleSetStatus.PUBLISHED)


def test_publishing_and_retiring_are_audited_with_actor_and_version(personas) -> None:
    before = AuditEntry.objects.count()
    draft = create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL)
    second = publish(actor=personas.national_admin, rule_set=draft, effective_from=TODAY)
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.object_id, e.actor) for e in entries] == [
        (AuditAction.UPDATE, str(second.public_id), personas.national_admin),
        (AuditAction.UPDATE, str(national_v1().public_id), personas.national_admin),
    ]
    published, retired = entries
    assert published.changes == {
        "status": ["draft", "published"],
        "version": [None, 2],
        "effective_from": [None, TODAY.isoformat()],
    }
    assert retired.changes == {"status": ["published", "retired"], "version": [1, 1]}
    assert published.at <= timezone.now()


def test_retiring_is_idempotent(personas) -> None:
    draft = create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL)
    publish(actor=personas.national_admin, rule_set=draft, effective_from=TODAY)
    count = AuditEntry.objects.count()
    assert retire_superseded(on=TODAY) == []
    assert AuditEntry.objects.count() == count


def test_a_draft_does_not_govern(personas) -> None:
    # given a national draft version 2 dated today
    create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL, effective_from=TODAY)
    # then version 1 still governs and stays published
    assert rules_in_force(TODAY).national == national_v1()
    assert retire_superseded(on=TODAY) == []
    assert status(national_v1()) == RuleSetStatus.PUBLISHED
