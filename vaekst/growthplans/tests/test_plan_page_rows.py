"""The milestone and action rows of the plan page, which are worked out in Python
(plan_rows): what each row says, in Danish and English, and where its buttons lead."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind, MilestoneStatus
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanMilestone
from vaekst.growthplans.services import add_action, refer_from_action, set_milestone_progress
from vaekst.offers.tests.conftest import make_offer, place

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(body: str, text: str) -> str:
    """The one table row of the page whose first cell starts with `text`, with its tags."""
    rows = [row for row in re.findall(r"<tr[ >].*?</tr>", body, re.DOTALL) if f"<td>{text}" in row]
    assert len(rows) == 1, (text, len(rows))
    return rows[0]


def _words(html: str) -> str:
    """The text of a piece of the page, spaced as one reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def busy_plan(personas: Personas, plan_a: GrowthPlan) -> GrowthPlan:
    """plan_a with a milestone under way, a referral from the bank action, an offer the firm
    may use and one used despite a refusal; revision 7."""
    consultant = personas.a.consultant
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    set_milestone_progress(
        actor=consultant,
        milestone=milestone,
        expected_revision=4,
        status=MilestoneStatus.IN_PROGRESS,
        progress=40,
    )
    refer_from_action(
        actor=consultant, action=PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    )
    place(personas.a.company, "base")
    add_action(
        actor=consultant,
        plan=plan_a,
        expected_revision=5,
        title="Mentorforløb",
        owner_kind=ActionOwnerKind.HOUSE,
        owner_person="Mette Holm",
        offer=make_offer(personas.a.house, "Mentorordning", allowances={"base": 10}),
    )
    add_action(
        actor=consultant,
        plan=plan_a,
        expected_revision=6,
        title="Kapitalforløb",
        owner_kind=ActionOwnerKind.HOUSE,
        offer=make_offer(personas.a.house, "Kapitalparathed", allowances={"high": 10}),
        override_reason="Konkret investor i dialog",
    )
    plan_a.refresh_from_db()
    return plan_a


def test_each_row_shows_status_owner_due_date_overdue_referrals_and_offer(
    personas: Personas, busy_plan: GrowthPlan
) -> None:
    # when
    response = _logged_in(personas.a.consultant).get(f"/vaekstplaner/{busy_plan.public_id}/")
    # then
    body = response.content.decode()
    partner = personas.partner.name
    assert _words(_row(body, "Sælger ansat")) == (
        "Sælger ansat Kontrakt underskrevet 01.09.2024 (overskredet) I gang (40 %) "
        "Ret Sælger ansat Fjern Sælger ansat"
    )
    assert _words(_row(body, "Introducér til bank")) == (
        f"Introducér til bank Henvist til {partner}: Sendt Kapitalkilde: {partner} "
        "01.06.2024 (overskredet) Åben – Ret Introducér til bank Fjern Introducér til bank Henvis"
    )
    assert _words(_row(body, "Mentorforløb")) == (
        "Mentorforløb Erhvervshuset Mette Holm – Åben Mentorordning "
        "✓ Virksomheden kan bruge tilbuddet Ret Mentorforløb Fjern Mentorforløb Henvis"
    )
    kapital = _words(_row(body, "Kapitalforløb"))
    assert kapital.startswith("Kapitalforløb Erhvervshuset – Åben Kapitalparathed ")
    assert "Brugt trods afvisning: Konkret investor i dialog" in kapital
    assert '<td class="nowrap overdue">01.09.2024' in _row(body, "Sælger ansat")


def test_the_rows_in_english(personas: Personas, busy_plan: GrowthPlan) -> None:
    client = _logged_in(personas.a.consultant)
    url = f"/vaekstplaner/{busy_plan.public_id}/"
    # given the user has picked English
    client.post(reverse("set_language"), {"language": "en", "next": url})
    # when
    body = client.get(url).content.decode()
    # then
    partner = personas.partner.name
    assert _words(_row(body, "Sælger ansat")) == (
        "Sælger ansat Kontrakt underskrevet 01/09/2024 (overdue) In progress (40 %) "
        "Edit Sælger ansat Remove Sælger ansat"
    )
    assert _words(_row(body, "Introducér til bank")) == (
        f"Introducér til bank Referred to {partner}: Sent Capital source: {partner} "
        "01/06/2024 (overdue) Open – Edit Introducér til bank Remove Introducér til bank Refer"
    )
    assert "Used despite refusal: Konkret investor i dialog" in _row(body, "Kapitalforløb")


def test_every_rows_buttons_lead_to_that_item(personas: Personas, busy_plan: GrowthPlan) -> None:
    # when
    body = _logged_in(personas.a.consultant).get(f"/vaekstplaner/{busy_plan.public_id}/")
    html = body.content.decode()
    # then each goal, milestone and action has an edit, a remove (and an action a refer) link
    # to its own views, at the page's revision
    edits = re.findall(r'hx-get="([^"?]+)\?revision=(\d+)" hx-target="closest tr"', html)
    removes = re.findall(r'<form method="post" action="([^"]+/fjern/)" hx-post="\1"', html)
    refers = re.findall(r'<a href="([^"]+/henvis/)">', html)
    assert {revision for _, revision in edits} == {str(busy_plan.revision)}
    expected = (
        {("maal", goal.public_id) for goal in busy_plan.goals.all()}
        | {("milepaele", milestone.public_id) for milestone in busy_plan.milestones.all()}
        | {("aktiviteter", action.public_id) for action in busy_plan.actions.all()}
    )
    for urls, view_name in [
        ([url for url, _ in edits], "item_edit"),
        (removes, "item_remove"),
    ]:
        found = set()
        for url in urls:
            match = resolve(url)
            assert match.url_name == view_name
            assert match.kwargs["public_id"] == busy_plan.public_id
            found.add((match.kwargs["kind"], match.kwargs["item_id"]))
        assert found == expected and len(urls) == len(expected)
    assert {resolve(url).url_name for url in refers} == {"referral_create"}
    assert {resolve(url).kwargs["item_id"] for url in refers} == {
        action.public_id for action in busy_plan.actions.all()
    }
