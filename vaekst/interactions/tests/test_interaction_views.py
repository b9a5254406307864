"""Logging interactions and keeping contacts from the pages; every change is audited."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.interactions.models import Interaction, Person
from vaekst.web.tests.references import reference_problems


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _user(personas, who: str):
    user = personas
    for part in who.split("."):
        user = getattr(user, part)
    return user


def _counts() -> tuple[int, int, int]:
    return Interaction.objects.count(), Person.objects.count(), AuditEntry.objects.count()


def _interaction_data(**overrides) -> dict:
    data = {
        "kind": "meeting",
        "occurred_on": "2025-03-04",
        "duration_minutes": "60",
        "subject": "Vækstkortlægning",
        "notes": "Ambition om eksport",
    }
    data.update(overrides)
    return data


def test_consultant_logs_interaction_with_htmx(client: Client, personas) -> None:
    # given a contact at the firm
    person = Person.objects.create(company=personas.a.company, name="Mette Jensen")
    client.force_login(personas.a.consultant)
    # when
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(persons=[person.pk]),
        HTTP_HX_REQUEST="true",
        REMOTE_ADDR="10.1.2.3",
    )
    # then the timeline fragment shows it
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="timeline"' in response.text and "Vækstkortlægning" in response.text
    interaction = Interaction.objects.get()
    assert interaction.consultant == personas.a.consultant
    assert interaction.organisation == personas.a.house
    assert list(interaction.persons.all()) == [person]
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor == personas.a.consultant
    assert entry.company_cvr == personas.a.company.cvr
    assert entry.region_code == 1084
    assert entry.ip_address == "10.1.2.3"
    assert entry.changes["persons"] == [None, [str(person.public_id)]]


def test_a_logged_interaction_is_announced_and_its_entry_named_for_the_focus(
    client: Client, personas
) -> None:
    # given
    client.force_login(personas.a.consultant)
    # when
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(),
        HTTP_HX_REQUEST="true",
    )
    # then the live region is told what happened, and the new entry can take the focus
    interaction = Interaction.objects.get()
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "vaekst:announce": {
            "message": "Henvendelsen er registreret.",
            "focus": f"interaction-{interaction.public_id}",
        }
    }
    assert f'<li id="interaction-{interaction.public_id}" tabindex="-1">' in response.text


def test_an_invalid_interaction_links_each_error_to_its_field(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(subject=""),
        HTTP_HX_REQUEST="true",
    )
    assert "HX-Trigger-After-Settle" not in response
    assert 'aria-describedby="id_subject_error"' in response.text
    assert 'id="id_subject_error"' in response.text
    assert reference_problems(f"<html><body>{response.text}</body></html>") == []


def test_invalid_interaction_shows_errors_inline_and_saves_nothing(
    client: Client, personas
) -> None:
    client.force_login(personas.a.consultant)
    before = _counts()
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(subject="", occurred_on="not a date"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert '<details class="details" open>' in response.text
    assert _counts() == before


def test_without_htmx_logging_redirects_to_the_company_page(client: Client, personas) -> None:
    client.force_login(personas.a.municipal_consultant)
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("register:company_detail", args=[personas.a.company.cvr])
    assert Interaction.objects.count() == 1


def test_a_person_of_another_firm_cannot_be_attached(client: Client, personas) -> None:
    stranger = Person.objects.create(company=personas.b.company, name="Ole Bjerre")
    client.force_login(personas.a.consultant)
    before = _counts()
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(persons=[stranger.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert _counts() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("b.consultant", 404),
        ("b.municipal_consultant", 404),
        ("b.company_user", 404),
        ("partner_advisor", 404),
        ("a.company_user", 403),
        ("national_admin", 403),
    ],
)
def test_others_cannot_log_interactions(client: Client, personas, who: str, status: int) -> None:
    client.force_login(_user(personas, who))
    before = _counts()
    response = client.post(
        reverse("interactions:interaction_create", args=[personas.a.company.cvr]),
        _interaction_data(),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == status
    assert _counts() == before


def test_consultant_creates_a_contact_and_it_is_audited(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    url = reverse("interactions:person_create", args=[personas.a.company.cvr])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Mette Jensen", "role": "Direktør", "email": "mj@example.dk", "phone": ""}
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interactions:person_detail", args=[person.public_id])
    assert person.created_by_organisation == personas.a.house
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CREATE
    assert entry.object_id == str(person.public_id)
    assert entry.changes == {
        "email": [None, "mj@example.dk"],
        "name": [None, "Mette Jensen"],
        "phone": [None, ""],
        "role": [None, "Direktør"],
    }


def test_consultant_updates_a_contact_and_the_diff_is_audited(client: Client, personas) -> None:
    person = Person.objects.create(company=personas.a.company, name="Mette Jensen", role="CFO")
    client.force_login(personas.a.consultant)
    url = reverse("interactions:person_update", args=[person.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Mette Jensen", "role": "Direktør", "email": ""})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == "Direktør"
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"role": ["CFO", "Direktør"]}


def test_viewing_a_contact_is_audited(client: Client, personas) -> None:
    person = Person.objects.create(company=personas.a.company, name="Mette Jensen")
    client.force_login(personas.a.manager)
    response = client.get(reverse("interactions:person_detail", args=[person.public_id]))
    assert response.status_code == 200
    assert "Mette Jensen" in response.text
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.VIEW,
        personas.a.manager,
        str(person.public_id),
    )


@pytest.mark.parametrize(
    "who",
    ["b.consultant", "b.manager", "b.municipal_consultant", "a.company_user", "partner_advisor"],
)
def test_others_cannot_see_or_change_a_contact(client: Client, personas, who: str) -> None:
    person = Person.objects.create(company=personas.a.company, name="Mette Jensen")
    client.force_login(_user(personas, who))
    before = _counts()
    assert (
        client.get(reverse("interactions:person_detail", args=[person.public_id])).status_code
        == 404
    )
    update = reverse("interactions:person_update", args=[person.public_id])
    assert client.get(update).status_code == 404
    assert client.post(update, {"name": "Hacked"}).status_code == 404
    person.refresh_from_db()
    assert person.name == "Mette Jensen"
    assert _counts() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("b.consultant", 404),
        ("partner_advisor", 404),
        ("a.company_user", 403),
        ("national_admin", 403),
    ],
)
def test_others_cannot_create_contacts(client: Client, personas, who: str, status: int) -> None:
    client.force_login(_user(personas, who))
    before = _counts()
    url = reverse("interactions:person_create", args=[personas.a.company.cvr])
    assert client.get(url).status_code == status
    assert client.post(url, {"name": "Ny"}).status_code == status
    assert _counts() == before


def test_unknown_contact_is_404(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    url = reverse("interactions:person_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_company_page_forms_leave_no_empty_or_dangling_reference(
    client: Client, personas
) -> None:
    # given a firm with a contact, so the timeline form shows its checkbox group
    Person.objects.create(company=personas.a.company, name="Mette Jensen")
    client.force_login(personas.a.consultant)
    # when
    response = client.get(reverse("register:company_detail", args=[personas.a.company.cvr]))
    # then
    assert response.status_code == 200
    assert 'aria-describedby=""' not in response.text
    assert reference_problems(response.text) == []
