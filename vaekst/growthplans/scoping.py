"""Who sees mappings, plans, partnerships, referrals and consents.

- Caseworkers (house staff, municipal consultants) see them for the firms of their area, the
  national administrator everything: the company rule, but for staff roles only.
- A firm's users see their own firm's plans, partnerships and completed mappings.
- A partner advisor sees only plans its organisation holds an active share of (and of those
  only the shared parts), plus referrals addressed to its organisation. The Company rule added
  here lets the partner see exactly those firms, and nothing more.
"""

from typing import Any

from django.db.models import Q

from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import (
    CompanyInvitation,
    GrowthPartnership,
    GrowthPlan,
    Mapping,
    MappingAnswer,
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanMilestone,
    PlanShare,
    PlanVersion,
    Referral,
    RegionalAnswer,
    RegionalQuestion,
)
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area, register_rule, union, visibility_filter
from vaekst.register.models import Company


def _is_partner(user: Any) -> bool:
    return user.role == Role.PARTNER_ADVISOR and user.organisation_id is not None


def _staff_companies(user: Any, area: Area) -> Q | None:
    """Companies a caseworker or national admin works with, as a Company filter."""
    if area.everything:
        return Q()
    if area.is_regional:
        return Q(region_id=area.region_code)
    if area.is_municipal:
        return Q(municipality_id=area.municipality_code)
    return None


def _via(prefix: str, company_q: Q | None) -> Q | None:
    if company_q is None:
        return None
    if not company_q:
        return Q()
    return Q(**{f"{prefix}__in": Company.objects.filter(company_q).values("pk")})


def _firm_q(user: Any, prefix: str) -> Q | None:
    if user.role != Role.COMPANY_USER:
        return None
    return Q(**{f"{prefix}__memberships__user": user})


def active_shares(user: Any) -> Any:
    """The active shares held by the partner organisation of `user`."""
    return PlanShare.objects.active().filter(organisation_id=user.organisation_id)


@register_rule(Company)
def partner_company_rule(user: Any, area: Area) -> Q | None:
    if not _is_partner(user):
        return None
    shared = active_shares(user).values("plan__company_id")
    referred = Referral.objects.filter(to_organisation_id=user.organisation_id).values("company_id")
    return Q(pk__in=shared) | Q(pk__in=referred)


@register_rule(GrowthPlan)
def plan_rule(user: Any, area: Area) -> Q | None:
    partner = Q(pk__in=active_shares(user).values("plan_id")) if _is_partner(user) else None
    return union(_via("company", _staff_companies(user, area)), _firm_q(user, "company"), partner)


def _plan_part_rule(part: str | None) -> Any:
    """A rule for rows of a plan: staff and the firm as for the plan; a partner only when
    the part is shared (`part` None: never shared with partners)."""

    def rule(user: Any, area: Area) -> Q | None:
        partner = None
        if part is not None and _is_partner(user):
            plans = active_shares(user).filter(**{part: True}).values("plan_id")
            partner = Q(plan_id__in=plans)
        return union(
            _via("plan__company", _staff_companies(user, area)),
            _firm_q(user, "plan__company"),
            partner,
        )

    return rule


register_rule(PlanGoal)(_plan_part_rule("share_goals"))
register_rule(PlanMilestone)(_plan_part_rule("share_milestones"))
register_rule(PlanAction)(_plan_part_rule("share_actions"))
for _plan_model in (PlanComment, PlanVersion, GrowthPartnership, PlanShare):
    register_rule(_plan_model)(_plan_part_rule(None))


@register_rule(PlanShare)
def partner_share_rule(user: Any, area: Area) -> Q | None:
    """A partner sees the consents in force that were given to it (what it may see)."""
    if not _is_partner(user):
        return None
    return Q(organisation_id=user.organisation_id, withdrawn_at__isnull=True)


@register_rule(Mapping)
def mapping_rule(user: Any, area: Area) -> Q | None:
    firm = _firm_q(user, "company")
    partner = None
    if _is_partner(user):
        plans = active_shares(user).filter(share_mapping=True).values("plan__source_mapping_id")
        partner = Q(pk__in=plans)
    return union(
        _via("company", _staff_companies(user, area)),
        # The firm sees its mapping once the consultant has completed it.
        firm & Q(status=MappingStatus.COMPLETED) if firm is not None else None,
        partner,
    )


def _mapping_part_rule(user: Any, area: Area) -> Q | None:
    q = visibility_filter(user, Mapping)
    if q is None:
        return None
    return Q(mapping__in=Mapping.objects.filter(q).values("pk")) if q else Q()


for _answer_model in (MappingAnswer, RegionalAnswer):
    register_rule(_answer_model)(_mapping_part_rule)


@register_rule(Referral)
def referral_rule(user: Any, area: Area) -> Q | None:
    organisation = (
        Q(to_organisation_id=user.organisation_id) | Q(from_organisation_id=user.organisation_id)
        if user.organisation_id is not None and user.role != Role.COMPANY_USER
        else None
    )
    return union(
        _via("company", _staff_companies(user, area)), _firm_q(user, "company"), organisation
    )


@register_rule(CompanyInvitation)
def invitation_rule(user: Any, area: Area) -> Q | None:
    return union(_firm_q(user, "company"), Q() if area.everything else None)


def _everyone(user: Any, area: Area) -> Q | None:
    """The national template and regions' questions are shared reference data."""
    return Q()


for _reference_model in (MappingTemplate, MappingArea, MappingFocusArea, RegionalQuestion):
    register_rule(_reference_model)(_everyone)
