"""The English title of the national mapping template, shown to readers of English: filled
on every version still titled as seeded ("National vækstkortlægning") whose English title is
empty; a version the national administrator retitled keeps showing its own title."""

from django.db import migrations

DANISH, ENGLISH = "National vækstkortlægning", "National growth mapping"


def fill(apps, schema_editor):
    MappingTemplate = apps.get_model("growthplans", "MappingTemplate")
    MappingTemplate.objects.filter(title=DANISH, title_en="").update(title_en=ENGLISH)


def empty(apps, schema_editor):
    MappingTemplate = apps.get_model("growthplans", "MappingTemplate")
    MappingTemplate.objects.filter(title_en=ENGLISH).update(title_en="")


class Migration(migrations.Migration):
    dependencies = [("growthplans", "0008_template_title_in_english")]
    operations = [migrations.RunPython(fill, empty)]
