"""Editing the catalogue and who sees it: a house edits its own offers, the national level the
core offer, nobody another house's; staff see the catalogue nationwide, a firm its region's."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.offers.choices import OfferKind
from vaekst.offers.demo import seed_offers
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.offers.selectors import visible_offers
from vaekst.offers.services import create_offer, set_allowance, update_offer
from vaekst.offers.tests.conftest import Catalogue, make_offer


def titles(user) -> set[str]:
    return set(visible_offers(user).values_list("title", flat=True))


def test_house_manager_creates_an_offer_of_their_house(personas: Personas) -> None:
    offer = create_offer(
        actor=personas.a.manager,
        partners=[personas.partner],
        kind=OfferKind.HUB_FUNCTION,
        title="Kapitalhub",
        capacity=20,
    )
    assert (offer.owner, offer.is_core, offer.is_published) == (personas.a.house, False, False)
    assert list(offer.partners.all()) == [personas.partner]
    entry = AuditEntry.objects.get(object_type="offers.offer", object_id=str(offer.public_id))
    assert entry.changes["title"] == [None, "Kapitalhub"]


@pytest.mark.parametrize("who", ["consultant", "municipal_consultant", "company_user"])
def test_only_managers_and_national_admins_create_offers(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        create_offer(actor=getattr(personas.a, who), kind=OfferKind.HUB_FUNCTION, title="X")
    assert not Offer.objects.filter(title="X").exists()


def test_a_house_cannot_create_a_growth_mapping(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        create_offer(actor=personas.a.manager, kind=OfferKind.GROWTH_MAPPING, title="Kortlægning")
    assert not Offer.objects.filter(title="Kortlægning").exists()


def test_manager_of_house_b_cannot_edit_house_as_offer(personas, catalogue: Catalogue) -> None:
    offer = catalogue.offer_a
    with pytest.raises(PermissionDenied):
        update_offer(actor=personas.b.manager, offer=offer, title="Overtaget")
    with pytest.raises(PermissionDenied):
        set_allowance(actor=personas.b.manager, offer=offer, level_key="base", quantity=Decimal(1))
    offer.refresh_from_db()
    assert offer.title == "Kapital Hovedstaden"
    assert set(offer.allowances.values_list("level_key", flat=True)) == {"high", "potential"}


def test_only_the_national_admin_edits_the_core_offer(personas, catalogue: Catalogue) -> None:
    with pytest.raises(PermissionDenied):
        update_offer(actor=personas.a.manager, offer=catalogue.core, title="Lokal kortlægning")
    update_offer(actor=personas.national_admin, offer=catalogue.core, capacity=5000)
    catalogue.core.refresh_from_db()
    assert (catalogue.core.title, catalogue.core.capacity) == ("Vækstkortlægning", 5000)
    assert AuditEntry.objects.get(object_type="offers.offer").changes == {"capacity": [None, 5000]}


def test_set_allowance_opens_changes_and_closes_a_level(personas, catalogue: Catalogue) -> None:
    offer = catalogue.offer_a
    manager = personas.a.manager
    set_allowance(actor=manager, offer=offer, level_key="established", quantity=Decimal(2))
    set_allowance(actor=manager, offer=offer, level_key="high", quantity=Decimal(12))
    set_allowance(actor=manager, offer=offer, level_key="potential", quantity=None)
    assert dict(offer.allowances.values_list("level_key", "quantity")) == {
        "established": Decimal(2),
        "high": Decimal(12),
    }
    with pytest.raises(ValidationError):
        set_allowance(actor=manager, offer=offer, level_key="nope", quantity=Decimal(1))


def test_staff_see_every_published_offer_nationwide_and_their_own_drafts(personas) -> None:
    make_offer(personas.a.house, "Kladde A", is_published=False)
    make_offer(personas.b.house, "Kladde B", is_published=False)
    make_offer(personas.b.house, "Offentlig B")
    assert {"Vækstkortlægning", "Kladde A", "Offentlig B"} == titles(personas.a.consultant)
    assert {"Vækstkortlægning", "Offentlig B"} == titles(personas.a.municipal_consultant)
    assert len(titles(personas.national_admin)) == 4


def test_company_user_sees_core_and_own_regions_published_offers(personas, catalogue) -> None:
    make_offer(personas.a.house, "Kladde A", is_published=False)
    assert titles(personas.a.company_user) == {"Vækstkortlægning", "Kapital Hovedstaden"}
    assert titles(personas.b.company_user) == {"Vækstkortlægning", "Eksport Midt"}


def test_partner_sees_the_offers_it_is_partner_on(personas, catalogue: Catalogue) -> None:
    catalogue.offer_b.partners.add(personas.partner)
    assert titles(personas.partner_advisor) == {"Eksport Midt"}


def test_demo_offers_are_seeded_once_per_house_with_partners_and_allowances(personas) -> None:
    first = seed_offers()
    again = seed_offers()
    assert first == again
    per_house = [
        Offer.objects.filter(owner__region_id=code).count() for code in (1081, 1082, 1083, 1084)
    ]
    assert all(2 <= count <= 4 for count in per_house)
    assert Offer.objects.filter(owner__region_id=1085).count() >= 2
    assert OfferAllowance.objects.filter(offer__is_core=False).exists()
    assert Offer.objects.filter(partners__name="Business Angels Denmark").count() == 4
