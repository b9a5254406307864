"""Demo data: in each demo area a few firms in every state of the service: a mapping only,
two mappings to compare, a plan, partnerships drafted, active, fulfilled and ended, overdue
items, referrals sent, accepted, declined and completed with an outcome, a share in force
and a withdrawn one. Runs after the web app's `seed_demo` (which creates konsulent_kbh,
virksomhed_kbh, ...); idempotent: an area whose demo firm already has a mapping is left
alone."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vaekst.accounts.models import User
from vaekst.accounts.services import create_user
from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    GoalMetric,
    MilestoneStatus,
    OutcomeKind,
    Priority,
)
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, Mapping, PlanAction, Referral
from vaekst.growthplans.services import (
    AnswerInput,
    accept_as_firm,
    accept_as_house,
    add_action,
    add_goal,
    add_milestone,
    complete_mapping,
    complete_referral,
    create_plan_from_mapping,
    end_partnership,
    fulfil_partnership,
    propose_partnership,
    record_answers,
    refer_from_action,
    respond_to_referral,
    set_action_status,
    set_milestone_progress,
    share_with_partner,
    start_mapping,
    update_mapping,
    update_milestone,
    withdraw_share,
)
from vaekst.organisations.choices import OrganisationKind, Role
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
# A year earlier: weaker on the focus areas the firm has worked on since.
EARLIER_ANSWERS = [
    AnswerInput("value_proposition", 3, Priority.MEDIUM),
    AnswerInput("sales", 1, Priority.HIGH, "Intet salgsarbejde ud over direktørens netværk."),
    AnswerInput("target_customers", 2, Priority.HIGH),
    AnswerInput("competences", 2, Priority.HIGH),
    AnswerInput("financial_control", 2, Priority.MEDIUM),
    AnswerInput("capital_access", 1, Priority.HIGH),
    AnswerInput("export_readiness", 1, Priority.LOW),
]


def _mapped(
    consultant: User,
    firm: Company,
    held_on: datetime.date,
    answers: list[AnswerInput] = ANSWERS,
) -> Mapping:
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
    record_answers(actor=consultant, mapping=mapping, answers=answers)
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


def _firm_user(firm: Company, house: Organisation, username: str, last_name: str) -> User:
    """A user of a demo firm who signs for it (no password: nobody logs in as them)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(
            username=username,
            password=None,
            organisation=house,
            role=Role.COMPANY_USER,
            first_name="Direktør",
            last_name=last_name,
        )
    CompanyMembership.objects.get_or_create(user=user, company=firm)
    return user


def _partnership(
    consultant: User, plan: GrowthPlan, firm_user: User, manager: User, hours: int
) -> GrowthPartnership:
    """A partnership both sides have accepted."""
    partnership = propose_partnership(
        actor=consultant,
        plan=plan,
        firm_commitment="Ansætte en salgschef og nå de første eksportkunder.",
        house_commitment="Sparring, kapitalparathed og eksportforløb.",
        house_hours=Decimal(hours),
        firm_milestones=plan.milestones.all(),
    )
    accept_as_firm(actor=firm_user, partnership=partnership)
    return accept_as_house(actor=manager, partnership=partnership)


def _finish_everything(plan: GrowthPlan, actor: User) -> None:
    """Every milestone reached and every action done (a fulfilled partnership)."""
    for milestone in plan.milestones.order_by("order", "id"):
        plan.refresh_from_db()
        set_milestone_progress(
            actor=actor,
            milestone=milestone,
            expected_revision=plan.revision,
            status=MilestoneStatus.DONE,
        )
    for action in plan.actions.order_by("order", "id"):
        plan.refresh_from_db()
        set_action_status(
            actor=actor, action=action, expected_revision=plan.revision, status=ActionStatus.DONE
        )


def _bank_referral(consultant: User, plan: GrowthPlan) -> Referral | None:
    action = PlanAction.objects.get(plan=plan, owner_kind=ActionOwnerKind.CAPITAL_SOURCE)
    if action.owner_organisation is None:
        return None
    return refer_from_action(actor=consultant, action=action)


@transaction.atomic
def seed_plans() -> int:
    """Seed the demo areas; returns the number of firms seeded now."""
    today = timezone.localdate()
    seeded = 0
    banker = User.objects.filter(username="bank").first()
    advisors = Organisation.objects.filter(
        kind=OrganisationKind.PARTNER, name="Revisionsfirmaet Holm & Co"
    ).first()
    for suffix, municipality_code in DEMO_AREAS:
        consultant = User.objects.filter(username=f"konsulent_{suffix}").first()
        manager = User.objects.filter(username=f"leder_{suffix}").first()
        firm_user = User.objects.filter(username=f"virksomhed_{suffix}").first()
        membership = CompanyMembership.objects.filter(user=firm_user).first()
        if consultant is None or manager is None or firm_user is None or membership is None:
            continue
        house = consultant.organisation
        if house is None:
            continue
        own_firm = membership.company
        others = list(
            Company.objects.active()
            .filter(municipality_id=municipality_code)
            .exclude(pk=own_firm.pk)
            .exclude(employees__isnull=True)
            .order_by("-employees", "cvr")[:6]
        )
        if len(others) < 6 or Mapping.objects.filter(company=own_firm).exists():
            continue
        mapping_only, plan_only, proposed, overdue, fulfilled, ended = others
        # 1. mapped, no plan yet
        _mapped(consultant, mapping_only, today - datetime.timedelta(days=7))
        # 2. a plan without a partnership, mapped twice: the radar compares with last year
        _mapped(consultant, plan_only, today - datetime.timedelta(days=420), EARLIER_ANSWERS)
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
        # 4. overdue milestones and actions, and a referral to the bank awaiting its answer
        plan = _plan(consultant, overdue, today, offset=-14)
        _bank_referral(consultant, plan)
        # 5. a fulfilled partnership, everything done; the bank raised capital for the firm
        plan = _plan(consultant, fulfilled, today, offset=-30)
        signer = _firm_user(fulfilled, house, f"virksomhed_{suffix}_opfyldt", fulfilled.name)
        partnership = _partnership(consultant, plan, signer, manager, hours=25)
        _finish_everything(plan, consultant)
        fulfil_partnership(actor=consultant, partnership=partnership)
        referral = _bank_referral(consultant, plan)
        if referral is not None and banker is not None:
            respond_to_referral(actor=banker, referral=referral, accept=True, note="Vi mødes.")
            complete_referral(
                actor=banker,
                referral=referral,
                outcome_kind=OutcomeKind.CAPITAL_RAISED,
                outcome_text="Driftskredit bevilget.",
                outcome_amount=2_500_000,
            )
        # 6. a partnership ended early; the bank declined the referral
        plan = _plan(consultant, ended, today, offset=60)
        signer = _firm_user(ended, house, f"virksomhed_{suffix}_afsluttet", ended.name)
        partnership = _partnership(consultant, plan, signer, manager, hours=15)
        end_partnership(
            actor=consultant,
            partnership=partnership,
            reason="Virksomheden er solgt til en større koncern.",
        )
        referral = _bank_referral(consultant, plan)
        if referral is not None and banker is not None:
            respond_to_referral(
                actor=banker, referral=referral, accept=False, note="Uden for vores målgruppe."
            )
        # 7. the demo firm user's own firm, mapped twice: an active partnership with
        # progress, a date moved since acceptance, a referral the bank has accepted, the plan
        # shared with the bank, and a share with the accountants withdrawn
        _mapped(consultant, own_firm, today - datetime.timedelta(days=400), EARLIER_ANSWERS)
        plan = _plan(consultant, own_firm, today, offset=45)
        _partnership(consultant, plan, firm_user, manager, hours=30)
        plan.refresh_from_db()
        milestone = plan.milestones.order_by("order", "id").first()
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
        hiring = plan.milestones.filter(title="Salgschef ansat").first()
        if hiring is not None and hiring.due_on is not None:
            update_milestone(
                actor=consultant,
                milestone=hiring,
                expected_revision=plan.revision,
                due_on=hiring.due_on + datetime.timedelta(days=30),
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
        referral = _bank_referral(consultant, plan)
        if referral is not None and banker is not None:
            respond_to_referral(
                actor=banker, referral=referral, accept=True, note="Vi har booket et møde."
            )
            share_with_partner(actor=firm_user, plan=plan, organisation=referral.to_organisation)
        if advisors is not None:
            share = share_with_partner(actor=firm_user, plan=plan, organisation=advisors)
            withdraw_share(actor=firm_user, share=share)
        seeded += 7
    return seeded
