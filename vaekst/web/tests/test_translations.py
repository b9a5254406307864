"""Danish and English all the way through: every string marked for translation has its
English, the committed catalogue holds every string the code marks, and the main pages in
English show no interface text from the Danish catalogue, for each kind of user."""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse

from conftest import Personas
from vaekst.growthplans.models import (
    GrowthPartnership,
    GrowthPlan,
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    PlanAction,
    PlanGoal,
    PlanMilestone,
)
from vaekst.growthplans.services import share_with_partner, update_milestone
from vaekst.growthplans.tests.conftest import figures_a, mapping_a, plan_a  # noqa: F401
from vaekst.offers.models import Offer
from vaekst.portal.tests.conftest import partnership_a, placed_a, programme_a  # noqa: F401
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.models import LevelDefinition, RuleSet

PROJECT = Path(settings.BASE_DIR)  # the vaekst package
CATALOGUE = PROJECT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

# Names of languages are written in their own language on purpose (the language switch).
NOT_INTERFACE = {"Dansk"}


def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _untranslated(po: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]


# --- (a) the catalogue ---------------------------------------------------------------


def test_every_entry_of_the_english_catalogue_has_a_translation() -> None:
    # when
    missing = _untranslated(_catalogue())
    # then
    assert missing == []


def test_the_compiled_catalogue_is_the_committed_one() -> None:
    # given
    # (a message without a context has the context "", so that keys sort)
    po = {(e.msgctxt or "", e.msgid): e for e in _catalogue() if not e.obsolete and e.translated()}
    # when
    mo = {(e.msgctxt or "", e.msgid): e for e in polib.mofile(str(COMPILED))}
    # then: same entries, same English (compile with `make messages`)
    assert sorted(k for k in po if k[1]) == sorted(k for k in mo if k[1])
    differing = [
        key[1]
        for key, entry in po.items()
        if key[1]
        and (entry.msgstr, dict(entry.msgstr_plural))
        != (mo[key].msgstr, dict(mo[key].msgstr_plural))
    ]
    assert differing == []


def _extract(tmp_path: Path) -> polib.POFile:
    """The strings the code marks today, by Django's own extraction run on a copy of the
    source (so that the committed catalogue is not touched)."""
    source = tmp_path / "vaekst"
    shutil.copytree(
        PROJECT,
        source,
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "migrations", "tests"),
    )
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vaekst.settings"}
    subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [
            str(Path(sys.executable).parent / "vaekst"),
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("VAEKST_REQUIRE_GETTEXT") != "1",
    reason="needs GNU gettext (apt-get install gettext); CI installs it",
)
def test_every_string_marked_in_the_code_has_english_in_the_committed_catalogue(
    tmp_path: Path,
) -> None:
    # given the strings marked in the code today
    extracted = _extract(tmp_path)
    committed = {
        (e.msgctxt, e.msgid): e
        for e in _catalogue()
        if not e.obsolete and "fuzzy" not in e.flags and e.translated()
    }
    # when
    missing = sorted(
        entry.msgid
        for entry in extracted
        if entry.msgid and (entry.msgctxt, entry.msgid) not in committed
    )
    # then: run `make messages` and write the English of these
    assert missing == []


# --- (b) pages in English --------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.pieces.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.pieces.append(data)


def _visible(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(piece.split()) for piece in parser.pieces]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _stored_texts() -> list[str]:
    """Every text value in the test database (names, titles, notes, level names, the texts
    inside plan snapshots, ...): data, not interface, and left as people typed it."""
    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and not f.choices
        ]
        if not fields or model._meta.app_label in ("sessions", "contenttypes", "auth"):
            continue
        for row in model._default_manager.values_list(*fields):
            texts.update(" ".join(v.split()) for v in _strings(list(row)) if len(v) > 2)
    return sorted(texts, key=len, reverse=True)


def _danish_interface_texts() -> tuple[set[str], list[str]]:
    """From the catalogue: whole texts to look for as a text node, and longer pieces (the
    literal parts of texts with placeholders) to look for inside any text."""
    whole: set[str] = set()
    pieces: list[str] = []
    for entry in _catalogue():
        if entry.obsolete:
            continue
        english = entry.msgstr or entry.msgstr_plural.get(0, "")
        for danish in filter(None, (entry.msgid, entry.msgid_plural)):
            if danish == english or danish in NOT_INTERFACE or len(danish) < 3:
                continue
            literal = [
                " ".join(part.split())
                for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}", danish)
            ]
            if len(literal) == 1:
                whole.add(literal[0])
            pieces += [p for p in literal if len(p) >= 12 and " " in p and p not in english]
    return whole, pieces


def _danish_on_page(html: str, stored: list[str]) -> list[str]:
    whole, pieces = _danish_interface_texts()
    found = []
    # Data values out, longest first and as whole words ("high" the key is not in "highest").
    data = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in stored) or "$^")
    for text in _visible(html):
        text = " ".join(data.sub(" ", text).split()).strip(" :·,.–-()")
        if text in whole or text.rstrip(".:") in whole:
            found.append(text)
            continue
        found += [piece for piece in pieces if piece in text]
    return sorted(set(found))


def _english(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def everything(
    personas: Personas,
    plan_a: GrowthPlan,  # noqa: F811
    partnership_a: GrowthPartnership,  # noqa: F811
    placed_a: Any,  # noqa: F811
    programme_a: Offer,  # noqa: F811
) -> dict[str, Any]:
    """Firm A with a mapping, a plan in its sixth version, a proposed partnership, a level,
    an offer, and the plan shared with the partner advisor."""
    milestone = PlanMilestone.objects.filter(plan=plan_a).first()
    assert milestone is not None
    update_milestone(
        actor=personas.a.consultant,
        milestone=milestone,
        expected_revision=plan_a.revision,
        criterion="Kontrakt underskrevet og sælger startet",
    )
    share_with_partner(
        actor=personas.a.company_user,
        plan=plan_a,
        organisation=personas.partner,
        actions=True,
    )
    plan_a.refresh_from_db()
    return {"plan": plan_a, "partnership": partnership_a, "offer": programme_a}


def _pages(personas: Personas, data: dict[str, Any]) -> Iterator[tuple[str, Any, str]]:
    plan, partnership = data["plan"], data["partnership"]
    cvr = personas.a.company.cvr
    staff = [
        reverse("web:home"),
        reverse("register:company_list"),
        reverse("register:company_detail", args=[cvr]),
        reverse("offers:company_offers", args=[cvr]),
        reverse("offers:offer_list"),
        reverse("offers:offer_detail", args=[data["offer"].public_id]),
        reverse("growthplans:plan_list"),
        reverse("growthplans:plan_detail", args=[plan.public_id]),
        reverse("growthplans:versions", args=[plan.public_id]) + f"?fra=1&til={plan.revision}",
        reverse("growthplans:mapping_detail", args=[plan.source_mapping.public_id]),
        reverse("growthplans:partnership_detail", args=[partnership.public_id]),
        reverse("growthplans:followup"),
        reverse("growthplans:referral_inbox"),
        reverse("segmentation:levels"),
    ]
    for url in staff:
        yield "growth consultant", personas.a.consultant, url
    yield "house manager", personas.a.manager, reverse("offers:offer_create")
    for url in staff[:4] + [reverse("growthplans:plan_list")]:
        yield "municipal consultant", personas.a.municipal_consultant, url
    rule_set = RuleSet.objects.filter(scope=RuleSetScope.NATIONAL).first()
    template = MappingTemplate.objects.first()
    assert rule_set is not None and template is not None
    yield "growth consultant", personas.a.consultant, reverse("segmentation:hidden_potential")
    national = [
        reverse("web:home"),
        reverse("segmentation:rule_set_detail", args=[rule_set.public_id]),
        reverse("growthplans:template_detail", args=[template.public_id]),
        reverse("segmentation:levels"),
        reverse("segmentation:overview"),
        reverse("growthplans:template_overview"),
        reverse("offers:offer_list"),
        reverse("audit:entry_list"),
    ]
    for url in national:
        yield "national administrator", personas.national_admin, url
    portal = [
        reverse("portal:home"),
        reverse("portal:plan"),
        reverse("portal:partnership", args=[partnership.public_id]),
        reverse("portal:shares"),
        reverse("portal:colleagues"),
    ]
    for url in portal:
        yield "firm's user", personas.a.company_user, url
    for url in (reverse("web:home"), reverse("growthplans:plan_detail", args=[plan.public_id])):
        yield "partner advisor", personas.partner_advisor, url


def test_the_main_pages_in_english_show_no_danish_interface_text(
    personas: Personas, everything: dict[str, Any]
) -> None:
    # given
    pages = list(_pages(personas, everything))
    stored = _stored_texts()
    # when
    danish: dict[str, list[str]] = {}
    for who, user, url in pages:
        response = _english(user).get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        found = _danish_on_page(response.content.decode(), stored)
        if found:
            danish[f"{who} {url}"] = found
    # then
    assert danish == {}


def test_the_check_finds_danish_interface_text_on_a_page_in_danish(
    personas: Personas, everything: dict[str, Any]
) -> None:
    """The page check itself: the same page in Danish is full of catalogue texts."""
    # given
    client = Client()
    client.force_login(personas.a.consultant)
    plan = everything["plan"]
    # when
    html = client.get(reverse("growthplans:plan_detail", args=[plan.public_id])).content.decode()
    # then
    found = _danish_on_page(html, _stored_texts())
    assert "Vækstplan" in found or "Milepæle" in found
    assert "Min virksomhed" not in found  # not a firm's user: no such menu item


# --- (c) reference texts the system seeded -----------------------------------------------

# The national editor's table of levels shows the Danish texts beside the English on purpose.
BOTH_LANGUAGES_ON_PURPOSE = "/regelsaet/"


def _seeded_danish_with_english() -> list[str]:
    """The Danish texts of seeded reference data that has an English version: the national
    levels' names and descriptions, the core offer's texts, the mapping template's title,
    areas and focus areas."""
    pairs: list[tuple[str, str]] = []
    for level in LevelDefinition.objects.filter(rule_set__scope=RuleSetScope.NATIONAL):
        for field in ("internal_name", "external_name", "description"):
            pairs.append((getattr(level, field), getattr(level, f"{field}_en")))
    for offer in Offer.objects.filter(is_core=True):
        for field in ("title", "summary", "description"):
            pairs.append((getattr(offer, field), getattr(offer, f"{field}_en")))
    for template in MappingTemplate.objects.all():
        pairs.append((template.title, template.title_en))
    for area in MappingArea.objects.all():
        pairs += [(area.title, area.title_en), (area.description, area.description_en)]
    for focus in MappingFocusArea.objects.all():
        pairs += [(focus.title, focus.title_en), (focus.guidance, focus.guidance_en)]
    return sorted({" ".join(d.split()) for d, e in pairs if e and d and d != e}, key=len)


def _plan_texts() -> list[str]:
    """The titles of plan items: the consultant's own (editable) text, written when the plan
    was made from a mapping in the language of its maker ("Styrk: Salg"), not reference data."""
    texts = [
        *PlanMilestone.objects.values_list("title", flat=True),
        *PlanAction.objects.values_list("title", flat=True),
        *PlanGoal.objects.values_list("description", flat=True),
    ]
    return sorted({" ".join(t.split()) for t in texts if t}, key=len, reverse=True)


def _seeded_danish_on_page(html: str, danish: list[str]) -> list[str]:
    found = []
    people = _plan_texts()
    for text in _visible(html):
        for value in people:
            text = " ".join(text.replace(value, " ").split()).strip(" :·")
        for value in danish:
            shown_as_a_name = re.fullmatch(rf"(?:\d+\. )?{re.escape(value)}", text) or re.search(
                rf"[:·] {re.escape(value)}$", text
            )
            if shown_as_a_name or (len(value) > 40 and value in text):
                found.append(value)
    return sorted(set(found))


def test_the_main_pages_in_english_show_the_seeded_reference_texts_in_english(
    personas: Personas, everything: dict[str, Any]
) -> None:
    # given the pages and the Danish texts of the seeded levels, core offer and template
    pages = [
        page for page in _pages(personas, everything) if BOTH_LANGUAGES_ON_PURPOSE not in page[2]
    ]
    danish = _seeded_danish_with_english()
    assert "Højt vækstpotentiale" in danish and "Vækstkortlægning" in danish
    # when
    found: dict[str, list[str]] = {}
    for who, user, url in pages:
        texts = _seeded_danish_on_page(_english(user).get(url).content.decode(), danish)
        if texts:
            found[f"{who} {url}"] = texts
    # then
    assert found == {}


def test_the_reference_check_finds_the_danish_names_on_a_page_in_danish(
    personas: Personas, everything: dict[str, Any]
) -> None:
    # given
    client = Client()
    client.force_login(personas.a.consultant)
    # when
    html = client.get(reverse("segmentation:levels")).content.decode()
    # then
    found = _seeded_danish_on_page(html, _seeded_danish_with_english())
    assert "Højt vækstpotentiale" in found and "Vækstacceleration" in found
