"""Two saves from the same revision at the same moment: exactly one wins (PostgreSQL, real
connections in two threads; SQLite serialises writers anyway)."""

import threading
from typing import Any

import pytest
from django.db import connection, connections

from conftest import Personas
from vaekst.growthplans.models import GrowthPlan, PlanMilestone, PlanVersion
from vaekst.growthplans.services import StaleRevision, update_milestone

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections"
)


def test_two_concurrent_saves_cannot_both_win(
    transactional_db: None,
    personas: Personas,
    plan_a: GrowthPlan,
) -> None:
    milestone = plan_a.milestones.get(title="Sælger ansat")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor: Any, title: str) -> None:
        try:
            barrier.wait()
            update_milestone(actor=actor, milestone=milestone, expected_revision=4, title=title)
            outcomes.append("saved")
        except StaleRevision:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(personas.a.consultant, "Første")),
        threading.Thread(target=save, args=(personas.a.manager, "Anden")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one save won, the other changed nothing
    assert sorted(outcomes) == ["saved", "stale"]
    plan_a.refresh_from_db()
    assert plan_a.revision == 5
    assert PlanVersion.objects.filter(plan=plan_a).count() == 5
    assert PlanMilestone.objects.get(pk=milestone.pk).title in {"Første", "Anden"}
