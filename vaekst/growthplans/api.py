"""The growth-plan API: plans with their goals, milestones and actions, mappings with their
answers, and partnerships, scoped exactly like the pages (a partner sees only the parts of
plans a firm shares with it); and milestone progress, with the plan revision (409 if stale).

Reads go through `growthplans.selectors` and the scoping mechanism; the change goes through
the same service as the portal's form."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from vaekst.accounts.api_auth import api_user
from vaekst.growthplans.models import MappingAnswer, PlanAction, PlanMilestone
from vaekst.growthplans.schemas import (
    ActionChangedOut,
    ActionOut,
    ActionPatchIn,
    ConflictOut,
    GoalOut,
    MappingDetailOut,
    MappingOut,
    MappingPage,
    MappingQuery,
    MilestoneChangedOut,
    MilestoneOut,
    MilestonePatchIn,
    PartnershipOut,
    PartnershipPage,
    PartnershipQuery,
    PlanDetailOut,
    PlanOut,
    PlanPage,
    ProgressOut,
)
from vaekst.growthplans.selectors import (
    current_partnerships,
    get_mapping,
    get_partnership,
    get_plan,
    partnerships_for_listing,
    plan_content,
    visible_mappings,
    visible_plans,
)
from vaekst.growthplans.services import (
    InvalidTransition,
    StaleRevision,
    accept_as_firm,
    accept_as_house,
    set_action_status,
    set_milestone_progress,
)
from vaekst.growthplans.services.common import is_house_staff_for, is_member_of
from vaekst.lib.paging import PageQuery, api_page
from vaekst.organisations.scoping import get_visible_or_404, visible_to

router = Router(tags=["growth plans"])


@router.get(
    "/growthplans",
    response=PlanPage,
    summary="List growth plans",
)
def list_plans(request: HttpRequest, query: Query[PageQuery]) -> PlanPage:
    """Plans the caller may see (staff: their area's; a firm: its own; a partner: those
    shared with it), newest change first, paged by `limit` and `offset`."""
    user = api_user(request)
    plans = visible_plans(user).order_by("-updated_at", "-id")
    rows, next_url = api_page(request, plans, query)
    partnerships = current_partnerships(user, [plan.pk for plan in rows])
    return PlanPage(
        items=[PlanOut.from_model(plan, partnerships.get(plan.pk)) for plan in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get(
    "/growthplans/{plan_id}",
    response=PlanDetailOut,
    summary="One growth plan",
)
def get_plan_detail(request: HttpRequest, plan_id: UUID) -> PlanDetailOut:
    """The plan with its goals, milestones, actions and progress; a partner gets only the
    parts the firm shares with it."""
    user = api_user(request)
    content = plan_content(user, get_plan(user, plan_id))
    partnership = current_partnerships(user, [content.plan.pk]).get(content.plan.pk)
    return PlanDetailOut(
        **PlanOut.fields_of(content.plan, partnership),
        goals=[GoalOut.from_model(goal) for goal in content.goals],
        milestones=[MilestoneOut.from_model(m) for m in content.milestones],
        actions=[ActionOut.from_model(a) for a in content.actions],
        progress=ProgressOut.count(content.milestones, content.actions, timezone.localdate()),
    )


@router.get(
    "/growthplans/{plan_id}/milestones",
    response=list[MilestoneOut],
    summary="A plan's milestones",
)
def list_milestones(request: HttpRequest, plan_id: UUID) -> list[MilestoneOut]:
    user = api_user(request)
    content = plan_content(user, get_plan(user, plan_id))
    return [MilestoneOut.from_model(m) for m in content.milestones]


@router.get(
    "/growthplans/{plan_id}/actions",
    response=list[ActionOut],
    summary="A plan's actions",
)
def list_actions(request: HttpRequest, plan_id: UUID) -> list[ActionOut]:
    user = api_user(request)
    content = plan_content(user, get_plan(user, plan_id))
    return [ActionOut.from_model(a) for a in content.actions]


@router.patch(
    "/growthplans/{plan_id}/milestones/{milestone_id}",
    response={200: MilestoneChangedOut, 409: ConflictOut},
    summary="Report progress on a milestone",
    openapi_extra={
        "responses": {
            403: {"description": "The caller may see but not change the plan (partners)"},
            400: {"description": "The plan is archived or the values are invalid"},
        }
    },
)
def patch_milestone(
    request: HttpRequest, plan_id: UUID, milestone_id: UUID, change: MilestonePatchIn
) -> Any:
    """Set a milestone's status, progress and note, starting from plan `revision`. If the plan
    changed since, nothing is saved and the answer is 409 with the current revision."""
    user = api_user(request)
    plan = get_plan(user, plan_id)
    milestone = get_visible_or_404(
        user, PlanMilestone.objects.filter(plan=plan).select_related("plan"), public_id=milestone_id
    )
    try:
        changed = set_milestone_progress(
            actor=user,
            milestone=milestone,
            expected_revision=change.revision,
            status=change.status,
            progress=change.progress,
            progress_note=change.progress_note,
        )
    except StaleRevision as error:
        return Status(
            409, ConflictOut(detail=error.message, current_revision=error.current_revision)
        )
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return Status(
        200,
        MilestoneChangedOut(
            milestone=MilestoneOut.from_model(changed), revision=change.revision + 1
        ),
    )


@router.patch(
    "/growthplans/{plan_id}/actions/{action_id}",
    response={200: ActionChangedOut, 409: ConflictOut},
    summary="Set an action's status",
    openapi_extra={
        "responses": {
            403: {
                "description": "The caller may see but not change the action (partners; a "
                "firm's user for an action the firm does not own)"
            },
            400: {"description": "The plan is archived or the values are invalid"},
        }
    },
)
def patch_action(
    request: HttpRequest, plan_id: UUID, action_id: UUID, change: ActionPatchIn
) -> Any:
    """Set an action's status, starting from plan `revision`, through the same service as the
    pages. If the plan changed since, nothing is saved and the answer is 409."""
    user = api_user(request)
    plan = get_plan(user, plan_id)
    action = get_visible_or_404(
        user, PlanAction.objects.filter(plan=plan).select_related("plan"), public_id=action_id
    )
    try:
        changed = set_action_status(
            actor=user, action=action, expected_revision=change.revision, status=change.status
        )
    except StaleRevision as error:
        return Status(
            409, ConflictOut(detail=error.message, current_revision=error.current_revision)
        )
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    changed = PlanAction.objects.select_related("milestone", "owner_organisation", "offer").get(
        pk=changed.pk
    )
    return Status(
        200, ActionChangedOut(action=ActionOut.from_model(changed), revision=change.revision + 1)
    )


@router.get(
    "/mappings",
    response=MappingPage,
    summary="List growth mappings",
)
def list_mappings(request: HttpRequest, query: Query[MappingQuery]) -> MappingPage:
    """Mappings the caller may see, newest first; `company` narrows to one CVR number."""
    mappings = visible_mappings(api_user(request)).order_by("-held_on", "-id")
    if query.company:
        mappings = mappings.filter(company__cvr=int(query.company))
    rows, next_url = api_page(request, mappings, query)
    return MappingPage(
        items=[MappingOut.from_model(mapping) for mapping in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.get(
    "/mappings/{mapping_id}",
    response=MappingDetailOut,
    summary="One growth mapping with its answers",
)
def get_mapping_detail(request: HttpRequest, mapping_id: UUID) -> MappingDetailOut:
    user = api_user(request)
    mapping = get_mapping(user, mapping_id)
    answers = visible_to(
        user, MappingAnswer.objects.filter(mapping=mapping).select_related("focus_area__area")
    )
    return MappingDetailOut.build(mapping, list(answers))


@router.get(
    "/partnerships",
    response=PartnershipPage,
    summary="List growth partnerships",
)
def list_partnerships(request: HttpRequest, query: Query[PartnershipQuery]) -> PartnershipPage:
    """Partnerships the caller may see (staff: their area's; a firm: its own; partners:
    none), newest first; `status` and `plan` narrow the list."""
    partnerships = partnerships_for_listing(api_user(request))
    if query.status:
        partnerships = partnerships.filter(status=query.status)
    if query.plan:
        partnerships = partnerships.filter(plan__public_id=query.plan)
    rows, next_url = api_page(request, partnerships, query)
    return PartnershipPage(
        items=[PartnershipOut.from_model(partnership) for partnership in rows],
        limit=query.limit,
        offset=query.offset,
        next=next_url,
    )


@router.post(
    "/partnerships/{partnership_id}/accept",
    response=PartnershipOut,
    summary="Accept a growth partnership",
    openapi_extra={
        "responses": {
            403: {
                "description": "Only the firm's own users and the staff of the firm's growth "
                "house accept (not a municipality or the national level)"
            },
            409: {"description": "Not a draft, or this side has already accepted"},
        }
    },
)
def accept_partnership(request: HttpRequest, partnership_id: UUID) -> PartnershipOut:
    """Accept as a named person: a firm's user for the firm, the house's growth consultant or
    manager for the house. Active once both sides have accepted; the terms are frozen at the
    first acceptance."""
    user = api_user(request)
    partnership = get_partnership(user, partnership_id)
    company = partnership.plan.company
    try:
        if is_member_of(user, company):
            accept_as_firm(actor=user, partnership=partnership)
        elif is_house_staff_for(user, company):
            accept_as_house(actor=user, partnership=partnership)
        else:
            raise PermissionDenied
    except PermissionDenied:
        raise HttpError(403, "Forbidden") from None
    except InvalidTransition as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return PartnershipOut.from_model(partnerships_for_listing(user).get(pk=partnership.pk))


@router.get(
    "/partnerships/{partnership_id}",
    response=PartnershipOut,
    summary="One growth partnership",
)
def get_partnership_detail(request: HttpRequest, partnership_id: UUID) -> PartnershipOut:
    """What each side commits to and who accepted it when (staff and the firm only)."""
    partnership = get_partnership(api_user(request), partnership_id)
    return PartnershipOut.from_model(partnership)
