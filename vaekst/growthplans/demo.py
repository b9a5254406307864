"""Demo data: in each demo area a few firms in every state of the service, from a mapping
only to an active partnership with progress, overdue items and a referral. Runs after the
web app's `seed_demo` (which creates konsulent_kbh, virksomhed_kbh, ...); idempotent: a firm
that already has a mapping is left alone."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vaekst.accounts.models import User
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    GoalMetric,
    MilestoneStatus,
    Priority,
)
from vaekst.growthplans.models import GrowthPlan, Mapping, PlanAction
from vaekst.growthplans.services import (
    AnswerInput,
    accept_as_firm,
    accept_as_house,
    add_action,
    add_goal,
    add_milestone,
    complete_mapping,
    create_plan_from_mapping,
    propose_partnership,
    record_answers,
    refer_from_action,
    set_action_status,
    set_milestone_progress,
    share_with_partner,
    start_mapping,
    update_mapping,
)
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company, CompanyMembership

DEMO_AREAS = [("kbh", 101), ("aarhus", 751)]
ANSWERS = [
    AnswerInput("value_proposition", 4, Priority.LOW),
    AnswerInput("sales", 2, Priority.HIGH, "Salget hviler på direktøren alene."),
    AnswerInput("target_customers", 3, Priority.MEDIUM),
    AnswerInput("competences", 2, Priority.HIGH, "Mangler en erfaren salgschef."),
    AnswerInput("financial_control", 3, Priority.MEDIUM),
    AnswerInput("capital_access", 2, Priority.MEDIUM),
    AnswerInput("export_readiness", 1, Priority.LOW),
]


def _mapped(consultant: User, firm: Company, held_on: datetime.date) -> Mapping:
    mapping = start_mapping(
        actor=consultant, company=firm, held_on=held_on, participants="Direktør, økonomichef"
    )
    # Ambitions a consultant would write down: some growth on what the register shows.
    latest = firm.yearly_figures.exclude(gross_profit=None).order_by("-year").first()
    revenue = latest.revenue if latest is not None else None
    gross_profit = latest.gross_profit if latest is not None else None
    update_mapping(
        actor=consultant,
        mapping=mapping,
        ambition_jobs=max(2, round((firm.employees or 4) * 0.3)),
        ambition_revenue=round(revenue * 1.35, -5) if revenue else None,
        ambition_gross_profit=round(gross_profit * 1.3, -5) if gross_profit else 2_500_000,
        target_year=held_on.year + 3,
        barriers="Begrænset salgskapacitet og finansiering af vækst.",
        capital_need=3_000_000,
        capital_note="Arbejdskapital til større ordrer.",
    )
    record_answers(actor=consultant, mapping=mapping, answers=ANSWERS)
    return complete_mapping(actor=consultant, mapping=mapping)


def _plan(consultant: User, firm: Company, today: datetime.date, offset: int) -> GrowthPlan:
    """A mapped firm with a plan: its dates lie `offset` days from today (negative: late)."""
    mapping = _mapped(consultant, firm, today - datetime.timedelta(days=60))
    plan = create_plan_from_mapping(actor=consultant, mapping=mapping)
    exported = firm.yearly_figures.exclude(export=None).order_by("-year").first()
    add_goal(
        actor=consultant,
        plan=plan,
        expected_revision=plan.revision,
        metric=GoalMetric.EXPORT,
        description="Mere eksport" if exported and exported.export else "Første eksportkunder",
        target_value=(
            Decimal(round(exported.export * 1.25, -5))
            if exported and exported.export
            else Decimal(2_000_000)
        ),
        target_date=datetime.date(today.year + 2, 12, 31),
    )
    plan.refresh_from_db()
    add_milestone(
        actor=consultant,
        plan=plan,
        expected_revision=plan.revision,
        title="Salgschef ansat",
        criterion="Ansættelseskontrakt underskrevet",
        due_on=today + datetime.timedelta(days=offset),
    )
    plan.refresh_from_db()
    add_action(
        actor=consultant,
        plan=plan,
        expected_revision=plan.revision,
        title="Beskriv salgschefens rolle",
        owner_kind=ActionOwnerKind.FIRM,
        due_on=today + datetime.timedelta(days=offset - 20),
    )
    plan.refresh_from_db()
    add_action(
        actor=consultant,
        plan=plan,
        expected_revision=plan.revision,
        title="Møde med banken om driftskredit",
        owner_kind=ActionOwnerKind.CAPITAL_SOURCE,
        owner_organisation=Organisation.objects.filter(
            kind=OrganisationKind.PARTNER, name="Nordbank Erhverv"
        ).first(),
        due_on=today + datetime.timedelta(days=offset + 10),
    )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def seed_plans() -> int:
    """Seed the demo areas; returns the number of firms seeded now."""
    today = timezone.localdate()
    seeded = 0
    for suffix, municipality_code in DEMO_AREAS:
        consultant = User.objects.filter(username=f"konsulent_{suffix}").first()
        manager = User.objects.filter(username=f"leder_{suffix}").first()
        firm_user = User.objects.filter(username=f"virksomhed_{suffix}").first()
        membership = CompanyMembership.objects.filter(user=firm_user).first()
        if consultant is None or manager is None or firm_user is None or membership is None:
            continue
        own_firm = membership.company
        others = list(
            Company.objects.active()
            .filter(municipality_id=municipality_code)
            .exclude(pk=own_firm.pk)
            .exclude(employees__isnull=True)
            .order_by("-employees", "cvr")[:4]
        )
        if len(others) < 4 or Mapping.objects.filter(company=own_firm).exists():
            continue
        mapping_only, plan_only, proposed, overdue = others
        # 1. mapped, no plan yet
        _mapped(consultant, mapping_only, today - datetime.timedelta(days=7))
        # 2. a plan without a partnership
        _plan(consultant, plan_only, today, offset=90)
        # 3. a partnership proposed, waiting for both sides
        plan = _plan(consultant, proposed, today, offset=120)
        propose_partnership(
            actor=consultant,
            plan=plan,
            firm_commitment="8 nye job og 40 mio. kr. i omsætning om tre år.",
            house_commitment="Sparring hver måned og introduktion til kapital.",
            house_hours=Decimal(20),
            firm_milestones=plan.milestones.all(),
        )
        # 4. overdue milestones and actions, and a referral to the bank
        plan = _plan(consultant, overdue, today, offset=-14)
        bank_action = PlanAction.objects.get(plan=plan, owner_kind=ActionOwnerKind.CAPITAL_SOURCE)
        if bank_action.owner_organisation is not None:
            refer_from_action(actor=consultant, action=bank_action)
        # 5. the demo firm user's own firm: an active partnership with progress, shared
        plan = _plan(consultant, own_firm, today, offset=45)
        partnership = propose_partnership(
            actor=consultant,
            plan=plan,
            firm_commitment="Ansætte en salgschef og nå de første eksportkunder.",
            house_commitment="Sparring, kapitalparathed og eksportforløb.",
            house_hours=Decimal(30),
            firm_milestones=plan.milestones.all(),
        )
        accept_as_firm(actor=firm_user, partnership=partnership)
        accept_as_house(actor=manager, partnership=partnership)
        milestone = plan.milestones.order_by("order").first()
        if milestone is not None:
            set_milestone_progress(
                actor=firm_user,
                milestone=milestone,
                expected_revision=plan.revision,
                status=MilestoneStatus.IN_PROGRESS,
                progress=40,
                progress_note="Salgsprocessen er beskrevet.",
            )
            plan.refresh_from_db()
        own_action = plan.actions.filter(owner_kind=ActionOwnerKind.FIRM).first()
        if own_action is not None:
            set_action_status(
                actor=firm_user,
                action=own_action,
                expected_revision=plan.revision,
                status=ActionStatus.DONE,
            )
        bank = bank_action.owner_organisation
        if bank is not None:
            share_with_partner(actor=firm_user, plan=plan, organisation=bank)
        seeded += 5
    return seeded
