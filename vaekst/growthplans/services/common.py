"""Who may act, and the optimistic lock every plan change goes through."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.growthplans.models import GrowthPlan, PlanVersion
from vaekst.growthplans.versions import snapshot
from vaekst.organisations.choices import OrganisationKind, Role
from vaekst.organisations.scoping import visible_to
from vaekst.register.models import Company, CompanyMembership


class StaleRevision(Exception):
    """The plan changed since the editor opened it; nothing was saved."""

    def __init__(self, plan: GrowthPlan, expected_revision: int) -> None:
        self.plan = plan
        self.expected_revision = expected_revision
        self.current_revision = plan.revision
        who = str(plan.updated_by) if plan.updated_by_id else _("en anden bruger")
        when = timezone.localtime(plan.updated_at).strftime("%H:%M")
        self.message = _(
            "Planen er ændret af %(who)s kl. %(when)s, siden du åbnede den. Genindlæs og prøv igen."
        ) % {"who": who, "when": when}
        super().__init__(self.message)


def _active(user: Any) -> bool:
    organisation = getattr(user, "organisation", None)
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organisation is not None
        and organisation.is_active
    )


def works_on_plans(actor: Any) -> bool:
    """Caseworkers and national administrators of an active organisation: staff for the
    plans of every firm they can see."""
    return _active(actor) and (actor.is_caseworker or actor.is_national_admin)


def is_staff_for(actor: Any, company: Company) -> bool:
    """Caseworkers of the firm's area and national administrators work on its plans."""
    if not works_on_plans(actor):
        return False
    return visible_to(actor, Company.objects.filter(pk=company.pk)).exists()


def is_caseworker_for(actor: Any, company: Company) -> bool:
    """A caseworker (not the national level) of the firm's area: may sign for the house."""
    return is_staff_for(actor, company) and actor.is_caseworker


def is_house_staff_for(actor: Any, company: Company) -> bool:
    """Staff of the growth house of the firm's region (a growth consultant or the house's
    manager): the only ones who may sign for the house. A municipal consultant also works on
    the firm's plan but does not speak for the house."""
    if not _active(actor) or actor.role not in (Role.HOUSE_MANAGER, Role.GROWTH_CONSULTANT):
        return False
    house = actor.organisation
    return (
        house.kind == OrganisationKind.GROWTH_HOUSE
        and company.region_id is not None
        and company.region_id == house.region_id
        and is_staff_for(actor, company)
    )


def is_member_of(actor: Any, company: Company) -> bool:
    """A user of the firm itself."""
    if not _active(actor) or actor.role != Role.COMPANY_USER:
        return False
    return CompanyMembership.objects.filter(user=actor, company=company).exists()


def require_staff(actor: Any, company: Company) -> None:
    if not is_staff_for(actor, company):
        raise PermissionDenied("Not allowed to work on this company's growth plans")


def require_staff_or_member(actor: Any, company: Company) -> None:
    if not (is_staff_for(actor, company) or is_member_of(actor, company)):
        raise PermissionDenied("Not allowed to work on this company's growth plan")


def claim_revision(*, plan: GrowthPlan, expected_revision: int, actor: Any) -> GrowthPlan:
    """Move the plan from `expected_revision` to the next, or raise StaleRevision.

    A conditional UPDATE ... WHERE revision = expected: of two concurrent saves only one
    matches the row (the other waits for the row lock, then finds the revision moved on), so
    both cannot win. Call it first inside the service's transaction; an error later rolls the
    claim back with everything else.
    """
    claimed = GrowthPlan.objects.filter(pk=plan.pk, revision=expected_revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), updated_by=actor
    )
    current = GrowthPlan.objects.select_related("updated_by", "company__municipality").get(
        pk=plan.pk
    )
    if not claimed:
        raise StaleRevision(current, expected_revision)
    return current


def write_version(*, plan: GrowthPlan, actor: Any, change: dict[str, Any]) -> PlanVersion:
    """Keep the plan as it now stands as version number = its revision, and audit it.
    `change` says what changed as data (see `growthplans.changes`), worded when shown."""
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.revision,
        created_by=actor if getattr(actor, "pk", None) else None,
        snapshot=snapshot(plan),
        change=change,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE if plan.revision > 1 else AuditAction.CREATE,
        obj=plan,
        company=plan.company,
        changes={"version": [plan.revision - 1 or None, plan.revision], "summary": [None, change]},
    )
    return version
