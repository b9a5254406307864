"""The levels' names and descriptions follow the reader's language: the national defaults
are seeded in Danish and English, a reader of English sees the English ones, a reader of
Danish the Danish ones, and a level without an English name shows its Danish name to both.
The national editor may give the English names; a new version keeps them."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vaekst.portal.selectors import external_level_name
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import RuleSet
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import (
    create_draft,
    publish,
    request_scoring,
    set_label,
    set_level,
)

HTMX = {"HX-Request": "true"}


def reader(user: Any, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def national_v1() -> RuleSet:
    return RuleSet.objects.get(scope=RuleSetScope.NATIONAL, version=1)


def test_the_default_national_levels_are_seeded_in_english_matched_on_their_keys(
    db: Any,
) -> None:
    # when the migrations have run
    levels = national_v1().levels.order_by("rank")
    # then each default level has its English names beside the Danish ones
    assert [(lv.key, lv.internal_name, lv.internal_name_en) for lv in levels] == [
        ("high", "Højt vækstpotentiale", "High growth potential"),
        ("potential", "Vækstpotentiale", "Growth potential"),
        ("established", "Etableret drift", "Established operation"),
        ("base", "Iværksætter og enkeltmandsdrift", "Start-up and sole trader"),
    ]
    assert [lv.external_name_en for lv in levels] == [
        "Growth acceleration",
        "Growth boost",
        "Development",
        "Start",
    ]
    assert all(lv.description_en for lv in levels)


def test_the_levels_page_names_the_levels_in_the_readers_language(personas: Any) -> None:
    # when a consultant reads the levels in English and in Danish
    english = reader(personas.a.consultant, "en").get(reverse("segmentation:levels"))
    danish = reader(personas.a.consultant, "da").get(reverse("segmentation:levels"))
    # then
    assert english.status_code == danish.status_code == 200
    assert "1. High growth potential" in english.text
    assert "Growth acceleration" in english.text
    assert "Firms with employees and no current signs of growth." in english.text
    assert "Højt vækstpotentiale" not in english.text
    assert "Etablerede virksomheder med dokumenteret" not in english.text
    assert "1. Højt vækstpotentiale" in danish.text
    assert "Vækstacceleration" in danish.text
    assert "High growth potential" not in danish.text


def test_a_level_without_english_shows_its_danish_name_to_a_reader_of_english(
    personas: Any,
) -> None:
    # given a new national version whose top level was renamed in Danish only
    draft = create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL)
    set_level(
        actor=personas.national_admin,
        rule_set=draft,
        key="high",
        rank=1,
        internal_name="Skalering",
        external_name="Skaleringsløft",
    )
    publish(actor=personas.national_admin, rule_set=draft, effective_from=draft.effective_from)
    # when a reader of English opens the levels
    english = reader(personas.a.consultant, "en").get(reverse("segmentation:levels"))
    # then the Danish name is shown where no English was given, the others in English
    assert "1. Skalering" in english.text
    assert "Skaleringsløft" in english.text
    assert "2. Growth potential" in english.text


def test_the_national_editor_gives_a_levels_english_names(personas: Any) -> None:
    # given a national draft
    client = reader(personas.national_admin, "da")
    client.post(reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"})
    draft = RuleSet.objects.get(scope=RuleSetScope.NATIONAL, status=RuleSetStatus.DRAFT)
    # when the editor saves a level with its English names
    response = client.post(
        reverse("segmentation:level_set", args=[draft.public_id]),
        {
            "key": "base",
            "rank": "4",
            "internal_name": "Iværksætter",
            "external_name": "Begyndelse",
            "description": "Nye virksomheder.",
            "internal_name_en": " Entrepreneur ",
            "external_name_en": "Beginning",
            "description_en": "New firms.",
        },
        headers=HTMX,
    )
    # then they are kept beside the Danish ones, trimmed
    assert response.status_code == 200
    base = draft.levels.get(key="base")
    assert (base.internal_name, base.internal_name_en) == ("Iværksætter", "Entrepreneur")
    assert (base.external_name_en, base.description_en) == ("Beginning", "New firms.")
    assert "Entrepreneur · Beginning" in response.text


def test_the_english_names_are_optional_for_the_editor(personas: Any) -> None:
    # given a national draft
    client = reader(personas.national_admin, "da")
    client.post(reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"})
    draft = RuleSet.objects.get(scope=RuleSetScope.NATIONAL, status=RuleSetStatus.DRAFT)
    # when the editor saves a level in Danish only
    response = client.post(
        reverse("segmentation:level_set", args=[draft.public_id]),
        {"key": "base", "rank": "4", "internal_name": "Iværksætter", "external_name": "Start"},
        headers=HTMX,
    )
    # then it is saved without English
    assert response.status_code == 200
    base = draft.levels.get(key="base")
    assert (base.internal_name, base.internal_name_en, base.external_name_en) == (
        "Iværksætter",
        "",
        "",
    )


def test_a_new_version_keeps_the_english_names(personas: Any) -> None:
    # when a new national version is drafted from version 1
    draft = create_draft(actor=personas.national_admin, scope=RuleSetScope.NATIONAL)
    # then its levels carry the English names with the Danish ones
    copied = dict(draft.levels.values_list("key", "internal_name_en"))
    original = dict(national_v1().levels.values_list("key", "internal_name_en"))
    assert copied == original
    assert copied["high"] == "High growth potential"


def test_the_company_page_shows_the_level_in_the_readers_language(
    personas: Any, scored: dict[str, Any]
) -> None:
    url = reverse("register:company_detail", args=[scored["grower"].cvr])
    # when the consultant opens the firm's page in English and in Danish
    english = reader(personas.a.consultant, "en").get(url)
    danish = reader(personas.a.consultant, "da").get(url)
    # then
    assert "1. High growth potential" in english.text
    assert "external name: Growth acceleration" in english.text
    assert "1. Højt vækstpotentiale" not in english.text
    assert "1. Højt vækstpotentiale" in danish.text
    assert "eksternt navn: Vækstacceleration" in danish.text


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Growth acceleration"), ("da", "Vækstacceleration")]
)
def test_the_firm_sees_its_external_level_name_in_its_language(
    personas: Any, scored: dict[str, Any], language: str, name: str
) -> None:
    # when the firm's user reads its level's name
    with translation.override(language):
        shown = external_level_name(personas.a.company_user, personas.a.company)
    # then
    assert shown == name


def test_a_regions_own_name_is_shown_in_both_languages(
    personas: Any, scored: dict[str, Any]
) -> None:
    # given region 1084 names the top level its own way, and the firms are scored again
    draft = create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)
    set_label(actor=personas.a.manager, rule_set=draft, level_key="high", external_name="Top")
    publish(actor=personas.a.manager, rule_set=draft, effective_from=draft.effective_from)
    run_scoring(request_scoring(actor=None))
    # when the firm reads it in English
    with translation.override("en"):
        shown = external_level_name(personas.a.company_user, personas.a.company)
    # then the region's name, which has no English, is shown
    assert shown == "Top"
