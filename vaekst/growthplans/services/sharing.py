"""The firm's consent to share its plan with a partner, and invitations to colleagues."""

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.accounts.models import User, hash_token
from vaekst.accounts.services import create_user
from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.growthplans.models import CompanyInvitation, GrowthPlan, PlanShare
from vaekst.growthplans.services.common import is_member_of
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Organisation
from vaekst.register.models import CompanyMembership

INVITATION_VALID_FOR = datetime.timedelta(days=14)


@transaction.atomic
def share_with_partner(
    *,
    actor: Any,
    plan: GrowthPlan,
    organisation: Organisation,
    goals: bool = True,
    milestones: bool = True,
    actions: bool = False,
    mapping: bool = False,
) -> PlanShare:
    """The firm lets a partner see chosen parts of its plan. Sharing again with the same
    partner changes the parts of the consent in force."""
    if not is_member_of(actor, plan.company):
        raise PermissionDenied("Only the firm's own users share its plan")
    if not organisation.is_partner or not organisation.is_active:
        raise ValidationError({"organisation": _("Planen kan kun deles med en aktiv partner.")})
    if not (goals or milestones or actions or mapping):
        raise ValidationError(_("Vælg mindst én del af planen."))
    parts = {
        "share_goals": goals,
        "share_milestones": milestones,
        "share_actions": actions,
        "share_mapping": mapping,
    }
    share = (
        PlanShare.objects.active()
        .select_for_update()
        .filter(plan=plan, organisation=organisation)
        .first()
    )
    if share is None:
        share = PlanShare.objects.create(
            plan=plan, organisation=organisation, granted_by=actor, **parts
        )
    else:
        for name, value in parts.items():
            setattr(share, name, value)
        share.granted_by = actor
        share.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=share,
        company=plan.company,
        changes={"organisation": [None, organisation.name], "parts": [None, share.parts]},
    )
    return share


@transaction.atomic
def withdraw_share(*, actor: Any, share: PlanShare) -> PlanShare:
    """Withdraw consent: from now on the partner sees nothing of the plan."""
    share = PlanShare.objects.select_for_update().select_related("plan__company").get(pk=share.pk)
    if not is_member_of(actor, share.plan.company):
        raise PermissionDenied("Only the firm's own users withdraw its consent")
    if share.withdrawn_at is not None:
        raise ValidationError(_("Delingen er allerede trukket tilbage."))
    share.withdrawn_at, share.withdrawn_by = timezone.now(), actor
    share.save(update_fields=["withdrawn_at", "withdrawn_by"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=share,
        company=share.plan.company,
        changes={"withdrawn_at": [None, share.withdrawn_at.isoformat()]},
    )
    return share


@transaction.atomic
def invite_colleague(*, actor: Any, email: str) -> tuple[CompanyInvitation, str]:
    """A firm's user invites a colleague to the firm. Returns the invitation and the raw
    token (shown or mailed once; only its hash is stored)."""
    membership = CompanyMembership.objects.filter(user=actor).select_related("company").first()
    if membership is None or not is_member_of(actor, membership.company):
        raise PermissionDenied("Only a firm's user invites colleagues")
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": _("Skriv en e-mailadresse.")})
    raw = secrets.token_urlsafe(32)
    invitation = CompanyInvitation(
        company=membership.company,
        email=email,
        invited_by=actor,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    invitation.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=invitation,
        company=membership.company,
        changes={"email": [None, email]},
    )
    return invitation, raw


@transaction.atomic
def accept_invitation(
    *,
    raw_token: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """The colleague becomes a user of the firm, in the inviter's organisation."""
    invitation = (
        CompanyInvitation.objects.select_for_update(of=("self",))
        .select_related("invited_by__organisation", "company")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= timezone.now()
    ):
        raise ValidationError(_("Invitationen er ugyldig eller udløbet."))
    organisation = invitation.invited_by.organisation
    if organisation is None:
        raise ValidationError(_("Invitationen er ugyldig eller udløbet."))
    user = create_user(
        username=username,
        password=password,
        organisation=organisation,
        role=Role.COMPANY_USER,
        first_name=first_name,
        last_name=last_name,
        email=invitation.email,
    )
    CompanyMembership.objects.create(user=user, company=invitation.company)
    invitation.accepted_at, invitation.accepted_user = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record(
        actor=user,
        action=AuditAction.CREATE,
        obj=invitation,
        company=invitation.company,
        changes={"accepted_user": [None, user.username]},
    )
    return user
