"""The default national rule set (version 1, published), so that scoring works on an empty
installation. The national level changes it as data, through new versions."""

import datetime

from django.db import migrations

from vaekst.segmentation.defaults import DEFAULT_LEVELS


def load(apps, schema_editor):
    RuleSet = apps.get_model("segmentation", "RuleSet")
    LevelDefinition = apps.get_model("segmentation", "LevelDefinition")
    Criterion = apps.get_model("segmentation", "Criterion")
    if RuleSet.objects.filter(scope="national").exists():
        return
    rule_set = RuleSet.objects.create(
        scope="national",
        version=1,
        status="published",
        effective_from=datetime.date(2014, 1, 1),
        published_at=datetime.datetime(2014, 1, 1, tzinfo=datetime.UTC),
        note="Standardniveauer ved installation.",
    )
    for level in DEFAULT_LEVELS:
        LevelDefinition.objects.create(
            rule_set=rule_set,
            key=level["key"],
            rank=level["rank"],
            internal_name=level["internal_name"],
            external_name=level["external_name"],
            description=level["description"],
        )
        for criterion in level["criteria"]:
            Criterion.objects.create(rule_set=rule_set, level_key=level["key"], **criterion)


class Migration(migrations.Migration):
    dependencies = [("segmentation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
