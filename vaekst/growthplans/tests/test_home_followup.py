"""The home page tells a consultant about overdue items in the plans they are responsible
for, and a partner about referrals waiting for an answer."""

from typing import Any

from django.test import Client

from conftest import Personas
from vaekst.growthplans.models import GrowthPlan
from vaekst.growthplans.services import refer_company


def test_consultant_sees_overdue_items_of_own_plans(personas: Personas, plan_a: GrowthPlan) -> None:
    client = Client()
    client.force_login(personas.a.consultant)
    page = client.get("/").content.decode()
    assert "overskredne milepæle og aktiviteter i dine vækstplaner" in page
    assert "/vaekstplaner/opfoelgning/" in page


def test_other_houses_consultant_is_not_told_about_them(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    client = Client()
    client.force_login(personas.b.consultant)
    page = client.get("/").content.decode()
    assert "overskred" not in page


def test_partner_sees_waiting_referrals(personas: Personas, plan_a: Any) -> None:
    refer_company(
        actor=personas.a.consultant,
        company=personas.a.company,
        to_organisation=personas.partner,
        note="Finansiering af vækst",
    )
    client = Client()
    client.force_login(personas.partner_advisor)
    page = client.get("/").content.decode()
    assert "1 ny henvisning venter på svar" in page
