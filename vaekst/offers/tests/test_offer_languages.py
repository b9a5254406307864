"""The core offer's texts and the levels of the allowances follow the reader's language; a
house's offer written in Danish only shows its Danish texts to a reader of English."""

from typing import Any

from django.conf import settings
from django.test import Client

from vaekst.offers.tests.conftest import Catalogue


def reader(user: Any, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_core_offer_is_seeded_in_english_beside_the_danish(catalogue: Catalogue) -> None:
    # when the migrations have run
    core = catalogue.core
    # then
    assert (core.title, core.title_en) == ("Vækstkortlægning", "Growth mapping")
    assert core.summary_en.startswith("The standard core service")
    assert core.description_en.startswith("The growth mapping has the same quality")


def test_the_core_offer_is_shown_in_the_readers_language(personas, catalogue: Catalogue) -> None:
    url = f"/tilbud/{catalogue.core.public_id}/"
    # when a consultant opens the core offer in English and in Danish
    english = reader(personas.a.consultant, "en").get(url)
    danish = reader(personas.a.consultant, "da").get(url)
    # then its title, summary, description and the allowances' levels follow the language
    assert english.status_code == danish.status_code == 200
    assert "<h1>Growth mapping</h1>" in english.text
    assert "The standard core service" in english.text
    assert "The growth mapping has the same quality and depth" in english.text
    assert "High growth potential: 25" in english.text
    assert "Vækstkortlægning" not in english.text
    assert "Højt vækstpotentiale" not in english.text
    assert "<h1>Vækstkortlægning</h1>" in danish.text
    assert "Højt vækstpotentiale: 25" in danish.text
    assert "Growth mapping" not in danish.text


def test_the_catalogue_lists_the_core_offer_and_levels_in_english(
    personas, catalogue: Catalogue
) -> None:
    # when the catalogue is read in English
    response = reader(personas.a.consultant, "en").get("/tilbud/")
    # then the core offer is in English, a house's offer without English in Danish
    assert ">Growth mapping</a>" in response.text
    assert "High growth potential: 25" in response.text
    assert ">Kapital Hovedstaden</a>" in response.text


def test_an_offer_without_english_shows_its_danish_texts(personas, catalogue: Catalogue) -> None:
    # given a house's offer written in Danish only
    offer = catalogue.offer_a
    assert offer.title_en == ""
    # when it is read in English
    response = reader(personas.a.consultant, "en").get(f"/tilbud/{offer.public_id}/")
    # then its Danish title is shown
    assert f"<h1>{offer.title}</h1>" in response.text
