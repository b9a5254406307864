"""Mapping pages: start, fill in, complete, compare (radar data and table), scope."""

import datetime
from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import Mapping, MappingAnswer

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _details(**extra: str) -> dict[str, str]:
    data = {
        "m-held_on": "2025-02-03",
        "m-participants": "Direktør og CFO",
        "m-ambition_jobs": "6",
        "m-ambition_revenue": "30000000",
        "m-target_year": "2028",
        "m-barriers": "Kapital",
        "m-capital_need": "1500000",
        "status-sales": "3",
        "priority-sales": "high",
        "note-sales": "Bedre end sidst",
        "status-capital_access": "2",
    }
    data.update(extra)
    return data


def test_consultant_starts_a_mapping(personas: Personas) -> None:
    company = personas.a.company
    response = _logged_in(personas.a.consultant).post(
        f"/virksomheder/{company.cvr}/vaekstkortlaegning/ny/",
        {"held_on": "2025-02-03", "participants": "Direktør"},
    )
    mapping = Mapping.objects.get(company=company)
    assert response.status_code == 302
    assert response["Location"] == f"/vaekstkortlaegninger/{mapping.public_id}/"
    assert (mapping.held_on, mapping.participants) == (datetime.date(2025, 2, 3), "Direktør")
    assert mapping.consultant == personas.a.consultant


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_start_a_mapping(personas: Personas, who: str) -> None:
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    response = _logged_in(user).post(
        f"/virksomheder/{personas.a.company.cvr}/vaekstkortlaegning/ny/",
        {"held_on": "2025-02-03"},
    )
    assert response.status_code == 404
    assert Mapping.objects.count() == 0


def test_fill_in_and_complete_then_compare_with_the_previous(
    personas: Personas, mapping_a: Mapping
) -> None:
    client = _logged_in(personas.a.consultant)
    client.post(
        f"/virksomheder/{personas.a.company.cvr}/vaekstkortlaegning/ny/",
        {"held_on": "2025-02-03"},
    )
    mapping = Mapping.objects.exclude(pk=mapping_a.pk).get()
    url = f"/vaekstkortlaegninger/{mapping.public_id}/"
    # when: saved as draft, then completed
    draft = client.post(url, _details())
    assert draft.status_code == 302
    mapping.refresh_from_db()
    assert mapping.status == MappingStatus.DRAFT
    assert (mapping.ambition_jobs, mapping.capital_need) == (6, 1_500_000)
    answer = MappingAnswer.objects.get(mapping=mapping, focus_area__key="sales")
    assert (answer.status, answer.priority, answer.note) == (3, "high", "Bedre end sidst")
    done = client.post(url, _details(complete="1"))
    assert done.status_code == 302
    mapping.refresh_from_db()
    assert mapping.status == MappingStatus.COMPLETED
    # then: the page compares with the first mapping, as chart data and as a table
    page = client.get(url)
    comparison = {row.key.split(".")[1]: row for row in page.context["comparison"]["rows"]}
    assert (comparison["sales"].current, comparison["sales"].previous) == (3, 2)
    assert (comparison["capital_access"].current, comparison["capital_access"].previous) == (2, 1)
    chart = page.context["comparison"]["chart"]
    assert len(chart["datasets"]) == 2
    assert chart["datasets"][0]["label"] == "Nu (03.02.2025)"
    assert 'id="radar-data"' in page.content.decode()


def test_completing_without_any_status_is_refused(personas: Personas) -> None:
    client = _logged_in(personas.a.consultant)
    client.post(
        f"/virksomheder/{personas.a.company.cvr}/vaekstkortlaegning/ny/",
        {"held_on": "2025-02-03"},
    )
    mapping = Mapping.objects.get()
    response = client.post(
        f"/vaekstkortlaegninger/{mapping.public_id}/",
        {"m-held_on": "2025-02-03", "complete": "1"},
    )
    assert response.status_code == 400
    assert "Giv mindst ét fokusområde en status" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.status == MappingStatus.DRAFT


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_open_or_change_a_mapping(
    personas: Personas, mapping_a: Mapping, who: str
) -> None:
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    client = _logged_in(user)
    url = f"/vaekstkortlaegninger/{mapping_a.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(url, _details()).status_code == 404
    mapping_a.refresh_from_db()
    assert mapping_a.ambition_jobs == 10


def test_company_section_shows_mappings_plan_and_buttons(personas: Personas, plan_a: Any) -> None:
    page = _logged_in(personas.a.consultant).get(f"/virksomheder/{personas.a.company.cvr}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Vækstkortlægning og vækstplan" in body
    assert f"/vaekstplaner/{plan_a.public_id}/" in body
    assert "Ny vækstkortlægning" in body
    assert "1. marts 2024" in body


def test_company_section_is_hidden_from_the_firm_and_partners(
    personas: Personas, plan_a: Any
) -> None:
    page = _logged_in(personas.a.company_user).get(f"/virksomheder/{personas.a.company.cvr}/")
    assert "Vækstkortlægning og vækstplan" not in page.content.decode()
