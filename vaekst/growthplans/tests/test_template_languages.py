"""The national mapping template's title follows the reader's language: seeded in Danish and
English, kept in a new version drafted from it, and Danish only once the title is changed."""

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vaekst.growthplans.models import MappingTemplate
from vaekst.growthplans.services import create_template_draft


def reader(user: Any, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_national_template_title_is_seeded_in_english(db: Any) -> None:
    # when the migrations have run
    template = MappingTemplate.objects.get(version=1)
    # then
    assert (template.title, template.title_en) == (
        "National vækstkortlægning",
        "National growth mapping",
    )


def test_the_template_title_is_shown_in_the_readers_language(personas: Any) -> None:
    url = reverse("growthplans:template_overview")
    # when the national administrator opens the templates in English and in Danish
    english = reader(personas.national_admin, "en").get(url)
    danish = reader(personas.national_admin, "da").get(url)
    # then
    assert english.status_code == danish.status_code == 200
    assert "National growth mapping, version 1" in english.text
    assert "National vækstkortlægning" not in english.text
    assert "National vækstkortlægning, version 1" in danish.text
    assert "National growth mapping" not in danish.text


def test_a_new_version_keeps_the_english_title_unless_retitled(personas: Any) -> None:
    # when a draft is made with the title of the version before, and then one retitled
    kept = create_template_draft(actor=personas.national_admin)
    assert kept.title_en == "National growth mapping"
    kept.delete()
    retitled = create_template_draft(actor=personas.national_admin, title="Ny kortlægning")
    # then the retitled one has no English title and shows its Danish title in English
    assert retitled.title_en == ""
    with translation.override("en"):
        assert retitled.shown_title == "Ny kortlægning"
        assert MappingTemplate.objects.get(version=1).shown_title == "National growth mapping"
