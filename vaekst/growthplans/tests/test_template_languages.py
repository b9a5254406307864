"""The national mapping template's title follows the reader's language: seeded in Danish and
English, kept in a new version drafted from it, and Danish only once the title is changed."""

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vaekst.growthplans.models import Mapping, MappingFocusArea, MappingTemplate
from vaekst.growthplans.services import (
    create_plan_from_mapping,
    create_template_draft,
    set_focus_area,
)
from vaekst.growthplans.tests.conftest import figures_a, mapping_a  # noqa: F401


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


def test_the_areas_and_focus_areas_are_seeded_in_english_matched_on_their_keys(
    db: Any,
) -> None:
    # when the migrations have run
    template = MappingTemplate.objects.get(version=1)
    areas = list(template.areas.order_by("order"))
    focus = MappingFocusArea.objects.get(area__template=template, key="value_proposition")
    # then every area and focus area of version 1 has its English beside the Danish
    assert [(a.key, a.title, a.title_en) for a in areas][:2] == [
        ("business_concept", "Forretningskoncept", "Business concept"),
        ("customers_market", "Kunder og marked", "Customers and market"),
    ]
    assert all(a.title_en and a.description_en for a in areas)
    assert all(
        f.title_en and f.guidance_en
        for f in MappingFocusArea.objects.filter(area__template=template)
    )
    assert (focus.title, focus.title_en) == ("Værdiløfte", "Value proposition")


def test_the_mapping_page_shows_the_areas_in_the_readers_language(
    personas: Any,
    mapping_a: Mapping,  # noqa: F811
) -> None:
    url = reverse("growthplans:mapping_detail", args=[mapping_a.public_id])
    # when the consultant opens the mapping in English and in Danish
    english = reader(personas.a.consultant, "en").get(url)
    danish = reader(personas.a.consultant, "da").get(url)
    # then the areas, focus areas and their guidance follow the language
    assert english.status_code == danish.status_code == 200
    assert "Business concept" in english.text and "Value proposition" in english.text
    assert "Værdiløfte" not in english.text and "Forretningskoncept" not in english.text
    assert "Værdiløfte" in danish.text and "Value proposition" not in danish.text


def test_the_template_page_shows_the_guidance_in_the_readers_language(personas: Any) -> None:
    template = MappingTemplate.objects.get(version=1)
    url = reverse("growthplans:template_detail", args=[template.public_id])
    # when the national administrator reads version 1 in English and in Danish
    english = reader(personas.national_admin, "en").get(url)
    danish = reader(personas.national_admin, "da").get(url)
    # then
    assert "Can the firm say in one sentence which problem it solves" in english.text
    assert "Kan virksomheden i én sætning sige" not in english.text
    assert "Kan virksomheden i én sætning sige" in danish.text


def test_a_reworded_focus_area_loses_its_english_and_a_copy_keeps_it(personas: Any) -> None:
    # given a draft of a new version
    draft = create_template_draft(actor=personas.national_admin)
    copied = MappingFocusArea.objects.get(area__template=draft, key="value_proposition")
    assert copied.title_en == "Value proposition"
    # when one focus area is reworded and another only reordered
    set_focus_area(
        actor=personas.national_admin,
        template=draft,
        area_key="business_concept",
        key="value_proposition",
        title="Kundeløfte",
        guidance=copied.guidance,
    )
    sales = MappingFocusArea.objects.get(area__template=draft, key="sales")
    set_focus_area(
        actor=personas.national_admin,
        template=draft,
        area_key="customers_market",
        key="sales",
        title=sales.title,
        guidance=sales.guidance,
        order=9,
    )
    # then the reworded title shows in Danish to a reader of English, the guidance and the
    # reordered one keep their English
    reworded = MappingFocusArea.objects.get(area__template=draft, key="value_proposition")
    sales.refresh_from_db()
    with translation.override("en"):
        assert reworded.shown_title == "Kundeløfte"
        assert reworded.shown_guidance.startswith("Can the firm say in one sentence")
        assert (sales.shown_title, sales.order) == ("Sales", 9)


def test_a_plan_made_by_a_reader_of_english_names_the_focus_areas_in_english(
    personas: Any,
    mapping_a: Mapping,  # noqa: F811
) -> None:
    # when a plan is made from the mapping (sales and capital access high priority) in English
    with translation.override("en"):
        plan = create_plan_from_mapping(actor=personas.a.consultant, mapping=mapping_a)
    # then its milestones' titles, written once for the maker to edit, are in English
    assert list(plan.milestones.order_by("order").values_list("title", flat=True)) == [
        "Strengthen: Sales",
        "Strengthen: Funding and capital",
    ]
