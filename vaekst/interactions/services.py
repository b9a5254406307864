"""State changes for contacts and interactions. Personal data: every change is audited."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import diff, record
from vaekst.interactions.models import Interaction, Person
from vaekst.organisations.scoping import visible_to
from vaekst.register.models import Company

PERSON_FIELDS = ("name", "role", "email", "phone")


def may_keep_contacts(actor: Any, company: Company) -> bool:
    """Caseworkers keep contacts and log interactions for the firms in their area."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_caseworker:
        return False
    return visible_to(actor, Company.objects.filter(pk=company.pk)).exists()


def _check(actor: Any, company: Company) -> None:
    if not may_keep_contacts(actor, company):
        raise PermissionDenied("Not allowed to keep contacts for this company")


def _person_values(person: Person) -> dict[str, Any]:
    return {field: getattr(person, field) for field in PERSON_FIELDS}


@transaction.atomic
def create_person(
    *,
    actor: Any,
    company: Company,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    ip_address: str | None = None,
) -> Person:
    _check(actor, company)
    person = Person(
        company=company,
        name=name,
        role=role,
        email=email,
        phone=phone,
        created_by_organisation=actor.organisation,
    )
    person.full_clean()
    person.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        company=company,
        changes=diff({}, _person_values(person)),
        ip_address=ip_address,
    )
    return person


@transaction.atomic
def update_person(
    *,
    actor: Any,
    person: Person,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    ip_address: str | None = None,
) -> Person:
    """Change a contact's data; writes an audit entry with the changed fields (none if
    nothing changed)."""
    company = person.company
    _check(actor, company)
    # Lock the row so two simultaneous edits produce two correct diffs.
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _person_values(person)
    person.name, person.role, person.email, person.phone = name, role, email, phone
    person.full_clean()
    changes = diff(before, _person_values(person))
    if changes:
        person.save(update_fields=[*changes, "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            company=company,
            changes=changes,
            ip_address=ip_address,
        )
    return person


@transaction.atomic
def log_interaction(
    *,
    actor: Any,
    company: Company,
    kind: str,
    occurred_on: date,
    duration_minutes: int | None,
    subject: str,
    notes: str,
    persons: Iterable[Person] = (),
    ip_address: str | None = None,
) -> Interaction:
    """Put a meeting, call, e-mail or note on the company's timeline. Interactions hold notes
    about people, so each is audited with the persons it mentions."""
    _check(actor, company)
    persons = list(persons)
    if any(person.company_id != company.pk for person in persons):
        raise ValidationError({"persons": _("Kontaktpersonen hører ikke til virksomheden.")})
    interaction = Interaction(
        company=company,
        kind=kind,
        consultant=actor,
        organisation=actor.organisation,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        subject=subject,
        notes=notes,
    )
    interaction.full_clean()
    interaction.save()
    interaction.persons.set(persons)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=interaction,
        company=company,
        changes=diff(
            {},
            {
                "kind": kind,
                "occurred_on": occurred_on.isoformat(),
                "duration_minutes": duration_minutes,
                "subject": subject,
                "notes": notes,
                "persons": [str(person.public_id) for person in persons],
            },
        ),
        ip_address=ip_address,
    )
    return interaction


def note_person_viewed(*, actor: Any, person: Person, ip_address: str | None = None) -> None:
    """Opening a contact's record is itself recorded."""
    record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=person,
        company=person.company,
        ip_address=ip_address,
    )
