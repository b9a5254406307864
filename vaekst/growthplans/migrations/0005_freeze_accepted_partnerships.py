"""Freeze the terms of partnerships accepted before terms were frozen at acceptance.

The terms are rebuilt from the plan version in force at the first acceptance (the version
snapshots keep every goal and milestone as it then stood). Best effort: a committed milestone
deleted from the plan since has also left the partnership's milestone list, so it cannot be
recovered. A partnership with no version from before its acceptance is left unfrozen (its
pages keep showing the plan as it stands).
"""

from typing import Any

from django.db import migrations


def _goal(public_id: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "public_id": public_id,
        "metric": row.get("metric", ""),
        "description": row.get("description", ""),
        "baseline_value": row.get("baseline_value"),
        "baseline_year": row.get("baseline_year"),
        "target_value": row.get("target_value"),
        "target_date": row.get("target_date"),
    }


def freeze(apps: Any, schema_editor: Any) -> None:
    partnership_model = apps.get_model("growthplans", "GrowthPartnership")
    version_model = apps.get_model("growthplans", "PlanVersion")
    accepted = partnership_model.objects.filter(accepted_revision__isnull=True).exclude(
        firm_accepted_at__isnull=True, house_accepted_at__isnull=True
    )
    for partnership in accepted.iterator():
        first = min(
            moment
            for moment in (partnership.firm_accepted_at, partnership.house_accepted_at)
            if moment is not None
        )
        version = (
            version_model.objects.filter(plan_id=partnership.plan_id, created_at__lte=first)
            .order_by("-number")
            .first()
        )
        if version is None:
            continue
        snapshot = version.snapshot
        goals = sorted(
            snapshot.get("goals", {}).items(), key=lambda item: item[1].get("order") or 0
        )
        committed = {str(m.public_id) for m in partnership.firm_milestones.all()}
        milestones = sorted(
            (
                (public_id, row)
                for public_id, row in snapshot.get("milestones", {}).items()
                if public_id in committed
            ),
            key=lambda item: (item[1].get("order") or 0, item[1].get("due_on") or ""),
        )
        partnership.accepted_revision = version.number
        partnership.accepted_terms = {
            "plan_revision": version.number,
            "firm_commitment": partnership.firm_commitment,
            "house_commitment": partnership.house_commitment,
            "house_hours": (
                None if partnership.house_hours is None else str(partnership.house_hours)
            ),
            "goals": [_goal(public_id, row) for public_id, row in goals],
            "milestones": [
                {
                    "public_id": public_id,
                    "title": row.get("title", ""),
                    "criterion": row.get("criterion", ""),
                    "due_on": row.get("due_on"),
                }
                for public_id, row in milestones
            ],
            "offers": [
                {"public_id": str(offer.public_id), "title": offer.title}
                for offer in partnership.house_offers.order_by("title")
            ],
        }
        partnership.save(update_fields=["accepted_revision", "accepted_terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("growthplans", "0004_plan_field_labels"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
