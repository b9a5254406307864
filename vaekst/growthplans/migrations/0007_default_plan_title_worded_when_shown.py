"""A plan without a title of its own is called "Vækstplan for <firm>" in the reader's
language (GrowthPlan.shown_title). Plans that carry the Danish default title written by the
system get an empty title; titles people typed stay as they are."""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Concat


def default_titles_to_empty(apps, schema_editor):
    GrowthPlan = apps.get_model("growthplans", "GrowthPlan")
    GrowthPlan.objects.alias(default=Concat(Value("Vækstplan for "), F("company__name"))).filter(
        title=F("default")
    ).update(title="")


def empty_titles_to_danish(apps, schema_editor):
    GrowthPlan = apps.get_model("growthplans", "GrowthPlan")
    for plan in GrowthPlan.objects.filter(title="").select_related("company"):
        plan.title = f"Vækstplan for {plan.company.name}"[:200]
        plan.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("growthplans", "0006_version_change_as_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="growthplan",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="titel"),
        ),
        migrations.RunPython(default_titles_to_empty, empty_titles_to_danish),
    ]
