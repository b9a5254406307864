"""English title, summary and description for the national core offer (growth mapping),
shown to readers of English. The offer is matched on what it is (the core offer of kind
growth mapping), not on its title; a text is filled only where the English column is empty
and the Danish text is still the one seeded in 0002_core_offer."""

from django.db import migrations

TEXTS = {
    "title": ("Vækstkortlægning", "Growth mapping"),
    "summary": (
        "Den standardiserede kerneydelse: en struktureret gennemgang af virksomhedens "
        "vækstmuligheder med Væksthjulet og en vækstplan.",
        "The standard core service: a structured review of the firm's growth opportunities "
        "with the Growth Wheel, and a growth plan.",
    ),
    "description": (
        "Vækstkortlægningen har samme kvalitet og dybde i alle fem erhvervshuse. "
        "Den blander 1:1-sparring med kollektive instrumenter (camps, workshops, træning) og "
        "giver plads til andre erhvervsfremmeaktører og private rådgivere undervejs.",
        "The growth mapping has the same quality and depth in all five business houses. "
        "It mixes one-to-one sparring with collective instruments (camps, workshops, "
        "training) and leaves room for other business-support actors and private advisers "
        "along the way.",
    ),
}


def fill(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.filter(is_core=True, kind="growth_mapping"):
        changed = []
        for field, (danish, english) in TEXTS.items():
            if not getattr(offer, f"{field}_en") and getattr(offer, field) == danish:
                setattr(offer, f"{field}_en", english)
                changed.append(f"{field}_en")
        if changed:
            offer.save(update_fields=changed)


def empty(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.filter(is_core=True, kind="growth_mapping"):
        for field, (_danish, english) in TEXTS.items():
            if getattr(offer, f"{field}_en") == english:
                setattr(offer, f"{field}_en", "")
        offer.save()


class Migration(migrations.Migration):
    dependencies = [("offers", "0003_offer_texts_in_english")]
    operations = [migrations.RunPython(fill, empty)]
