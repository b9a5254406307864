"""E-mail reminders about overdue milestones and actions, at most once a day per item and
recipient (ReminderLog)."""

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vaekst.growthplans.choices import ActionOwnerKind, PlanStatus, ReminderKind
from vaekst.growthplans.models import PlanAction, PlanMilestone, ReminderLog
from vaekst.growthplans.selectors import OPEN_ACTION, OPEN_MILESTONE
from vaekst.organisations.choices import Role

Entry = tuple[str, Any]  # (reminder kind, milestone or action)


def _recipients(item: PlanMilestone | PlanAction) -> list[Any]:
    """The responsible consultant; for the firm's own actions also the firm's users."""
    plan = item.plan
    people = [plan.responsible] if plan.responsible is not None else []
    if isinstance(item, PlanAction) and item.owner_kind == ActionOwnerKind.FIRM:
        people += [
            membership.user
            for membership in plan.company.memberships.select_related("user")
            if membership.user.role == Role.COMPANY_USER
        ]
    return [p for p in people if p.is_active and p.email]


def _overdue(today: datetime.date) -> list[Entry]:
    base = {"plan__status": PlanStatus.ACTIVE, "due_on__lt": today}
    related = ("plan__responsible", "plan__company")
    milestones = PlanMilestone.objects.filter(status__in=OPEN_MILESTONE, **base).select_related(
        *related
    )
    actions = PlanAction.objects.filter(status__in=OPEN_ACTION, **base).select_related(*related)
    entries: list[Entry] = [(ReminderKind.MILESTONE_OVERDUE, m) for m in milestones]
    entries += [(ReminderKind.ACTION_OVERDUE, a) for a in actions]
    return entries


def _line(kind: str, item: Any) -> str:
    if kind == ReminderKind.MILESTONE_OVERDUE:
        line = _("- Milepæl «%(item)s» i «%(plan)s» (%(company)s), frist %(date)s")
    else:
        line = _("- Aktivitet «%(item)s» i «%(plan)s» (%(company)s), frist %(date)s")
    return line % {
        "item": item.title,
        "plan": item.plan.shown_title,
        "company": item.plan.company.name,
        "date": date_format(item.due_on, "SHORT_DATE_FORMAT"),
    }


def send_reminders(today: datetime.date) -> int:
    """Mail each recipient the overdue items not yet reminded about today; returns the
    number of mails sent. Running it twice on one day sends nothing the second time."""
    pending: dict[Any, list[Entry]] = defaultdict(list)
    for kind, item in _overdue(today):
        for person in _recipients(item):
            if not ReminderLog.already_sent(
                kind=kind, recipient_id=person.pk, object_id=item.public_id, on=today
            ):
                pending[person].append((kind, item))
    sent = 0
    for person, entries in pending.items():
        with transaction.atomic():
            try:
                # Log first: if a parallel run logged the same items, it sends instead of us.
                ReminderLog.objects.bulk_create(
                    ReminderLog(kind=k, recipient=person, object_id=i.public_id, sent_on=today)
                    for k, i in entries
                )
            except IntegrityError:
                continue
            lines = "\n".join(_line(kind, item) for kind, item in entries)
            send_mail(
                subject=ngettext(
                    "Vækstplaner: %(count)s overskredet frist",
                    "Vækstplaner: %(count)s overskredne frister",
                    len(entries),
                )
                % {"count": len(entries)},
                message=_("Hej %(person)s\n\nFølgende er ikke nået til tiden:\n\n%(lines)s\n")
                % {"person": person, "lines": lines},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[person.email],
            )
            sent += 1
    return sent
