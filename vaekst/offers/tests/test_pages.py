"""The offer pages: each with a happy path and a refusal that changes nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from conftest import PASSWORD, Personas
from vaekst.audit.models import AuditEntry
from vaekst.offers.models import EligibilityOverride, Offer
from vaekst.offers.tests.conftest import Catalogue, make_offer, place


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def firm_page(catalogue_company) -> str:
    return f"/virksomheder/{catalogue_company.cvr}/tilbud/"


def test_catalogue_lists_offers_nationwide_with_allowances(personas, catalogue) -> None:
    response = login(personas.a.municipal_consultant).get("/tilbud/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Vækstkortlægning", "Kapital Hovedstaden", "Eksport Midt"):
        assert title in html
    assert "Højt vækstpotentiale: 25 timer" in html
    assert "Opret tilbud" not in html


def test_catalogue_filters_by_owner_kind_and_level(personas, catalogue: Catalogue) -> None:
    client = login(personas.a.consultant)
    by_owner = client.get("/tilbud/", {"owner": str(personas.b.house.public_id)})
    assert [o.title for o in by_owner.context["offers"]] == ["Eksport Midt"]
    by_kind = client.get("/tilbud/", {"kind": "growth_mapping"})
    assert [o.title for o in by_kind.context["offers"]] == ["Vækstkortlægning"]
    by_level = client.get("/tilbud/", {"level": "established"})
    assert [o.title for o in by_level.context["offers"]] == ["Vækstkortlægning"]


def test_catalogue_query_count_does_not_grow_with_offers(
    personas, catalogue, django_assert_max_num_queries
) -> None:
    client = login(personas.a.consultant)
    client.get("/tilbud/")
    for index in range(15):
        offer = make_offer(personas.b.house, f"Tilbud {index:02d}")
        offer.partners.add(personas.partner)
    # session, user, levels, owners (filter), offers, allowances, audit-menu check
    with django_assert_max_num_queries(7):
        response = client.get("/tilbud/")
    assert len(response.context["offers"]) == 18


def test_offer_detail_shows_the_offer(personas, catalogue: Catalogue) -> None:
    catalogue.offer_a.partners.add(personas.partner)
    response = login(personas.b.consultant).get(f"/tilbud/{catalogue.offer_a.public_id}/")
    assert response.status_code == 200
    assert "Nordbank Erhverv" in response.content.decode()
    assert "Ret tilbud" not in response.content.decode()


@pytest.mark.parametrize("who", ["company_user", "partner"])
def test_offer_detail_of_another_region_or_not_partnered_is_404(
    personas: Personas, catalogue: Catalogue, who: str
) -> None:
    user = personas.a.company_user if who == "company_user" else personas.partner_advisor
    response = login(user).get(f"/tilbud/{catalogue.offer_b.public_id}/")
    assert response.status_code == 404


def test_manager_creates_an_offer_with_allowances(personas: Personas) -> None:
    client = login(personas.a.manager)
    assert client.get("/tilbud/nyt/").status_code == 200
    response = client.post(
        "/tilbud/nyt/",
        {
            "kind": "regional_course",
            "title": "Vækstcamp",
            "partners": [personas.partner.pk],
            "capacity": "30",
            "is_published": "on",
            "unit": "places",
            "allowance_high": "1",
            "allowance_potential": "1",
        },
    )
    offer = Offer.objects.get(title="Vækstcamp")
    assert response.status_code == 302
    assert response["Location"] == f"/tilbud/{offer.public_id}/"
    assert (offer.owner, offer.capacity, offer.is_published) == (personas.a.house, 30, True)
    assert dict(offer.allowances.values_list("level_key", "unit")) == {
        "high": "places",
        "potential": "places",
    }


def test_consultant_cannot_open_the_create_form(personas: Personas) -> None:
    client = login(personas.a.consultant)
    assert client.get("/tilbud/nyt/").status_code == 403
    assert client.post("/tilbud/nyt/", {"kind": "hub_function", "title": "X"}).status_code == 403
    assert not Offer.objects.filter(title="X").exists()


def test_manager_edits_own_offer(personas, catalogue: Catalogue) -> None:
    url = f"/tilbud/{catalogue.offer_a.public_id}/ret/"
    client = login(personas.a.manager)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "hub_function",
            "title": "Kapital og lån",
            "is_published": "on",
            "starts_on": "2020-01-01",
            "unit": "hours",
            "allowance_high": "12",
        },
    )
    assert response.status_code == 302
    catalogue.offer_a.refresh_from_db()
    assert catalogue.offer_a.title == "Kapital og lån"
    assert dict(catalogue.offer_a.allowances.values_list("level_key", "quantity")) == {
        "high": Decimal(12)
    }


def test_manager_of_house_b_cannot_edit_house_as_offer_page(personas, catalogue) -> None:
    url = f"/tilbud/{catalogue.offer_a.public_id}/ret/"
    client = login(personas.b.manager)
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "hub_function", "title": "Overtaget", "unit": "hours"})
    assert response.status_code == 403
    catalogue.offer_a.refresh_from_db()
    assert catalogue.offer_a.title == "Kapital Hovedstaden"
    assert catalogue.offer_a.allowances.count() == 2


def test_firm_page_lists_what_the_firm_may_use_and_what_is_left(personas, catalogue) -> None:
    place(personas.a.company, "potential")
    response = login(personas.a.consultant).get(firm_page(personas.a.company))
    assert response.status_code == 200
    allowed = {a.offer.title: a.remaining for a in response.context["allowed"]}
    assert allowed == {"Vækstkortlægning": Decimal(12), "Kapital Hovedstaden": Decimal(5)}
    assert [a.offer.title for a in response.context["refused"]] == ["Eksport Midt"]
    assert "Giv undtagelse" in response.content.decode()


def test_company_user_sees_own_firms_offers_without_the_override_form(personas, catalogue) -> None:
    place(personas.a.company, "high")
    response = login(personas.a.company_user).get(firm_page(personas.a.company))
    assert response.status_code == 200
    assert "Giv undtagelse" not in response.content.decode()
    assert login(personas.a.company_user).get(firm_page(personas.b.company)).status_code == 404


def test_consultant_of_other_house_cannot_open_the_firm_page(personas, catalogue) -> None:
    assert login(personas.b.consultant).get(firm_page(personas.a.company)).status_code == 404


def test_caseworker_grants_an_override_with_a_reason(personas, catalogue: Catalogue) -> None:
    place(personas.a.company, "base")
    response = login(personas.a.consultant).post(
        f"/virksomheder/{personas.a.company.cvr}/tilbud/undtagelse/",
        {
            "offer": str(catalogue.core.public_id),
            "reason": "Ny ejer med eksportplan.",
            "extra_quantity": "4",
        },
    )
    assert response.status_code == 302
    override = EligibilityOverride.objects.get()
    assert (override.granted_by, override.extra_quantity) == (personas.a.consultant, Decimal(4))
    assert AuditEntry.objects.filter(object_id=str(override.public_id)).count() == 1


def test_override_without_reason_is_refused_on_the_page(personas, catalogue) -> None:
    response = login(personas.a.consultant).post(
        f"/virksomheder/{personas.a.company.cvr}/tilbud/undtagelse/",
        {"offer": str(catalogue.core.public_id), "reason": "   "},
    )
    assert response.status_code == 400
    assert EligibilityOverride.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("b_consultant", 404), ("company_user", 403)])
def test_override_by_others_is_refused_and_changes_nothing(
    personas: Personas, catalogue: Catalogue, who: str, status: int
) -> None:
    user = personas.b.consultant if who == "b_consultant" else personas.a.company_user
    response = login(user).post(
        f"/virksomheder/{personas.a.company.cvr}/tilbud/undtagelse/",
        {"offer": str(catalogue.core.public_id), "reason": "Forsøg"},
    )
    assert response.status_code == status
    assert EligibilityOverride.objects.count() == 0
