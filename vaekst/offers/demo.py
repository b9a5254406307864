"""Demo offers: a few realistic additional offers for each of the five houses.

Written straight to the tables rather than through the services, because the demo acts as the
system (no user) and must be idempotent: offers are keyed by owner and title, partners by
name, allowances by level.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.organisations.choices import OrganisationKind, PartnerKind
from vaekst.organisations.models import Organisation

START = datetime.date(2025, 1, 1)
END = datetime.date(2027, 12, 31)

PARTNERS = {
    "Business Angels Denmark": PartnerKind.BUSINESS_ANGELS,
    "Danske Bank Erhverv": PartnerKind.BANK,
    "Nordea Erhverv": PartnerKind.BANK,
    "Vækstfonden (EIFO)": PartnerKind.FUND,
    "Eksportrådet": PartnerKind.EXPORT_COUNCIL,
    "Aalborg Universitet": PartnerKind.KNOWLEDGE_INSTITUTION,
    "Aarhus Universitet": PartnerKind.KNOWLEDGE_INSTITUTION,
    "Syddansk Universitet": PartnerKind.KNOWLEDGE_INSTITUTION,
    "Danmarks Tekniske Universitet": PartnerKind.KNOWLEDGE_INSTITUTION,
    "FSR – danske revisorer": PartnerKind.PRIVATE_ADVISOR,
}


def _offer(
    kind: str,
    title: str,
    summary: str,
    *,
    partners: list[str],
    allowances: dict[str, int],
    unit: str = AllowanceUnit.HOURS,
    capacity: int | None = None,
    funding: str = "Regionale erhvervsfremmemidler",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": title,
        "summary": summary,
        "partners": partners,
        "allowances": allowances,
        "unit": unit,
        "capacity": capacity,
        "funding_source": funding,
    }


CAPITAL = _offer(
    OfferKind.HUB_FUNCTION,
    "Kapitalfremskaffelse",
    "Knudepunkt for business angels, banker, revisorer og fonde: klargøring og match.",
    partners=["Business Angels Denmark", "Danske Bank Erhverv", "Vækstfonden (EIFO)"],
    allowances={"high": 15, "potential": 8},
)
EXPORT = _offer(
    OfferKind.COFINANCED_PROGRAMME,
    "Eksportparat",
    "Eksportforløb med medfinansiering af markedsanalyse og eksportrådgivning.",
    partners=["Eksportrådet"],
    allowances={"high": 20, "potential": 10},
    capacity=40,
    funding="EU-strukturfondsmidler og virksomhedens egenbetaling (50 %)",
)
OFFERS: dict[int, list[dict[str, Any]]] = {
    1081: [
        CAPITAL,
        _offer(
            OfferKind.REGIONAL_COURSE,
            "Nordjysk Vækstcamp",
            "Todages camp for ejerledere i vækstlaget med opfølgende netværk.",
            partners=["Aalborg Universitet"],
            allowances={"high": 1, "potential": 1, "established": 1},
            unit=AllowanceUnit.PLACES,
            capacity=30,
        ),
        _offer(
            OfferKind.OPERATOR_ROLE,
            "Operatør for Det Blå Danmark-programmet",
            "Huset driver det regionale maritime udviklingsprogram for regionen.",
            partners=[],
            allowances={"high": 6, "potential": 6, "established": 3},
            unit=AllowanceUnit.SESSIONS,
        ),
    ],
    1082: [
        EXPORT,
        _offer(
            OfferKind.COLLECTIVE_PROGRAMME,
            "Vækstakademi Midt",
            "Seks workshops om strategi, salg og ledelse for virksomheder på samme niveau.",
            partners=["Aarhus Universitet"],
            allowances={"potential": 6, "established": 6},
            unit=AllowanceUnit.SESSIONS,
            capacity=60,
        ),
        CAPITAL,
    ],
    1083: [
        _offer(
            OfferKind.REGIONAL_COURSE,
            "Automatisering og robotter i SMV'er",
            "Regionalt udviklingsforløb med test af automatisering i egen produktion.",
            partners=["Syddansk Universitet"],
            allowances={"high": 12, "potential": 8, "established": 4},
            capacity=25,
        ),
        EXPORT,
    ],
    1084: [
        CAPITAL,
        _offer(
            OfferKind.ADVISORY_SESSIONS,
            "Scale-up sparring",
            "Forlænget 1:1-sparring med erfarne ejerledere for virksomheder i høj vækst.",
            partners=["FSR – danske revisorer"],
            allowances={"high": 10},
        ),
        _offer(
            OfferKind.COFINANCED_PROGRAMME,
            "Grøn omstilling med DTU",
            "Program med medfinansiering af konsulenttimer til grøn forretningsudvikling.",
            partners=["Danmarks Tekniske Universitet"],
            allowances={"high": 25, "potential": 15},
            capacity=50,
            funding="Danmarks Erhvervsfremmebestyrelse og virksomhedens egenbetaling",
        ),
    ],
    1085: [
        _offer(
            OfferKind.COLLECTIVE_PROGRAMME,
            "Vækstnetværk Sjælland",
            "Erfa-netværk for ejerledere med seks møder om året.",
            partners=["Nordea Erhverv"],
            allowances={"high": 6, "potential": 6, "established": 6},
            unit=AllowanceUnit.SESSIONS,
        ),
        CAPITAL,
    ],
}


@transaction.atomic
def seed_offers() -> int:
    """Create the demo offers (again without duplicates); returns how many offers exist for
    the houses afterwards."""
    partners = {
        name: Organisation.objects.get_or_create(
            name=name,
            kind=OrganisationKind.PARTNER,
            defaults={"partner_kind": partner_kind},
        )[0]
        for name, partner_kind in PARTNERS.items()
    }
    houses = {house.region_id: house for house in Organisation.objects.growth_houses()}
    for region_code, specs in OFFERS.items():
        house = houses.get(region_code)
        if house is None:
            continue
        for spec in specs:
            offer, _ = Offer.objects.update_or_create(
                owner=house,
                title=spec["title"],
                defaults={
                    "is_core": False,
                    "kind": spec["kind"],
                    "summary": spec["summary"],
                    "description": spec["summary"],
                    "rationale": f"Svarer på behov i {house.region}.",
                    "regional_strategy": f"Den regionale erhvervsstrategi for {house.region}.",
                    "funding_source": spec["funding_source"],
                    "capacity": spec["capacity"],
                    "starts_on": START,
                    "ends_on": END,
                    "is_published": True,
                },
            )
            offer.partners.set([partners[name] for name in spec["partners"]])
            for level_key, quantity in spec["allowances"].items():
                OfferAllowance.objects.update_or_create(
                    offer=offer,
                    level_key=level_key,
                    defaults={"quantity": Decimal(quantity), "unit": spec["unit"]},
                )
    return Offer.objects.filter(is_core=False).count()
