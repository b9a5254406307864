"""An accepted partnership is frozen: the terms as accepted stay on the pages and in the PDF,
and later plan edits show as changes since acceptance."""

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import MilestoneStatus, PartnershipStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import (
    accept_as_firm,
    accept_as_house,
    propose_partnership,
    remove_milestone,
    set_milestone_progress,
    update_goal,
    update_milestone,
)
from vaekst.growthplans.terms import partnership_terms
from vaekst.growthplans.views_partnerships import pdf_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership_a(personas: Personas, plan_a: GrowthPlan) -> GrowthPartnership:
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="10 nye job",
        house_commitment="Sparring hver måned",
        house_hours=Decimal("20"),
        firm_milestones=plan_a.milestones.all(),
    )


def _edit_plan_after_acceptance(personas: Personas, plan: GrowthPlan) -> None:
    """Move the hiring milestone, drop the capital milestone, raise the jobs target and tick
    progress on the sales milestone (revisions 4 → 8)."""
    consultant = personas.a.consultant
    update_milestone(
        actor=consultant,
        milestone=plan.milestones.get(title="Sælger ansat"),
        expected_revision=4,
        due_on=datetime.date(2024, 10, 1),
    )
    remove_milestone(
        actor=consultant,
        milestone=plan.milestones.get(title="Styrk: Finansiering og kapital"),
        expected_revision=5,
    )
    update_goal(
        actor=consultant,
        goal=plan.goals.get(metric="employees"),
        expected_revision=6,
        target_value=Decimal("30"),
    )
    set_milestone_progress(
        actor=personas.a.company_user,
        milestone=plan.milestones.get(title="Styrk: Salg"),
        expected_revision=7,
        status=MilestoneStatus.IN_PROGRESS,
        progress=50,
    )


def test_the_first_acceptance_freezes_the_terms_for_both_sides(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given the firm has accepted the draft at the plan's revision 4
    partnership = accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    assert partnership.accepted_revision == 4
    # when the plan is edited before the house accepts
    _edit_plan_after_acceptance(personas, partnership.plan)
    partnership = accept_as_house(actor=personas.a.consultant, partnership=partnership)
    # then the house accepted the same terms the firm did: nothing was re-frozen
    assert partnership.status == PartnershipStatus.ACTIVE
    partnership.refresh_from_db()
    assert partnership.accepted_revision == 4
    assert [(m["title"], m["due_on"]) for m in partnership.accepted_terms["milestones"]] == [
        ("Styrk: Salg", "2024-08-30"),
        ("Styrk: Finansiering og kapital", "2024-08-30"),
        ("Sælger ansat", "2024-09-01"),
    ]
    assert partnership.accepted_terms["house_hours"] == "20.0"
    assert [g["target_value"] for g in partnership.accepted_terms["goals"]] == [
        "25.0",
        "9000000.0",
    ]


def test_terms_show_what_was_accepted_and_the_changes_since(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given an active partnership
    accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    accept_as_house(actor=personas.a.manager, partnership=partnership_a)
    # when the plan changes afterwards
    _edit_plan_after_acceptance(personas, partnership_a.plan)
    partnership_a.refresh_from_db()
    terms = partnership_terms(partnership_a)
    # then the accepted milestones keep their accepted dates, with today's status
    assert terms.frozen and terms.plan_revision == 4
    assert [(m.title, m.due_on, m.status_label) for m in terms.milestones] == [
        ("Styrk: Salg", datetime.date(2024, 8, 30), "I gang"),
        ("Styrk: Finansiering og kapital", datetime.date(2024, 8, 30), "Fjernet fra planen"),
        ("Sælger ansat", datetime.date(2024, 9, 1), "Planlagt"),
    ]
    assert [g.target_value for g in terms.goals] == [Decimal("25.0"), Decimal("9000000.0")]
    # and the edits are listed as changes since acceptance (progress is not a change of terms)
    assert terms.changes == [
        "Mål ændret: Flere ansatte (Målværdi: 25 → 30)",
        "Milepæl fjernet fra planen: Styrk: Finansiering og kapital",
        "Milepæl ændret: Sælger ansat (Dato: 01.09.2024 → 01.10.2024)",
    ]


def test_a_draft_nobody_accepted_shows_the_plan_as_it_stands(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given a draft, when the plan changes
    update_milestone(
        actor=personas.a.consultant,
        milestone=partnership_a.plan.milestones.get(title="Sælger ansat"),
        expected_revision=4,
        due_on=datetime.date(2024, 10, 1),
    )
    # then the terms follow the plan and nothing is frozen
    partnership_a.refresh_from_db()
    terms = partnership_terms(partnership_a)
    assert not terms.frozen and partnership_a.accepted_terms == {}
    assert terms.changes == []
    assert ("Sælger ansat", datetime.date(2024, 10, 1)) in [
        (m.title, m.due_on) for m in terms.milestones
    ]


def test_pages_and_pdf_show_the_accepted_terms_and_the_changes(
    personas: Personas, partnership_a: GrowthPartnership, rf: Any
) -> None:
    # given an active partnership whose plan changed afterwards
    accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    accept_as_house(actor=personas.a.manager, partnership=partnership_a)
    _edit_plan_after_acceptance(personas, partnership_a.plan)
    changed = "Milepæl ændret: Sælger ansat (Dato: 01.09.2024 → 01.10.2024)"
    # when the consultant opens the partnership
    client = Client()
    client.force_login(personas.a.consultant)
    page = client.get(f"/vaekstpartnerskaber/{partnership_a.public_id}/").content.decode()
    # then the accepted date and the change are shown
    assert "Vilkårene er som accepteret (vækstplanens version 4)." in page
    assert "<td>Sælger ansat</td><td>Kontrakt underskrevet</td>" in page
    assert '<td class="nowrap">01.09.2024</td>' in page
    assert changed in page
    # and the firm's portal shows them too
    client.force_login(personas.a.company_user)
    portal = client.get(f"/portal/partnerskab/{partnership_a.public_id}/").content.decode()
    assert "Sælger ansat (1. september 2024)" in portal
    assert "Styrk: Finansiering og kapital (30. august 2024) · Fjernet fra planen" in portal
    assert changed in portal
    # and the PDF
    request = rf.get("/")
    request.user = personas.a.consultant
    html = pdf_html(request, GrowthPartnership.objects.get(pk=partnership_a.pk))
    assert "Vilkårene er som accepteret på vækstplanens version 4." in html
    assert "<td>Sælger ansat</td><td>Kontrakt underskrevet</td><td>01.09.2024</td>" in html
    assert changed in html


def test_partnerships_accepted_before_freezing_are_frozen_from_the_plan_version(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given a partnership accepted when terms were not yet frozen, and edits since
    accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    accept_as_house(actor=personas.a.manager, partnership=partnership_a)
    expected = GrowthPartnership.objects.get(pk=partnership_a.pk).accepted_terms
    GrowthPartnership.objects.filter(pk=partnership_a.pk).update(
        accepted_revision=None, accepted_terms={}
    )
    _edit_plan_after_acceptance(personas, partnership_a.plan)
    # when the migration runs
    freeze = importlib.import_module(
        "vaekst.growthplans.migrations.0005_freeze_accepted_partnerships"
    ).freeze
    freeze(apps, None)
    # then the terms are those of the version in force at the acceptance, except the
    # milestone deleted since, which left the partnership with it
    partnership_a.refresh_from_db()
    assert partnership_a.accepted_revision == 4
    removed = "Styrk: Finansiering og kapital"
    assert partnership_a.accepted_terms == {
        **expected,
        "milestones": [m for m in expected["milestones"] if m["title"] != removed],
    }
    assert partnership_terms(partnership_a).changes == [
        "Mål ændret: Flere ansatte (Målværdi: 25 → 30)",
        "Milepæl ændret: Sælger ansat (Dato: 01.09.2024 → 01.10.2024)",
    ]
