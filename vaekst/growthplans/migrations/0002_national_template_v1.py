"""The national mapping template, version 1: six areas with three or four focus areas each.

The wording is the project's own. The data lives here, not in app code, so that later edits
to the app cannot change what version 1 was.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone

AREAS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "business_concept",
        "Forretningskoncept",
        "Hvad virksomheden lever af, og hvorfor kunderne vælger den.",
        [
            (
                "value_proposition",
                "Værdiløfte",
                "Kan virksomheden i én sætning sige, hvilket "
                "problem den løser, og for hvem? Er det noget, kunderne selv nævner?",
            ),
            (
                "products_services",
                "Produkter og ydelser",
                "Hvor bred er porteføljen, hvilke "
                "ydelser bærer indtjeningen, og hvilke er på vej ind eller ud?",
            ),
            (
                "business_model",
                "Forretningsmodel",
                "Hvordan tjener virksomheden penge: "
                "engangssalg, abonnement, projekter, licenser? Er modellen skalerbar?",
            ),
            (
                "innovation",
                "Udvikling og fornyelse",
                "Hvordan opstår nye idéer, og hvor hurtigt kommer de fra idé til salg?",
            ),
        ],
    ),
    (
        "customers_market",
        "Kunder og marked",
        "Hvem køber, hvor mange kunne købe, og hvordan vinder virksomheden dem.",
        [
            (
                "target_customers",
                "Målgrupper",
                "Er de vigtigste kundegrupper beskrevet, og "
                "hvor afhængig er virksomheden af få store kunder?",
            ),
            (
                "market_position",
                "Markedsposition og konkurrenter",
                "Hvem konkurrerer virksomheden med, og hvad gør den bedre eller anderledes?",
            ),
            (
                "sales",
                "Salg",
                "Er der en fast proces for at finde, følge op på og lukke "
                "salg? Hvem sælger, og hvordan måles det?",
            ),
            (
                "marketing",
                "Markedsføring og synlighed",
                "Hvordan kender kunderne "
                "virksomheden, og hvilke kanaler giver faktisk henvendelser?",
            ),
        ],
    ),
    (
        "organisation_management",
        "Organisation og ledelse",
        "Folkene bag væksten: ledelse, medarbejdere og bestyrelse.",
        [
            (
                "leadership",
                "Ledelse og ejerskab",
                "Er ejerkredsen enig om ambitionen, og har "
                "ledelsen tid til at drive udviklingen frem for driften?",
            ),
            (
                "competences",
                "Kompetencer og rekruttering",
                "Hvilke kompetencer mangler for at nå målet, og kan virksomheden tiltrække dem?",
            ),
            (
                "board_network",
                "Bestyrelse og netværk",
                "Har virksomheden en bestyrelse, et "
                "advisory board eller et netværk, der udfordrer og åbner døre?",
            ),
        ],
    ),
    (
        "operations",
        "Drift og produktion",
        "Hvordan ydelsen bliver til og leveres, og om det kan følge med væksten.",
        [
            (
                "processes",
                "Processer og kvalitet",
                "Er de vigtigste arbejdsgange beskrevet, "
                "og kan de gentages med samme kvalitet ved større volumen?",
            ),
            (
                "capacity",
                "Kapacitet og leverandører",
                "Hvor går grænsen for, hvad virksomheden "
                "kan levere i dag, og hvor sårbar er forsyningen?",
            ),
            (
                "digitalisation",
                "Digitalisering og data",
                "Understøtter it-systemer og data beslutninger og effektiv drift?",
            ),
            (
                "sustainability",
                "Bæredygtighed og ressourcer",
                "Kender virksomheden sit "
                "ressourceforbrug og kundernes krav til klima og ansvarlighed?",
            ),
        ],
    ),
    (
        "finance_capital",
        "Økonomi og kapital",
        "Overblik over tallene og adgang til den kapital, væksten kræver.",
        [
            (
                "financial_control",
                "Økonomistyring",
                "Er der budgetter, likviditetsprognoser "
                "og løbende opfølgning, som ledelsen faktisk bruger?",
            ),
            (
                "profitability",
                "Indtjening",
                "Hvilke kunder, produkter og projekter tjener "
                "virksomheden penge på, og hvilke koster?",
            ),
            (
                "capital_access",
                "Finansiering og kapital",
                "Hvor stort er kapitalbehovet de "
                "næste tre år, og hvilke kilder er realistiske: bank, investorer, fonde, lån?",
            ),
        ],
    ),
    (
        "internationalisation",
        "Internationalisering",
        "Salg og samarbejde uden for Danmark.",
        [
            (
                "export_readiness",
                "Eksportparathed",
                "Har virksomheden ressourcer, produkt og organisation til at sælge i udlandet?",
            ),
            (
                "target_markets",
                "Valg af markeder",
                "Hvilke lande er valgt, og på hvilket grundlag? Er markedsadgangen undersøgt?",
            ),
            (
                "international_partners",
                "Partnere i udlandet",
                "Hvordan når virksomheden "
                "kunderne: direkte, via forhandlere, agenter eller samarbejdspartnere?",
            ),
        ],
    ),
]


def create_v1(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("growthplans", "MappingTemplate")
    area_model = apps.get_model("growthplans", "MappingArea")
    focus_model = apps.get_model("growthplans", "MappingFocusArea")
    if template_model.objects.filter(version=1).exists():
        return
    template = template_model.objects.create(
        version=1,
        title="National vækstkortlægning",
        status="published",
        published_at=timezone.now(),
    )
    for area_order, (key, title, description, focus_areas) in enumerate(AREAS, start=1):
        area = area_model.objects.create(
            template=template, key=key, order=area_order, title=title, description=description
        )
        focus_model.objects.bulk_create(
            focus_model(area=area, key=f_key, order=f_order, title=f_title, guidance=guidance)
            for f_order, (f_key, f_title, guidance) in enumerate(focus_areas, start=1)
        )


def remove_v1(apps: Any, schema_editor: Any) -> None:
    apps.get_model("growthplans", "MappingTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("growthplans", "0001_initial")]

    operations = [migrations.RunPython(create_v1, remove_v1)]
