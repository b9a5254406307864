"""A level move in the change list ("Hvad er ændret") is stored by the level's key and worded
when shown, so that it follows the reader's language. Moves written before, with the level's
Danish internal name, get the key of the level that had that name (the newest national rule
set's, where names were reused); a name no level has is left as it is and shown as stored."""

from django.db import migrations


def to_keys(apps, schema_editor):
    LevelDefinition = apps.get_model("segmentation", "LevelDefinition")
    CompanyEvent = apps.get_model("register", "CompanyEvent")
    keys: dict[str, str] = {}
    for key, name in (
        LevelDefinition.objects.filter(rule_set__scope="national")
        .order_by("rule_set__version")
        .values_list("key", "internal_name")
    ):
        keys[name] = key
    for name, key in keys.items():
        events = CompanyEvent.objects.filter(kind="level")
        events.filter(from_value=name).update(from_value=key)
        events.filter(to_value=name).update(to_value=key)


def to_names(apps, schema_editor):
    LevelDefinition = apps.get_model("segmentation", "LevelDefinition")
    CompanyEvent = apps.get_model("register", "CompanyEvent")
    names: dict[str, str] = {}
    for key, name in (
        LevelDefinition.objects.filter(rule_set__scope="national")
        .order_by("rule_set__version")
        .values_list("key", "internal_name")
    ):
        names[key] = name
    for key, name in names.items():
        events = CompanyEvent.objects.filter(kind="level")
        events.filter(from_value=key).update(from_value=name)
        events.filter(to_value=key).update(to_value=name)


class Migration(migrations.Migration):
    dependencies = [
        ("segmentation", "0007_english_for_the_default_levels"),
        ("register", "0105_register_imports_and_company_events"),
    ]
    operations = [migrations.RunPython(to_keys, to_names)]
