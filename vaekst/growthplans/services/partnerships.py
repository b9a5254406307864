"""Growth partnerships (draft → active → fulfilled | ended) and referrals
(sent → accepted | declined; accepted → completed)."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.growthplans.choices import PartnershipStatus, ReferralStatus
from vaekst.growthplans.models import (
    OPEN_PARTNERSHIP_STATUSES,
    GrowthPartnership,
    GrowthPlan,
    PlanAction,
    PlanMilestone,
    Referral,
)
from vaekst.growthplans.services.common import (
    is_house_staff_for,
    is_member_of,
    require_staff,
)
from vaekst.growthplans.terms import freeze_terms
from vaekst.offers.eligibility import eligibility_for_company
from vaekst.offers.models import Offer
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company


class InvalidTransition(ValidationError):
    """The partnership or referral is not in a state that allows this step."""


def _locked(partnership: GrowthPartnership) -> GrowthPartnership:
    return (
        GrowthPartnership.objects.select_for_update()
        .select_related("plan__company")
        .get(pk=partnership.pk)
    )


def _audit(actor: Any, obj: Any, company: Company, changes: dict[str, Any]) -> None:
    record(actor=actor, action=AuditAction.UPDATE, obj=obj, company=company, changes=changes)


@transaction.atomic
def propose_partnership(
    *,
    actor: Any,
    plan: GrowthPlan,
    firm_commitment: str,
    house_commitment: str,
    house_hours: Decimal | None = None,
    house_offers: Iterable[Offer] = (),
    firm_milestones: Iterable[PlanMilestone] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> GrowthPartnership:
    """A caseworker drafts the partnership; both sides then accept it."""
    require_staff(actor, plan.company)
    if not plan.is_active:
        raise ValidationError(_("Planen er arkiveret."))
    if plan.partnerships.filter(status__in=OPEN_PARTNERSHIP_STATUSES).exists():
        raise InvalidTransition(_("Planen har allerede et partnerskab i gang."))
    offers = list(house_offers)
    refused = [
        e for e in eligibility_for_company(company=plan.company, offers=offers) if not e.allowed
    ]
    if refused:
        raise ValidationError(
            {"house_offers": [f"{e.offer.shown_title}: {e.reason}" for e in refused]}
        )
    milestones = list(firm_milestones)
    if any(m.plan_id != plan.pk for m in milestones):
        raise ValidationError({"firm_milestones": _("Milepælen hører ikke til planen.")})
    partnership = GrowthPartnership(
        plan=plan,
        firm_commitment=firm_commitment,
        house_commitment=house_commitment,
        house_hours=house_hours,
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_by=actor,
    )
    partnership.full_clean()
    partnership.save()
    partnership.house_offers.set(offers)
    partnership.firm_milestones.set(milestones)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=partnership,
        company=plan.company,
        changes={"status": [None, PartnershipStatus.DRAFT]},
    )
    return partnership


def _freeze_on_first_acceptance(partnership: GrowthPartnership) -> dict[str, Any]:
    """Record what is accepted when the first side accepts; the second accepts the same."""
    if partnership.accepted_terms:
        return {}
    # The plan row stays locked to the end of the transaction: no edit can slip in between
    # reading its revision and reading its goals and milestones.
    plan = GrowthPlan.objects.select_for_update().get(pk=partnership.plan_id)
    partnership.accepted_revision = plan.revision
    partnership.accepted_terms = freeze_terms(partnership, plan.revision)
    return {"accepted_revision": [None, plan.revision]}


def _activate_if_both(partnership: GrowthPartnership, now: datetime.datetime) -> None:
    if partnership.firm_accepted_at and partnership.house_accepted_at:
        partnership.status = PartnershipStatus.ACTIVE
        partnership.activated_at = now
        partnership.starts_on = partnership.starts_on or timezone.localdate()


@transaction.atomic
def accept_as_firm(*, actor: Any, partnership: GrowthPartnership) -> GrowthPartnership:
    """A named user of the firm accepts; active once the house has accepted too."""
    partnership = _locked(partnership)
    if not is_member_of(actor, partnership.plan.company):
        raise PermissionDenied("Only the firm's own users accept for the firm")
    if partnership.status != PartnershipStatus.DRAFT or partnership.firm_accepted_at:
        raise InvalidTransition(_("Partnerskabet kan ikke accepteres af virksomheden nu."))
    now = timezone.now()
    partnership.firm_accepted_by, partnership.firm_accepted_at = actor, now
    frozen = _freeze_on_first_acceptance(partnership)
    _activate_if_both(partnership, now)
    partnership.save()
    _audit(
        actor,
        partnership,
        partnership.plan.company,
        {"firm_accepted_at": [None, str(now)], **frozen},
    )
    return partnership


@transaction.atomic
def accept_as_house(*, actor: Any, partnership: GrowthPartnership) -> GrowthPartnership:
    """Staff of the house of the firm's region accept for the house (not a municipality)."""
    partnership = _locked(partnership)
    if not is_house_staff_for(actor, partnership.plan.company):
        raise PermissionDenied("Only the staff of the firm's growth house accept for the house")
    if partnership.status != PartnershipStatus.DRAFT or partnership.house_accepted_at:
        raise InvalidTransition(_("Partnerskabet kan ikke accepteres af huset nu."))
    now = timezone.now()
    partnership.house_accepted_by, partnership.house_accepted_at = actor, now
    frozen = _freeze_on_first_acceptance(partnership)
    _activate_if_both(partnership, now)
    partnership.save()
    _audit(
        actor,
        partnership,
        partnership.plan.company,
        {"house_accepted_at": [None, str(now)], **frozen},
    )
    return partnership


@transaction.atomic
def fulfil_partnership(*, actor: Any, partnership: GrowthPartnership) -> GrowthPartnership:
    partnership = _locked(partnership)
    require_staff(actor, partnership.plan.company)
    if partnership.status != PartnershipStatus.ACTIVE:
        raise InvalidTransition(_("Kun et aktivt partnerskab kan opfyldes."))
    partnership.status = PartnershipStatus.FULFILLED
    partnership.closed_at, partnership.closed_by = timezone.now(), actor
    partnership.save()
    _audit(
        actor,
        partnership,
        partnership.plan.company,
        {"status": [PartnershipStatus.ACTIVE, PartnershipStatus.FULFILLED]},
    )
    return partnership


@transaction.atomic
def end_partnership(
    *, actor: Any, partnership: GrowthPartnership, reason: str
) -> GrowthPartnership:
    """End a draft or active partnership early, with a reason."""
    partnership = _locked(partnership)
    require_staff(actor, partnership.plan.company)
    if partnership.status not in OPEN_PARTNERSHIP_STATUSES:
        raise InvalidTransition(_("Partnerskabet er allerede afsluttet."))
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor partnerskabet afsluttes."})
    before = partnership.status
    partnership.status = PartnershipStatus.ENDED
    partnership.ended_reason = reason.strip()
    partnership.closed_at, partnership.closed_by = timezone.now(), actor
    partnership.save()
    _audit(
        actor,
        partnership,
        partnership.plan.company,
        {"status": [before, PartnershipStatus.ENDED], "ended_reason": [None, reason]},
    )
    return partnership


# Referrals ---------------------------------------------------------------------------------


@transaction.atomic
def refer_company(
    *,
    actor: Any,
    company: Company,
    to_organisation: Organisation,
    note: str = "",
    source_action: PlanAction | None = None,
) -> Referral:
    """Pass the firm on to a partner, another house or a municipality."""
    require_staff(actor, company)
    if not to_organisation.is_active or to_organisation.pk == actor.organisation_id:
        raise ValidationError({"to_organisation": _("Vælg en anden, aktiv organisation.")})
    if to_organisation.is_national:
        raise ValidationError(
            {"to_organisation": _("Henvis til en partner, et hus eller en kommune.")}
        )
    referral = Referral.objects.create(
        company=company,
        source_action=source_action,
        from_organisation=actor.organisation,
        to_organisation=to_organisation,
        referred_by=actor,
        note=note,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        company=company,
        changes={"to_organisation": [None, to_organisation.name], "note": [None, note]},
    )
    return referral


def refer_from_action(
    *, actor: Any, action: PlanAction, to_organisation: Organisation | None = None, note: str = ""
) -> Referral:
    """Refer the firm to the action's partner (or `to_organisation`)."""
    target = to_organisation or action.owner_organisation
    if target is None:
        raise ValidationError({"to_organisation": _("Vælg hvem virksomheden henvises til.")})
    return refer_company(
        actor=actor,
        company=action.plan.company,
        to_organisation=target,
        note=note or action.title,
        source_action=action,
    )


def _receiver(actor: Any, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update().select_related("company").get(pk=referral.pk)
    if (
        not getattr(actor, "is_authenticated", False)
        or not actor.is_active
        or actor.is_company_user
        or actor.organisation_id != referral.to_organisation_id
    ):
        raise PermissionDenied("Only the receiving organisation answers a referral")
    return referral


@transaction.atomic
def respond_to_referral(
    *, actor: Any, referral: Referral, accept: bool, note: str = ""
) -> Referral:
    referral = _receiver(actor, referral)
    if referral.status != ReferralStatus.SENT:
        raise InvalidTransition(_("Henvisningen er allerede besvaret."))
    referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    referral.responded_by, referral.responded_at = actor, timezone.now()
    referral.response_note = note
    referral.save()
    _audit(actor, referral, referral.company, {"status": [ReferralStatus.SENT, referral.status]})
    return referral


@transaction.atomic
def complete_referral(
    *,
    actor: Any,
    referral: Referral,
    outcome_kind: str,
    outcome_text: str = "",
    outcome_amount: int | None = None,
) -> Referral:
    referral = _receiver(actor, referral)
    if referral.status != ReferralStatus.ACCEPTED:
        raise InvalidTransition(_("Kun en accepteret henvisning kan gennemføres."))
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = timezone.now()
    referral.outcome_kind, referral.outcome_text = outcome_kind, outcome_text
    referral.outcome_amount = outcome_amount
    referral.full_clean()
    referral.save()
    _audit(
        actor,
        referral,
        referral.company,
        {
            "status": [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
            "outcome_kind": [None, outcome_kind],
        },
    )
    return referral
