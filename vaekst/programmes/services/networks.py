"""Networks: made from a finished run's cohort (or blank), their members, meetings and the
contact list the member firms consent to.

Who: a network is run by its organisation's caseworkers (a house's manager and consultants,
or a municipality's consultants), the facilitators of the run it grew from, and the national
administrator. A member firm's own users put a contact person of their firm on the list
(their consent, with who gave it and when) and withdraw it; the list shows only consented,
not withdrawn, contacts of current members, to the members' users and to staff who see the
network. Every change is audited on the network.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.interactions.models import Person
from vaekst.organisations.choices import CASEWORKER_ROLES, Role
from vaekst.organisations.scoping import visible_to
from vaekst.programmes.choices import RunStatus
from vaekst.programmes.models import (
    Cohort,
    Enrolment,
    Network,
    NetworkContact,
    NetworkMeeting,
    NetworkMember,
)
from vaekst.programmes.services.runs import may_manage, organiser_for, organiser_region
from vaekst.register.models import Company

MEETING_FIELDS = ("starts_at", "place", "topic", "notes")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def may_manage_network(user: Any, network: Network) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role in CASEWORKER_ROLES and user.organisation_id == network.organisation_id:
        return True
    cohort = network.source_cohort
    return cohort is not None and may_manage(user, cohort.run)


def _require_manager(user: Any, network: Network) -> None:
    if not may_manage_network(user, network):
        raise PermissionDenied("Not allowed to manage this network")


def member_firm(user: Any, network: Network) -> Company | None:
    """The firm a company user acts for, when it is a current member of `network`."""
    if getattr(user, "role", None) != Role.COMPANY_USER or not user.is_active:
        return None
    member = (
        NetworkMember.objects.filter(
            network=network, left_on__isnull=True, company__memberships__user=user
        )
        .select_related("company")
        .first()
    )
    return member.company if member else None


def may_see_contacts(user: Any, network: Network) -> bool:
    """The members' users, and staff who see the network (never another firm's user)."""
    if getattr(user, "role", None) == Role.COMPANY_USER:
        return member_firm(user, network) is not None
    return visible_to(user, Network.objects.filter(pk=network.pk)).exists()


def listed_contacts(network: Network) -> QuerySet[NetworkContact]:
    """The contact list: consented, not withdrawn, of firms that are members now."""
    current = NetworkMember.objects.filter(network=network, left_on__isnull=True)
    return (
        NetworkContact.objects.filter(
            network=network,
            withdrawn_at__isnull=True,
            person__company__in=current.values("company_id"),
        )
        .select_related("person__company")
        .order_by("person__company__name", "person__name")
    )


def _values(network: Network) -> dict[str, Any]:
    return {"name": network.name, "description": network.description}


def _clean(network: Network) -> None:
    network.name = network.name.strip()
    if not network.name:
        raise ValidationError({"name": _("Giv netværket et navn.")})
    network.full_clean()


@transaction.atomic
def create_network(*, actor: Any, name: str, description: str = "") -> Network:
    """A blank network of the actor's own house or municipality."""
    organisation = organiser_for(actor)
    if organisation is None:
        raise PermissionDenied("Only a house's or a municipality's staff make networks")
    network = Network(
        name=name, description=description, organisation=organisation, created_by=actor
    )
    _clean(network)
    network.save()
    record(actor=actor, action=AuditAction.CREATE, obj=network, changes=diff({}, _values(network)))
    return network


@transaction.atomic
def create_network_from_cohort(
    *, actor: Any, cohort: Cohort, name: str, description: str = ""
) -> Network:
    """A network of a finished run's cohort: its enrolled firms become the members, the run's
    organiser the network's organisation; the cohort is locked, as it is now a network."""
    run = cohort.run
    if not may_manage(actor, run):
        raise PermissionDenied("Not allowed to manage this run")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if run.status != RunStatus.FINISHED:
        raise ValidationError(_("Et netværk kan først dannes, når forløbet er afsluttet."))
    if Network.objects.filter(source_cohort=cohort).exists():
        raise ValidationError(_("%(cohort)s er allerede et netværk.") % {"cohort": cohort})
    firms = list(
        Enrolment.objects.enrolled().filter(cohort=cohort).values_list("company_id", flat=True)
    )
    if not firms:
        raise ValidationError(_("Gruppen har ingen tilmeldte virksomheder."))
    network = Network(
        name=name,
        description=description,
        organisation=run.organiser,
        source_cohort=cohort,
        created_by=actor,
    )
    _clean(network)
    network.save()
    today = timezone.localdate()
    NetworkMember.objects.bulk_create(
        NetworkMember(network=network, company_id=company_id, joined_on=today)
        for company_id in firms
    )
    if not cohort.is_locked:
        cohort.is_locked = True
        cohort.save(update_fields=["is_locked"])
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=network,
        changes=diff(
            {},
            {
                **_values(network),
                "run": str(run.public_id),
                "cohort": cohort.number,
                "members": len(firms),
            },  # fmt: skip
        ),
    )
    return network


@transaction.atomic
def update_network(*, actor: Any, network: Network, name: str, description: str) -> Network:
    _require_manager(actor, network)
    before = _values(network)
    network.name, network.description = name, description
    _clean(network)
    network.save(update_fields=["name", "description"])
    changes = diff(before, _values(network))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, obj=network, changes=changes)
    return network


def _region_of(network: Network) -> int | None:
    return organiser_region(network.organisation)


@transaction.atomic
def add_member(*, actor: Any, network: Network, company: Company) -> NetworkMember:
    """Add a firm the actor sees in the network's region (or take it back after it left)."""
    _require_manager(actor, network)
    visible = visible_to(actor, Company.objects.filter(pk=company.pk)).exists()
    region = _region_of(network)
    if not visible or (region is not None and company.region_id != region):
        raise ValidationError(_("Virksomheden findes ikke i netværkets region."))
    member = NetworkMember.objects.filter(network=network, company=company).first()
    if member is not None and member.left_on is None:
        raise ValidationError(_("%(firm)s er allerede med i netværket.") % {"firm": company.name})
    if member is None:
        member = NetworkMember.objects.create(
            network=network, company=company, joined_on=timezone.localdate()
        )
    else:
        member.joined_on, member.left_on = timezone.localdate(), None
        member.save(update_fields=["joined_on", "left_on"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=network,
        company=company,
        changes={"member": [None, company.cvr_display]},
    )
    return member


@transaction.atomic
def remove_member(*, actor: Any, member: NetworkMember) -> NetworkMember:
    """The firm leaves the network (kept as history); its contacts leave the list with it."""
    _require_manager(actor, member.network)
    if member.left_on is not None:
        return member
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member.network,
        company=member.company,
        changes={"member": [member.company.cvr_display, None]},
    )
    return member


def _meeting_values(meeting: NetworkMeeting) -> dict[str, Any]:
    return {f"meeting.{field}": _json(getattr(meeting, field)) for field in MEETING_FIELDS}


@transaction.atomic
def add_meeting(*, actor: Any, network: Network, **fields: Any) -> NetworkMeeting:
    _require_manager(actor, network)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Unknown meeting fields: {sorted(unknown)}")
    meeting = NetworkMeeting(network=network, **fields)
    meeting.full_clean()
    meeting.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=network,
        changes=diff({}, _meeting_values(meeting)),
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor: Any, meeting: NetworkMeeting, **fields: Any) -> NetworkMeeting:
    _require_manager(actor, meeting.network)
    before = _meeting_values(meeting)
    for field, value in fields.items():
        if field not in MEETING_FIELDS:
            raise ValueError(f"Unknown meeting field: {field}")
        setattr(meeting, field, value)
    meeting.full_clean()
    meeting.save()
    changes = diff(before, _meeting_values(meeting))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, obj=meeting.network, changes=changes)
    return meeting


@transaction.atomic
def remove_meeting(*, actor: Any, meeting: NetworkMeeting) -> None:
    _require_manager(actor, meeting.network)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=meeting.network,
        changes=diff(_meeting_values(meeting), {}),
    )
    meeting.delete()


# -- the contact list: the firm's consent ---------------------------------------------------


def _require_member(actor: Any, network: Network) -> Company:
    company = member_firm(actor, network)
    if company is None:
        raise PermissionDenied("Only a member firm's users put contacts on the list")
    return company


@transaction.atomic
def consent_contact(
    *, actor: Any, network: Network, person: Person | None = None
) -> NetworkContact:
    """A member firm's user puts a contact person of their firm on the network's contact
    list, with their consent; without `person`, themselves (a contact person is made from
    their own name and e-mail, or the firm's one with that e-mail is used)."""
    company = _require_member(actor, network)
    if person is None:
        name = actor.get_full_name().strip() or actor.get_username()
        same = Person.objects.filter(company=company, email__iexact=actor.email)
        person = same.first() if actor.email else None
        if person is None:
            person = Person.objects.create(company=company, name=name, email=actor.email or "")
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=person,
                company=company,
                changes=diff({}, {"name": person.name, "email": person.email}),
            )
    elif person.company_id != company.pk:
        raise PermissionDenied("The person is not of the actor's firm")
    now = timezone.now()
    contact, created = NetworkContact.objects.get_or_create(
        network=network,
        person=person,
        defaults={"consented_at": now, "consented_by": actor},
    )
    if not created:
        if contact.withdrawn_at is None:
            raise ValidationError(
                _("%(person)s er allerede på kontaktlisten.") % {"person": person.name}
            )
        contact.consented_at, contact.consented_by, contact.withdrawn_at = now, actor, None
        contact.save(update_fields=["consented_at", "consented_by", "withdrawn_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=network,
        company=company,
        changes={"contact": [None, str(person.public_id)]},
    )
    return contact


@transaction.atomic
def withdraw_contact(*, actor: Any, contact: NetworkContact) -> NetworkContact:
    """The firm withdraws its consent: the person leaves the contact list at once."""
    company = member_firm(actor, contact.network)
    if company is None or contact.person.company_id != company.pk:
        raise PermissionDenied("Only the person's firm withdraws its consent")
    if contact.withdrawn_at is not None:
        return contact
    contact.withdrawn_at = timezone.now()
    contact.save(update_fields=["withdrawn_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=contact.network,
        company=company,
        changes={"contact": [str(contact.person.public_id), None]},
    )
    return contact
