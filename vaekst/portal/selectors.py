"""Reads for the firm's own pages. Everything goes through the growth-plan, offer and
segmentation selectors and the scoping mechanism; a user who is not a firm's user gets
nothing here (the views answer 403)."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vaekst.accounts.models import hash_token
from vaekst.growthplans.choices import (
    ActionStatus,
    MilestoneStatus,
    PartnershipStatus,
    PlanStatus,
)
from vaekst.growthplans.models import (
    CompanyInvitation,
    GrowthPartnership,
    GrowthPlan,
    PlanAction,
    PlanComment,
    PlanMilestone,
    PlanShare,
)
from vaekst.growthplans.selectors import PlanContent, plan_content, plans_for_company
from vaekst.offers.eligibility import Eligibility, eligibility_for_company
from vaekst.offers.selectors import visible_offers
from vaekst.organisations.choices import OrganisationKind, Role
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.models import Company
from vaekst.segmentation.models import CompanyScore, LevelDefinition


def firm_of(user: Any) -> Company | None:
    """The one firm a company user acts for, or None for anyone else."""
    if getattr(user, "role", None) != Role.COMPANY_USER or not user.is_active:
        return None
    return visible_to(user, Company.objects.select_related("municipality")).first()


def external_level_name(user: Any, company: Company) -> str | None:
    """The branded (external) name of the firm's current level; never the internal name,
    which is for staff. Read from the rule chain the score was computed with, so a region's
    local name is used where it renamed the level."""
    score = (
        visible_to(user, CompanyScore.objects.filter(company=company))
        .select_related("chain")
        .only("level_key", "chain__levels", "chain__national")
        .first()
    )
    if score is None:
        return None
    for level in score.chain.levels:
        if level.get("key") == score.level_key:
            name = str(level.get("external") or "")
            if not name:
                return None
            # The national name has an English version; a region's own name has none.
            national = (
                LevelDefinition.objects.filter(
                    rule_set_id=score.chain.national_id, key=score.level_key
                )
                .only("external_name", "external_name_en")
                .first()
            )
            if national is not None and national.external_name == name:
                return national.shown_external_name
            return name
    return None


def current_plan(user: Any, company: Company) -> GrowthPlan | None:
    """The firm's active plan (the newest one, should there be several)."""
    return (
        plans_for_company(user, company)
        .filter(status=PlanStatus.ACTIVE)
        .select_related("updated_by")
        .first()
    )


@dataclass
class PlanSummary:
    """The plan with what the firm may see of it and how far it has come."""

    content: PlanContent
    today: datetime.date

    @property
    def plan(self) -> GrowthPlan:
        return self.content.plan

    @property
    def milestones_done(self) -> int:
        return sum(m.status == MilestoneStatus.DONE for m in self.content.milestones)

    @property
    def milestones_total(self) -> int:
        return len(self.content.milestones)

    @property
    def milestones_overdue(self) -> int:
        return sum(m.is_overdue(self.today) for m in self.content.milestones)

    @property
    def milestone_percent(self) -> int:
        total = self.milestones_total
        return round(100 * self.milestones_done / total) if total else 0

    @property
    def firm_actions_open(self) -> int:
        return sum(
            a.owner_kind == "firm" and a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
            for a in self.content.actions
        )


def plan_summary(user: Any, plan: GrowthPlan) -> PlanSummary:
    return PlanSummary(content=plan_content(user, plan), today=timezone.localdate())


def open_partnership(user: Any, plan: GrowthPlan) -> GrowthPartnership | None:
    """The plan's draft or active partnership, with its milestones and offers."""
    return (
        visible_to(user, GrowthPartnership.objects.filter(plan=plan))
        .filter(status__in=[PartnershipStatus.DRAFT, PartnershipStatus.ACTIVE])
        .select_related("firm_accepted_by", "house_accepted_by", "proposed_by")
        .prefetch_related("firm_milestones", "house_offers")
        .first()
    )


def get_partnership(user: Any, public_id: uuid.UUID | str) -> GrowthPartnership:
    return get_visible_or_404(
        user,
        GrowthPartnership.objects.select_related(
            "plan__company", "firm_accepted_by", "house_accepted_by", "proposed_by"
        ).prefetch_related("firm_milestones", "house_offers"),
        public_id=public_id,
    )


def get_milestone(user: Any, public_id: uuid.UUID | str) -> PlanMilestone:
    return get_visible_or_404(
        user, PlanMilestone.objects.select_related("plan__company"), public_id=public_id
    )


def get_action(user: Any, public_id: uuid.UUID | str) -> PlanAction:
    return get_visible_or_404(
        user, PlanAction.objects.select_related("plan__company"), public_id=public_id
    )


def get_share(user: Any, public_id: uuid.UUID | str) -> PlanShare:
    return get_visible_or_404(
        user, PlanShare.objects.select_related("plan__company"), public_id=public_id
    )


def plan_comments(user: Any, plan: GrowthPlan) -> QuerySet[PlanComment]:
    return visible_to(user, PlanComment.objects.filter(plan=plan)).select_related("author")


def plan_shares(user: Any, plan: GrowthPlan) -> QuerySet[PlanShare]:
    """Every consent the firm has given on the plan, those in force first."""
    return (
        visible_to(user, PlanShare.objects.filter(plan=plan))
        .select_related("organisation", "granted_by", "withdrawn_by")
        .order_by("withdrawn_at", "-granted_at")
    )


def partner_organisations() -> QuerySet[Organisation]:
    """The partner advisors a firm may share its plan with (public reference data)."""
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_active=True).order_by(
        "name"
    )


@dataclass
class FirmOffers:
    """The offers the firm may use now, with what is left. (Programmes' runs open to the firm
    are the portal's "Forløb" page, from the programmes app.)"""

    allowed: list[Eligibility] = field(default_factory=list)


def firm_offers(user: Any, company: Company) -> FirmOffers:
    """In a fixed number of queries: the visible offers once, their eligibility at once."""
    offers = list(visible_offers(user).order_by("-is_core", "title"))
    allowed = [e for e in eligibility_for_company(company=company, offers=offers) if e.allowed]
    return FirmOffers(allowed=allowed)


def firm_invitations(user: Any) -> QuerySet[CompanyInvitation]:
    return visible_to(user, CompanyInvitation.objects.all()).select_related(
        "invited_by", "accepted_user"
    )


def invitation_for_token(raw_token: str) -> CompanyInvitation | None:
    """The open invitation a raw token names, or None (unknown, used or expired). The token
    itself is the credential, so this lookup is not scoped to a user."""
    return (
        CompanyInvitation.objects.select_related("company")
        .filter(
            token_hash=hash_token(raw_token),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
