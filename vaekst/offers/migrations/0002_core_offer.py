"""The national core service, growth mapping (vækstkortlægning), with default allowances.

Hours of consultant time per level, counted over the offer's lifetime: a growth mapping takes
about four hours (interview, the growth wheel, a written summary). Firms with high potential
get the mapping and about 20 hours of 1:1 sparring on top, because the work plan wants the
core service to be most attractive to them; firms with potential get the mapping and a
follow-up course of sparring; established firms get the mapping on request; the base level
gets none (basic guidance and collective offers come from the local business service).
"""

import datetime
from decimal import Decimal

from django.db import migrations

TITLE = "Vækstkortlægning"
ALLOWANCES = {"high": Decimal(25), "potential": Decimal(12), "established": Decimal(4)}


def create(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Offer = apps.get_model("offers", "Offer")
    OfferAllowance = apps.get_model("offers", "OfferAllowance")
    national = Organisation.objects.filter(kind="national").first()
    if national is None or Offer.objects.filter(is_core=True, kind="growth_mapping").exists():
        return
    offer = Offer.objects.create(
        owner=national,
        is_core=True,
        kind="growth_mapping",
        title=TITLE,
        summary="Den standardiserede kerneydelse: en struktureret gennemgang af virksomhedens "
        "vækstmuligheder med Væksthjulet og en vækstplan.",
        description="Vækstkortlægningen har samme kvalitet og dybde i alle fem erhvervshuse. "
        "Den blander 1:1-sparring med kollektive instrumenter (camps, workshops, træning) og "
        "giver plads til andre erhvervsfremmeaktører og private rådgivere undervejs.",
        rationale="National kerneydelse fastlagt af KL og Erhvervs- og Vækstministeriet "
        "(Væksthusene 2.0), gjort mest attraktiv for virksomheder med højt vækstpotentiale.",
        funding_source="Kommunernes finansiering af erhvervshusene (resultatkontrakt)",
        starts_on=datetime.date(2014, 1, 1),
        is_published=True,
    )
    for level_key, quantity in ALLOWANCES.items():
        OfferAllowance.objects.create(
            offer=offer, level_key=level_key, quantity=quantity, unit="hours"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("organisations", "0002_load_geography"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
