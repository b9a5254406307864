"""A plan's change summaries are kept as data and worded in the reader's language, in the
plan's history, on the versions page and in the audit log; old Danish summaries are read
back into data by the migration, and dates follow the reader's language too."""

import datetime
import importlib
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.growthplans.changes import describe, parse_old_summary
from vaekst.growthplans.choices import MilestoneStatus
from vaekst.growthplans.models import GrowthPlan, PlanMilestone, PlanVersion
from vaekst.growthplans.services import add_milestone, set_milestone_progress

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def milestone_added(personas: Personas, plan_a: GrowthPlan) -> PlanVersion:
    add_milestone(
        actor=personas.a.consultant,
        plan=plan_a,
        expected_revision=plan_a.revision,
        title="Eksportaftale",
        due_on=datetime.date(2026, 12, 7),
    )
    return PlanVersion.objects.get(plan=plan_a, number=plan_a.revision + 1)


def test_a_change_is_stored_as_data_not_as_danish_text(milestone_added: PlanVersion) -> None:
    # then
    assert milestone_added.change == {
        "kind": "item_added",
        "section": "milestones",
        "label": "Eksportaftale",
    }
    assert milestone_added.summary == ""


def test_a_stored_change_reads_in_the_readers_language(milestone_added: PlanVersion) -> None:
    # when
    with translation.override("da"):
        danish = milestone_added.shown_summary
    with translation.override("en"):
        english = milestone_added.shown_summary
    # then
    assert danish == "Milepæl tilføjet: Eksportaftale"
    assert english == "Milestone added: Eksportaftale"


def test_a_reported_status_is_worded_in_the_readers_language(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    set_milestone_progress(
        actor=personas.a.consultant,
        milestone=milestone,
        expected_revision=plan_a.revision,
        status=MilestoneStatus.DONE,
    )
    version = PlanVersion.objects.get(plan=plan_a, number=plan_a.revision + 1)
    # then
    assert version.change["status"] == "done"
    with translation.override("da"):
        assert version.shown_summary == "Milepæl opdateret: Sælger ansat (Nået)"
    with translation.override("en"):
        assert version.shown_summary == "Milestone updated: Sælger ansat (Reached)"


def test_the_plans_history_shows_the_change_to_each_reader_in_their_language(
    personas: Personas, plan_a: GrowthPlan, milestone_added: PlanVersion
) -> None:
    # given
    url = reverse("growthplans:plan_detail", args=[plan_a.public_id])
    # when
    danish = _client(personas.a.consultant, "da").get(url).content.decode()
    english = _client(personas.a.consultant, "en").get(url).content.decode()
    # then
    assert "Milepæl tilføjet: Eksportaftale" in danish
    assert "Milestone added: Eksportaftale" not in danish
    assert "Milestone added: Eksportaftale" in english
    assert "Milepæl tilføjet: Eksportaftale" not in english
    assert "Growth plan created from the mapping" in english


def test_the_audit_log_words_the_change_in_the_readers_language(
    personas: Personas, milestone_added: PlanVersion
) -> None:
    # given
    entry = AuditEntry.objects.filter(object_type="growthplans.growthplan").first()
    assert entry is not None
    assert entry.changes["summary"][1] == milestone_added.change
    url = reverse("audit:entry_list")
    # when
    danish = _client(personas.national_admin, "da").get(url).content.decode()
    english = _client(personas.national_admin, "en").get(url).content.decode()
    # then
    assert "summary: – → Milepæl tilføjet: Eksportaftale" in danish
    assert "summary: – → Milestone added: Eksportaftale" in english


@pytest.mark.parametrize(
    ("old", "data"),
    [
        ("Vækstplan oprettet fra kortlægning", {"kind": "plan_created_from_mapping"}),
        ("Planen arkiveret", {"kind": "plan_archived"}),
        (
            "Aktivitet tilføjet: Messe i Hamborg: stand",
            {"kind": "item_added", "section": "actions", "label": "Messe i Hamborg: stand"},
        ),
        (
            "Mål ændret: Omsætning",
            {"kind": "item_changed", "section": "goals", "metric": "revenue"},
        ),
        (
            "Milepæl opdateret: Sælger ansat (I gang)",
            {
                "kind": "item_updated",
                "section": "milestones",
                "label": "Sælger ansat",
                "status": "in_progress",
            },
        ),
        ("Milepæl opdateret: Sælger ansat (Ukendt)", None),
        ("Noget helt andet", None),
    ],
)
def test_old_danish_summaries_are_read_back_into_data_where_certain(
    old: str, data: dict[str, Any] | None
) -> None:
    # when
    with translation.override("da"):
        parsed = parse_old_summary(old)
    # then
    assert parsed == data
    if data is not None:
        with translation.override("da"):
            assert describe(data) == old


def test_a_summary_that_could_not_be_read_back_is_shown_as_it_was_written() -> None:
    # when
    with translation.override("en"):
        shown = describe({}, fallback="Noget helt andet")
    # then
    assert shown == "Noget helt andet"


@pytest.mark.parametrize(
    ("language", "long", "short", "with_time"),
    [
        ("da", "7. december 2026", "07.12.2026", "7. december 2026 14:05"),
        ("en", "7 December 2026", "07/12/2026", "7 December 2026 14:05"),
    ],
)
def test_dates_are_written_in_the_readers_language(
    language: str, long: str, short: str, with_time: str
) -> None:
    # given
    template = Template(
        '{{ day|date }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}'
    )
    context = Context(
        {"day": datetime.date(2026, 12, 7), "moment": datetime.datetime(2026, 12, 7, 14, 5)}
    )
    # when
    with translation.override(language):
        shown = template.render(context)
    # then
    assert shown == f"{long}|{short}|{with_time}"


def test_a_page_writes_its_dates_in_the_readers_language(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given: the mapping behind plan_a was held on 1 March 2024
    assert plan_a.source_mapping is not None
    url = reverse("growthplans:mapping_detail", args=[plan_a.source_mapping.public_id])
    # when
    danish = _client(personas.a.consultant, "da").get(url).content.decode()
    english = _client(personas.a.consultant, "en").get(url).content.decode()
    # then
    assert "1. marts 2024" in danish
    assert "1 March 2024" in english
    assert "1. March 2024" not in english


def test_the_migration_turns_old_summaries_into_data_and_keeps_what_it_cannot_read(
    plan_a: GrowthPlan,
) -> None:
    # given two versions written before changes were kept as data
    from django.apps import apps

    migration = importlib.import_module("vaekst.growthplans.migrations.0006_version_change_as_data")
    PlanVersion.objects.filter(plan=plan_a, number=2).update(
        change={}, summary="Aktivitet tilføjet: Messe i Hamborg"
    )
    PlanVersion.objects.filter(plan=plan_a, number=3).update(change={}, summary="Importeret")
    # when
    migration.summaries_to_data(apps, None)
    # then
    read = PlanVersion.objects.get(plan=plan_a, number=2)
    kept = PlanVersion.objects.get(plan=plan_a, number=3)
    assert (read.change, read.summary) == (
        {"kind": "item_added", "section": "actions", "label": "Messe i Hamborg"},
        "",
    )
    assert (kept.change, kept.summary) == ({}, "Importeret")
    with translation.override("en"):
        assert (read.shown_summary, kept.shown_summary) == (
            "Action added: Messe i Hamborg",
            "Importeret",
        )


def test_a_plan_without_a_title_of_its_own_is_named_in_the_readers_language(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given a plan made from a mapping without a title typed
    name = personas.a.company.name
    assert plan_a.title == ""
    url = reverse("growthplans:plan_detail", args=[plan_a.public_id])
    # when
    danish = _client(personas.a.consultant, "da").get(url).content.decode()
    english = _client(personas.a.consultant, "en").get(url).content.decode()
    # then
    assert f"<h1>Vækstplan for {name}</h1>" in danish
    assert f"<h1>Growth plan for {name}</h1>" in english


def test_the_migration_empties_the_danish_default_titles_and_keeps_typed_ones(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given one plan with the old Danish default title and one with a typed title
    from django.apps import apps

    migration = importlib.import_module(
        "vaekst.growthplans.migrations.0007_default_plan_title_worded_when_shown"
    )
    name = personas.a.company.name
    GrowthPlan.objects.filter(pk=plan_a.pk).update(title=f"Vækstplan for {name}")
    typed = GrowthPlan.objects.create(
        company=personas.a.company, title="Eksport 2027", organisation=personas.a.house
    )
    # when
    migration.default_titles_to_empty(apps, None)
    # then
    plan_a.refresh_from_db()
    typed.refresh_from_db()
    assert (plan_a.title, typed.title) == ("", "Eksport 2027")
