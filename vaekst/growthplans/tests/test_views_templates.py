"""Mapping-template pages: the version in force with the region's questions, the versions,
the draft workflow for the national administrator, regional questions for house managers."""

from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import TemplateStatus
from vaekst.growthplans.models import MappingFocusArea, MappingTemplate, RegionalQuestion
from vaekst.growthplans.services import (
    add_regional_question,
    create_template_draft,
    set_focus_area,
)
from vaekst.organisations.models import Region

pytestmark = pytest.mark.django_db
OVERVIEW = "/vaekstkortlaegninger/skabelon/"


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _outsider(personas: Personas, who: str) -> Any:
    return {
        "company_user": personas.a.company_user,
        "partner_advisor": personas.partner_advisor,
        "consultant": personas.a.consultant,
        "manager": personas.a.manager,
        "b_manager": personas.b.manager,
    }[who]


def _question(personas: Personas, text: str = "Grøn omstilling?") -> RegionalQuestion:
    return add_regional_question(
        actor=personas.a.manager, region=Region.objects.get(code=1084), text=text
    )


def _draft(personas: Personas) -> MappingTemplate:
    return create_template_draft(actor=personas.national_admin)


def _snapshot() -> list[Any]:
    return [
        list(MappingTemplate.objects.values_list("version", "status", "title")),
        list(MappingFocusArea.objects.values_list("area__template__version", "key", "title")),
        list(RegionalQuestion.objects.values_list("region_id", "text", "is_active")),
    ]


def test_consultant_reads_template_in_force_and_own_region_questions(personas: Personas) -> None:
    # given
    _question(personas)
    add_regional_question(
        actor=personas.b.manager, region=Region.objects.get(code=1082), text="Kun i B"
    )
    # when
    response = _logged_in(personas.a.consultant).get(OVERVIEW)
    # then
    assert response.status_code == 200
    text = response.content.decode()
    assert "National vækstkortlægning, version 1" in text
    assert "Markedsposition og konkurrenter" in text
    assert "Grøn omstilling?" in text
    assert "Kun i B" not in text
    assert "Tilføj et regionalt spørgsmål" not in text
    assert "Opret kladde" not in text


def test_plan_list_links_to_template(personas: Personas) -> None:
    response = _logged_in(personas.a.consultant).get("/vaekstplaner/")
    assert f'href="{OVERVIEW}"' in response.content.decode()


@pytest.mark.parametrize("who", ["company_user", "partner_advisor"])
def test_firm_users_and_partners_cannot_open_template_pages(personas: Personas, who: str) -> None:
    client = _logged_in(_outsider(personas, who))
    v1 = MappingTemplate.objects.get(version=1)
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(f"{OVERVIEW}{v1.public_id}/").status_code == 403


def test_overview_queries_do_not_grow_with_questions(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    # given
    for number in range(6):
        _question(personas, f"Spørgsmål {number}")
    client = _logged_in(personas.a.manager)
    # when / then
    with django_assert_max_num_queries(9):
        response = client.get(OVERVIEW)
    assert response.content.decode().count("Stil ikke længere spørgsmålet") == 6


def test_national_admin_creates_a_draft(personas: Personas) -> None:
    # when
    response = _logged_in(personas.national_admin).post(f"{OVERVIEW}kladde/", {"title": ""})
    # then
    draft = MappingTemplate.objects.get(version=2)
    assert response.status_code == 302
    assert response["Location"] == f"{OVERVIEW}{draft.public_id}/"
    assert draft.status == TemplateStatus.DRAFT


@pytest.mark.parametrize("who", ["consultant", "manager", "company_user", "partner_advisor"])
def test_others_cannot_create_a_draft(personas: Personas, who: str) -> None:
    before = _snapshot()
    response = _logged_in(_outsider(personas, who)).post(f"{OVERVIEW}kladde/", {})
    assert response.status_code == 403
    assert _snapshot() == before


def test_draft_page_is_the_editor_for_the_national_admin(personas: Personas) -> None:
    draft = _draft(personas)
    response = _logged_in(personas.national_admin).get(f"{OVERVIEW}{draft.public_id}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Offentliggør version" in text
    assert "Fjern fokusområdet" not in text  # every focus area is national


def test_draft_is_not_found_for_house_staff(personas: Personas) -> None:
    draft = _draft(personas)
    v1 = MappingTemplate.objects.get(version=1)
    client = _logged_in(personas.a.manager)
    assert client.get(f"{OVERVIEW}{draft.public_id}/").status_code == 404
    response = client.get(f"{OVERVIEW}{v1.public_id}/")
    assert response.status_code == 200
    assert "Offentliggør version" not in response.content.decode()


def test_national_admin_adds_and_rewords_focus_areas(personas: Personas) -> None:
    # given
    draft = _draft(personas)
    client = _logged_in(personas.national_admin)
    url = f"{OVERVIEW}{draft.public_id}/fokusomraade/"
    # when
    added = client.post(
        url,
        {
            "prefix": "new-focus",
            "new-focus-area_key": "customers_market",
            "new-focus-title": "Digitalt salg",
            "new-focus-guidance": "Sælger virksomheden online?",
        },
    )
    prefix = "f-customers_market-sales"
    reworded = client.post(
        url,
        {
            "prefix": prefix,
            f"{prefix}-key": "sales",
            f"{prefix}-area_key": "customers_market",
            f"{prefix}-title": "Salg og tilbud",
            f"{prefix}-order": "1",
        },
    )
    area = client.post(
        f"{OVERVIEW}{draft.public_id}/omraade/",
        {"prefix": "new-area", "new-area-title": "Bæredygtighed"},
    )
    # then
    assert (added.status_code, reworded.status_code, area.status_code) == (302, 302, 302)
    focus = MappingFocusArea.objects.filter(area__template=draft)
    assert focus.get(key="digitalt_salg").guidance == "Sælger virksomheden online?"
    assert focus.get(key="sales").title == "Salg og tilbud"
    assert draft.areas.filter(key="baeredygtighed").exists()


def test_manager_cannot_edit_the_draft(personas: Personas) -> None:
    draft = _draft(personas)
    before = _snapshot()
    response = _logged_in(personas.a.manager).post(
        f"{OVERVIEW}{draft.public_id}/fokusomraade/",
        {"new-focus-area_key": "customers_market", "new-focus-title": "X"},
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_national_focus_area_removal_is_refused_new_one_removed(personas: Personas) -> None:
    # given
    draft = _draft(personas)
    set_focus_area(
        actor=personas.national_admin, template=draft, area_key="customers_market", title="Ny"
    )
    client = _logged_in(personas.national_admin)
    base = f"{OVERVIEW}{draft.public_id}/fokusomraade/customers_market"
    # when
    refused = client.post(f"{base}/sales/fjern/")
    removed = client.post(f"{base}/ny/fjern/")
    # then
    assert refused.status_code == 400
    assert "kan ikke fjernes" in refused.content.decode()
    assert removed.status_code == 302
    keys = set(MappingFocusArea.objects.filter(area__template=draft).values_list("key", flat=True))
    assert "sales" in keys and "ny" not in keys


def test_consultant_cannot_remove_a_focus_area(personas: Personas) -> None:
    draft = _draft(personas)
    set_focus_area(
        actor=personas.national_admin, template=draft, area_key="customers_market", title="Ny"
    )
    before = _snapshot()
    response = _logged_in(personas.a.consultant).post(
        f"{OVERVIEW}{draft.public_id}/fokusomraade/customers_market/ny/fjern/"
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_publishing_needs_confirmation_then_publishes(personas: Personas) -> None:
    # given
    draft = _draft(personas)
    client = _logged_in(personas.national_admin)
    url = f"{OVERVIEW}{draft.public_id}/offentliggoer/"
    # when
    unconfirmed = client.post(url)
    draft.refresh_from_db()
    assert (unconfirmed.status_code, draft.status) == (400, TemplateStatus.DRAFT)
    confirmed = client.post(url, {"confirm": "1"})
    # then
    draft.refresh_from_db()
    assert (confirmed.status_code, confirmed["Location"]) == (302, OVERVIEW)
    assert draft.status == TemplateStatus.PUBLISHED
    assert "version 2" in client.get(OVERVIEW).content.decode()


@pytest.mark.parametrize("who", ["consultant", "manager", "company_user", "partner_advisor"])
def test_others_cannot_publish(personas: Personas, who: str) -> None:
    draft = _draft(personas)
    before = _snapshot()
    response = _logged_in(_outsider(personas, who)).post(
        f"{OVERVIEW}{draft.public_id}/offentliggoer/", {"confirm": "1"}
    )
    assert response.status_code in (403, 404)
    assert _snapshot() == before


def test_house_manager_adds_a_question_for_own_region(personas: Personas) -> None:
    response = _logged_in(personas.a.manager).post(
        f"{OVERVIEW}spoergsmaal/",
        {"text": "Arbejder I med eksport?", "answer_kind": "yes_no", "region": "1082"},
    )
    assert response.status_code == 302
    question = RegionalQuestion.objects.get()
    # A house manager's region is their house's; a posted region is ignored.
    assert (question.region_id, question.answer_kind) == (1084, "yes_no")


def test_national_admin_adds_a_question_for_a_chosen_region(personas: Personas) -> None:
    client = _logged_in(personas.national_admin)
    response = client.post(
        f"{OVERVIEW}spoergsmaal/", {"text": "Til B", "answer_kind": "text", "region": "1082"}
    )
    assert (response.status_code, response["Location"]) == (302, f"{OVERVIEW}?region=1082")
    assert RegionalQuestion.objects.get().region_id == 1082
    assert "Til B" in client.get(f"{OVERVIEW}?region=1082").content.decode()


@pytest.mark.parametrize("who", ["consultant", "company_user", "partner_advisor"])
def test_others_cannot_add_questions(personas: Personas, who: str) -> None:
    response = _logged_in(_outsider(personas, who)).post(
        f"{OVERVIEW}spoergsmaal/", {"text": "Nej", "answer_kind": "text"}
    )
    assert response.status_code == 403
    assert not RegionalQuestion.objects.exists()


def test_house_manager_updates_and_deactivates_own_question(personas: Personas) -> None:
    # given
    question = _question(personas)
    client = _logged_in(personas.a.manager)
    prefix = f"q{question.public_id.hex[:8]}"
    # when
    updated = client.post(
        f"{OVERVIEW}spoergsmaal/{question.public_id}/",
        {f"{prefix}-text": "Grøn omstilling i gang?", f"{prefix}-answer_kind": "yes_no"},
    )
    deactivated = client.post(f"{OVERVIEW}spoergsmaal/{question.public_id}/deaktiver/")
    # then
    question.refresh_from_db()
    assert (updated.status_code, deactivated.status_code) == (302, 302)
    assert (question.text, question.answer_kind, question.is_active) == (
        "Grøn omstilling i gang?",
        "yes_no",
        False,
    )


@pytest.mark.parametrize("who", ["b_manager", "consultant", "company_user", "partner_advisor"])
def test_others_cannot_change_region_a_questions(personas: Personas, who: str) -> None:
    # given
    question = _question(personas)
    prefix = f"q{question.public_id.hex[:8]}"
    client = _logged_in(_outsider(personas, who))
    before = _snapshot()
    # when
    updated = client.post(
        f"{OVERVIEW}spoergsmaal/{question.public_id}/",
        {f"{prefix}-text": "Ændret", f"{prefix}-answer_kind": "text"},
    )
    deactivated = client.post(f"{OVERVIEW}spoergsmaal/{question.public_id}/deaktiver/")
    # then
    assert updated.status_code in (403, 404) and deactivated.status_code in (403, 404)
    assert _snapshot() == before
