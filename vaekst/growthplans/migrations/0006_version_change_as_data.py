"""A plan version keeps what changed as data (`change`), worded in the reader's language.

Existing versions: the Danish summary is read back into data where it can be with
certainty ("Aktivitet tilføjet: X" and the like) and then cleared; any other text is kept
in `summary` and shown as it was written. Audit entries are append-only and keep their text.
"""

from django.db import migrations, models
from django.utils import translation


def summaries_to_data(apps, schema_editor):
    from vaekst.growthplans.changes import parse_old_summary

    PlanVersion = apps.get_model("growthplans", "PlanVersion")
    with translation.override("da"):
        changed = []
        for version in PlanVersion.objects.exclude(summary="").only("pk", "summary").iterator():
            data = parse_old_summary(version.summary)
            if data is not None:
                version.change, version.summary = data, ""
                changed.append(version)
            if len(changed) >= 1000:
                PlanVersion.objects.bulk_update(changed, ["change", "summary"])
                changed = []
        PlanVersion.objects.bulk_update(changed, ["change", "summary"])


def data_to_summaries(apps, schema_editor):
    from vaekst.growthplans.changes import describe

    PlanVersion = apps.get_model("growthplans", "PlanVersion")
    with translation.override("da"):
        changed = []
        for version in PlanVersion.objects.filter(summary="").only("pk", "change").iterator():
            version.summary = describe(version.change)[:300]
            changed.append(version)
        PlanVersion.objects.bulk_update(changed, ["summary"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("growthplans", "0005_freeze_accepted_partnerships"),
    ]

    operations = [
        migrations.AddField(
            model_name="planversion",
            name="change",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(summaries_to_data, data_to_summaries),
    ]
