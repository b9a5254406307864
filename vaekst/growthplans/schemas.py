"""Typed shapes of the growth-plan API. Outgoing schemas are built explicitly from model
instances (`from_model`), so a field reads only what the selectors loaded and a new model
field never leaks into the API by accident."""

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from vaekst.growthplans.choices import (
    ActionOwnerKind,
    ActionStatus,
    GoalMetric,
    MappingStatus,
    MilestoneStatus,
    PartnershipStatus,
    PlanStatus,
)
from vaekst.growthplans.models import (
    GrowthPartnership,
    GrowthPlan,
    Mapping,
    MappingAnswer,
    PlanAction,
    PlanGoal,
    PlanMilestone,
)
from vaekst.lib.paging import PageQuery
from vaekst.register.models import Company

CVR_PATTERN = r"^[1-9][0-9]{7}$"
# The revision column's range (a PositiveIntegerField): a larger one would reach the database
# as an out-of-range comparison (a 500) instead of a 422.
MAX_REVISION = 2_147_483_647


def _name(user: Any) -> str | None:
    return str(user) if user is not None else None


class MappingQuery(PageQuery):
    company: str = Field("", pattern=r"^([1-9][0-9]{7})?$", description="A CVR number")


class CompanyRef(Schema):
    cvr: str = Field(pattern=CVR_PATTERN)
    name: str

    @classmethod
    def from_model(cls, company: Company) -> "CompanyRef":
        return cls(cvr=f"{company.cvr:08d}", name=company.name)


class GoalOut(Schema):
    id: UUID
    metric: GoalMetric
    description: str
    baseline_value: Decimal | None
    baseline_year: int | None
    baseline_source: str = Field(description="register, manual or empty")
    target_value: Decimal | None
    target_date: datetime.date | None

    @classmethod
    def from_model(cls, goal: PlanGoal) -> "GoalOut":
        return cls(
            id=goal.public_id,
            metric=GoalMetric(goal.metric),
            description=goal.description,
            baseline_value=goal.baseline_value,
            baseline_year=goal.baseline_year,
            baseline_source=goal.baseline_source,
            target_value=goal.target_value,
            target_date=goal.target_date,
        )


class MilestoneOut(Schema):
    id: UUID
    goal: UUID | None = Field(description="The goal's id, if the milestone serves one")
    title: str
    criterion: str
    due_on: datetime.date | None
    status: MilestoneStatus
    progress: int = Field(description="Percent, 0-100")
    progress_note: str
    completed_on: datetime.date | None

    @classmethod
    def from_model(cls, milestone: PlanMilestone) -> "MilestoneOut":
        return cls(
            id=milestone.public_id,
            goal=milestone.goal.public_id if milestone.goal is not None else None,
            title=milestone.title,
            criterion=milestone.criterion,
            due_on=milestone.due_on,
            status=MilestoneStatus(milestone.status),
            progress=milestone.progress,
            progress_note=milestone.progress_note,
            completed_on=milestone.completed_on,
        )


class ActionOut(Schema):
    id: UUID
    milestone: UUID | None
    title: str
    description: str
    owner_kind: ActionOwnerKind
    owner_organisation: str | None
    owner_person: str
    due_on: datetime.date | None
    status: ActionStatus
    completed_on: datetime.date | None
    offer: UUID | None = Field(description="The catalogue offer the action uses, if any")

    @classmethod
    def from_model(cls, action: PlanAction) -> "ActionOut":
        return cls(
            id=action.public_id,
            milestone=action.milestone.public_id if action.milestone is not None else None,
            title=action.title,
            description=action.description,
            owner_kind=ActionOwnerKind(action.owner_kind),
            owner_organisation=(
                action.owner_organisation.name if action.owner_organisation is not None else None
            ),
            owner_person=action.owner_person,
            due_on=action.due_on,
            status=ActionStatus(action.status),
            completed_on=action.completed_on,
            offer=action.offer.public_id if action.offer is not None else None,
        )


class ProgressOut(Schema):
    """Counted over the parts the caller may see."""

    milestones_total: int
    milestones_done: int
    milestones_overdue: int
    actions_total: int
    actions_done: int
    actions_overdue: int

    @classmethod
    def count(
        cls, milestones: list[PlanMilestone], actions: list[PlanAction], today: datetime.date
    ) -> "ProgressOut":
        return cls(
            milestones_total=len(milestones),
            milestones_done=sum(m.status == MilestoneStatus.DONE for m in milestones),
            milestones_overdue=sum(m.is_overdue(today) for m in milestones),
            actions_total=len(actions),
            actions_done=sum(a.status == ActionStatus.DONE for a in actions),
            actions_overdue=sum(a.is_overdue(today) for a in actions),
        )


class PartnershipRef(Schema):
    id: UUID
    status: PartnershipStatus


class PlanOut(Schema):
    id: UUID
    company: CompanyRef
    title: str
    status: PlanStatus
    revision: int = Field(description="Send it back with a change; a stale one answers 409")
    responsible: str | None
    partnership: PartnershipRef | None = Field(
        description="The plan's draft or active partnership, else its latest closed one; "
        "null when there is none or the caller may not see partnerships (partners)"
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @classmethod
    def fields_of(
        cls, plan: GrowthPlan, partnership: GrowthPartnership | None = None
    ) -> dict[str, Any]:
        return {
            "id": plan.public_id,
            "company": CompanyRef.from_model(plan.company),
            "title": plan.shown_title,
            "status": PlanStatus(plan.status),
            "revision": plan.revision,
            "responsible": _name(plan.responsible),
            "partnership": (
                PartnershipRef(
                    id=partnership.public_id, status=PartnershipStatus(partnership.status)
                )
                if partnership is not None
                else None
            ),
            "created_at": plan.created_at,
            "updated_at": plan.updated_at,
        }

    @classmethod
    def from_model(
        cls, plan: GrowthPlan, partnership: GrowthPartnership | None = None
    ) -> "PlanOut":
        return cls(**cls.fields_of(plan, partnership))


class PlanPage(Schema):
    """One page of plans, newest change first; `next` is the following page's URL or null."""

    items: list[PlanOut]
    limit: int
    offset: int
    next: str | None


class PlanDetailOut(PlanOut):
    """A plan with the goals, milestones and actions the caller may see: a partner only the
    parts the firm shares with it (the others are empty lists)."""

    goals: list[GoalOut]
    milestones: list[MilestoneOut]
    actions: list[ActionOut]
    progress: ProgressOut


class MilestonePatchIn(Schema):
    """Report progress on a milestone (the firm or its caseworkers)."""

    revision: int = Field(
        ge=1, le=MAX_REVISION, description="The plan revision the change starts from"
    )
    status: MilestoneStatus | None = None
    progress: int | None = Field(None, ge=0, le=100)
    progress_note: str | None = Field(None, max_length=4000)


class ActionPatchIn(Schema):
    """Set an action's status (caseworkers any action; the firm its own actions)."""

    revision: int = Field(
        ge=1, le=MAX_REVISION, description="The plan revision the change starts from"
    )
    status: ActionStatus


class ActionChangedOut(Schema):
    action: ActionOut
    revision: int = Field(description="The plan's revision after the change")


class MilestoneChangedOut(Schema):
    milestone: MilestoneOut
    revision: int = Field(description="The plan's revision after the change")


class ConflictOut(Schema):
    detail: str
    current_revision: int


class MappingOut(Schema):
    id: UUID
    company: CompanyRef
    held_on: datetime.date
    status: MappingStatus
    template_version: int

    @classmethod
    def fields_of(cls, mapping: Mapping) -> dict[str, Any]:
        return {
            "id": mapping.public_id,
            "company": CompanyRef.from_model(mapping.company),
            "held_on": mapping.held_on,
            "status": MappingStatus(mapping.status),
            "template_version": mapping.template.version,
        }

    @classmethod
    def from_model(cls, mapping: Mapping) -> "MappingOut":
        return cls(**cls.fields_of(mapping))


class MappingPage(Schema):
    items: list[MappingOut]
    limit: int
    offset: int
    next: str | None


class AnswerOut(Schema):
    area: str
    focus_area: str
    key: str = Field(description="area key.focus-area key, stable across template versions")
    status: int | None = Field(description="1 weak - 5 strong")
    priority: str
    note: str

    @classmethod
    def from_model(cls, answer: MappingAnswer) -> "AnswerOut":
        focus = answer.focus_area
        return cls(
            area=focus.area.title,
            focus_area=focus.title,
            key=f"{focus.area.key}.{focus.key}",
            status=answer.status,
            priority=answer.priority,
            note=answer.note,
        )


class MappingDetailOut(MappingOut):
    participants: str
    ambition_jobs: int | None
    ambition_gross_profit: int | None
    ambition_revenue: int | None
    ambition_export: int | None
    target_year: int | None
    barriers: str
    capital_need: int | None
    actors_other: str
    answers: list[AnswerOut]

    @classmethod
    def build(cls, mapping: Mapping, answers: list[MappingAnswer]) -> "MappingDetailOut":
        return cls(
            **cls.fields_of(mapping),
            participants=mapping.participants,
            ambition_jobs=mapping.ambition_jobs,
            ambition_gross_profit=mapping.ambition_gross_profit,
            ambition_revenue=mapping.ambition_revenue,
            ambition_export=mapping.ambition_export,
            target_year=mapping.target_year,
            barriers=mapping.barriers,
            capital_need=mapping.capital_need,
            actors_other=mapping.actors_other,
            answers=[AnswerOut.from_model(answer) for answer in answers],
        )


class OfferRef(Schema):
    id: UUID
    title: str


class PartnershipOut(Schema):
    id: UUID
    plan: UUID
    company: CompanyRef
    status: PartnershipStatus
    firm_commitment: str
    firm_milestones: list[UUID]
    house_commitment: str
    house_hours: Decimal | None
    house_offers: list[OfferRef]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    firm_accepted_by: str | None
    firm_accepted_at: datetime.datetime | None
    house_accepted_by: str | None
    house_accepted_at: datetime.datetime | None
    accepted_revision: int | None = Field(
        description="The plan revision whose terms were accepted (frozen at the first "
        "acceptance); later plan edits do not change what was accepted"
    )

    @classmethod
    def from_model(cls, partnership: GrowthPartnership) -> "PartnershipOut":
        return cls(
            id=partnership.public_id,
            plan=partnership.plan.public_id,
            company=CompanyRef.from_model(partnership.plan.company),
            status=PartnershipStatus(partnership.status),
            firm_commitment=partnership.firm_commitment,
            firm_milestones=[m.public_id for m in partnership.firm_milestones.all()],
            house_commitment=partnership.house_commitment,
            house_hours=partnership.house_hours,
            house_offers=[
                OfferRef(id=o.public_id, title=o.title) for o in partnership.house_offers.all()
            ],
            starts_on=partnership.starts_on,
            ends_on=partnership.ends_on,
            firm_accepted_by=_name(partnership.firm_accepted_by),
            firm_accepted_at=partnership.firm_accepted_at,
            house_accepted_by=_name(partnership.house_accepted_by),
            house_accepted_at=partnership.house_accepted_at,
            accepted_revision=partnership.accepted_revision,
        )


class PartnershipQuery(PageQuery):
    status: PartnershipStatus | None = Field(None, description="Only partnerships in this state")
    plan: UUID | None = Field(None, description="Only the partnerships of this plan")


class PartnershipPage(Schema):
    """One page of partnerships, newest first; `next` is the following page's URL or null."""

    items: list[PartnershipOut]
    limit: int
    offset: int
    next: str | None
