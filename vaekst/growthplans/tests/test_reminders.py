import datetime

from django.core import mail
from django.core.management import call_command

from conftest import Personas
from vaekst.growthplans.models import GrowthPlan, ReminderLog
from vaekst.growthplans.reminders import send_reminders
from vaekst.growthplans.selectors import overdue_items

DAY = datetime.date(2024, 7, 1)


def test_overdue_items_for_the_responsible_consultant(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    items = overdue_items(personas.a.consultant, DAY, mine_only=True)
    assert [(i.kind, i.item.title) for i in items] == [
        ("action", "Skriv jobopslag"),
        ("action", "Introducér til bank"),
    ]
    assert overdue_items(personas.a.manager, DAY, mine_only=True) == []
    assert len(overdue_items(personas.a.manager, DAY)) == 2
    assert overdue_items(personas.b.consultant, DAY) == []


def test_reminders_are_sent_once_a_day(personas: Personas, plan_a: GrowthPlan) -> None:
    personas.a.consultant.email = "konsulent@hus.dk"
    personas.a.consultant.save()
    personas.a.company_user.email = "ejer@firma.dk"
    personas.a.company_user.save()
    # when
    assert send_reminders(DAY) == 2
    assert send_reminders(DAY) == 0
    # then the consultant got both items, the firm only its own action
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_recipient) == {"konsulent@hus.dk", "ejer@firma.dk"}
    assert "Introducér til bank" in by_recipient["konsulent@hus.dk"]
    assert "Introducér til bank" not in by_recipient["ejer@firma.dk"]
    assert ReminderLog.objects.count() == 3
    # the next day they go out again
    call_command("send_reminders", "--date", "2024-07-02")
    assert len(mail.outbox) == 4
