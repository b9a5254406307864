"""English names and descriptions for the default national levels, shown to readers of
English. Rows are matched on the level's key; a text is filled only where its English column
is empty and the Danish text is still the seeded one, so a level the national level renamed
does not get the English of a name it no longer has."""

from django.db import migrations

from vaekst.segmentation.defaults import DEFAULT_LEVELS

FIELDS = ("internal_name", "external_name", "description")


def fill(apps, schema_editor):
    LevelDefinition = apps.get_model("segmentation", "LevelDefinition")
    defaults = {level["key"]: level for level in DEFAULT_LEVELS}
    levels = LevelDefinition.objects.filter(rule_set__scope="national", key__in=list(defaults))
    for level in levels:
        default = defaults[level.key]
        changed = []
        for field in FIELDS:
            english = f"{field}_en"
            if not getattr(level, english) and getattr(level, field) == default[field]:
                setattr(level, english, default[english])
                changed.append(english)
        if changed:
            level.save(update_fields=changed)


def empty(apps, schema_editor):
    LevelDefinition = apps.get_model("segmentation", "LevelDefinition")
    defaults = {level["key"]: level for level in DEFAULT_LEVELS}
    for level in LevelDefinition.objects.filter(rule_set__scope="national", key__in=list(defaults)):
        for field in FIELDS:
            if getattr(level, f"{field}_en") == defaults[level.key][f"{field}_en"]:
                setattr(level, f"{field}_en", "")
        level.save()


class Migration(migrations.Migration):
    dependencies = [("segmentation", "0006_level_names_in_english")]
    operations = [migrations.RunPython(fill, empty)]
