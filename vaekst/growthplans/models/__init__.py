"""Growth mapping, plans, partnerships, referrals and consent (issue #4)."""

from vaekst.growthplans.models.mappings import Mapping, MappingAnswer, RegionalAnswer
from vaekst.growthplans.models.partnerships import (
    OPEN_PARTNERSHIP_STATUSES,
    CompanyInvitation,
    GrowthPartnership,
    PlanShare,
    Referral,
    ReminderLog,
)
from vaekst.growthplans.models.plans import (
    GrowthPlan,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanMilestone,
    PlanVersion,
)
from vaekst.growthplans.models.templates import (
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    RegionalQuestion,
)

__all__ = [
    "OPEN_PARTNERSHIP_STATUSES",
    "CompanyInvitation",
    "GrowthPartnership",
    "GrowthPlan",
    "Mapping",
    "MappingAnswer",
    "MappingArea",
    "MappingFocusArea",
    "MappingTemplate",
    "PlanAction",
    "PlanComment",
    "PlanGoal",
    "PlanMilestone",
    "PlanShare",
    "PlanVersion",
    "Referral",
    "RegionalAnswer",
    "RegionalQuestion",
    "ReminderLog",
]
