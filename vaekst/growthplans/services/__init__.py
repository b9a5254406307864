"""State changes for mappings, plans, partnerships, referrals, consent and invitations.

Every function is keyword-only, transactional and takes the acting user. Plan changes name
the revision they started from and raise `StaleRevision` when the plan moved on.
"""

from vaekst.growthplans.services.common import StaleRevision
from vaekst.growthplans.services.items import (
    add_action,
    add_goal,
    add_milestone,
    remove_action,
    remove_goal,
    remove_milestone,
    set_action_status,
    set_milestone_progress,
    update_action,
    update_goal,
    update_milestone,
)
from vaekst.growthplans.services.mappings import (
    AnswerInput,
    complete_mapping,
    record_answers,
    start_mapping,
    update_mapping,
)
from vaekst.growthplans.services.partnerships import (
    InvalidTransition,
    accept_as_firm,
    accept_as_house,
    complete_referral,
    end_partnership,
    fulfil_partnership,
    propose_partnership,
    refer_company,
    refer_from_action,
    respond_to_referral,
)
from vaekst.growthplans.services.plans import (
    archive_plan,
    comment_on_plan,
    create_plan,
    create_plan_from_mapping,
    update_plan,
)
from vaekst.growthplans.services.sharing import (
    accept_invitation,
    invite_colleague,
    share_with_partner,
    withdraw_share,
)
from vaekst.growthplans.services.templates import (
    add_regional_question,
    create_template_draft,
    deactivate_regional_question,
    publish_template,
    remove_area,
    remove_focus_area,
    set_area,
    set_focus_area,
    update_regional_question,
)

__all__ = [
    "AnswerInput",
    "InvalidTransition",
    "StaleRevision",
    "accept_as_firm",
    "accept_as_house",
    "accept_invitation",
    "add_action",
    "add_goal",
    "add_milestone",
    "add_regional_question",
    "archive_plan",
    "comment_on_plan",
    "complete_mapping",
    "complete_referral",
    "create_plan",
    "create_plan_from_mapping",
    "create_template_draft",
    "deactivate_regional_question",
    "end_partnership",
    "fulfil_partnership",
    "invite_colleague",
    "propose_partnership",
    "publish_template",
    "record_answers",
    "refer_company",
    "refer_from_action",
    "remove_action",
    "remove_area",
    "remove_focus_area",
    "remove_goal",
    "remove_milestone",
    "respond_to_referral",
    "set_action_status",
    "set_area",
    "set_focus_area",
    "set_milestone_progress",
    "share_with_partner",
    "start_mapping",
    "update_action",
    "update_goal",
    "update_mapping",
    "update_milestone",
    "update_plan",
    "update_regional_question",
    "withdraw_share",
]
