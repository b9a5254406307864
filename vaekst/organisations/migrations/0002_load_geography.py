"""Load Denmark's five regions and 98 municipalities, the national level, one growth house
per region and one local business service per municipality, so an empty database already
knows them. Idempotent: re-running changes nothing."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"

# The growth houses (today: erhvervshuse) by region code.
HOUSE_NAMES = {
    1081: "Erhvervshus Nordjylland",
    1082: "Erhvervshus Midtjylland",
    1083: "Erhvervshus Sydjylland",
    1084: "Erhvervshus Hovedstaden",
    1085: "Erhvervshus Sjælland",
}


def load(apps, schema_editor):
    Region = apps.get_model("organisations", "Region")
    Municipality = apps.get_model("organisations", "Municipality")
    Organisation = apps.get_model("organisations", "Organisation")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        region, _ = Region.objects.update_or_create(
            code=int(row["regionskode"]), defaults={"name": row["regionsnavn"]}
        )
        Municipality.objects.update_or_create(
            code=int(row["kommunekode"]),
            defaults={"name": row["kommunenavn"], "region": region},
        )
    Organisation.objects.get_or_create(
        kind="national", defaults={"name": "Erhvervsstyrelsen og KL (nationalt niveau)"}
    )
    for region in Region.objects.all():
        Organisation.objects.get_or_create(
            kind="growth_house",
            region=region,
            defaults={"name": HOUSE_NAMES.get(region.code, f"Erhvervshus {region.name}")},
        )
    for municipality in Municipality.objects.all():
        Organisation.objects.get_or_create(
            kind="municipality",
            municipality=municipality,
            defaults={"name": f"{municipality.name} Erhvervsservice"},
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
