"""English titles, descriptions and guidance for the areas and focus areas of the national
mapping template as seeded in 0002_national_template_v1, shown to readers of English.

Rows are matched on their keys (area key, focus-area key); a text is filled only where its
English column is empty and the Danish text is still the seeded one, so an area or focus
area the national administrator reworded in a later version does not get the English of a
text it no longer has. Kept here, not in app code, like the Danish of version 1."""

from django.db import migrations

# key -> ((Danish title, English title), (Danish description, English description))
AREAS = {
    "business_concept": (
        ("Forretningskoncept", "Business concept"),
        (
            "Hvad virksomheden lever af, og hvorfor kunderne vælger den.",
            "What the firm lives on, and why customers choose it.",
        ),
    ),
    "customers_market": (
        ("Kunder og marked", "Customers and market"),
        (
            "Hvem køber, hvor mange kunne købe, og hvordan vinder virksomheden dem.",
            "Who buys, how many could buy, and how the firm wins them.",
        ),
    ),
    "organisation_management": (
        ("Organisation og ledelse", "Organisation and management"),
        (
            "Folkene bag væksten: ledelse, medarbejdere og bestyrelse.",
            "The people behind the growth: management, staff and board.",
        ),
    ),
    "operations": (
        ("Drift og produktion", "Operations and production"),
        (
            "Hvordan ydelsen bliver til og leveres, og om det kan følge med væksten.",
            "How the product or service is made and delivered, and whether that can keep "
            "up with the growth.",
        ),
    ),
    "finance_capital": (
        ("Økonomi og kapital", "Finance and capital"),
        (
            "Overblik over tallene og adgang til den kapital, væksten kræver.",
            "An overview of the figures and access to the capital the growth needs.",
        ),
    ),
    "internationalisation": (
        ("Internationalisering", "Internationalisation"),
        (
            "Salg og samarbejde uden for Danmark.",
            "Sales and cooperation outside Denmark.",
        ),
    ),
}

# (area key, focus key) -> ((Danish title, English title), (Danish guidance, English guidance))
FOCUS_AREAS = {
    ("business_concept", "value_proposition"): (
        ("Værdiløfte", "Value proposition"),
        (
            "Kan virksomheden i én sætning sige, hvilket problem den løser, og for hvem? Er "
            "det noget, kunderne selv nævner?",
            "Can the firm say in one sentence which problem it solves, and for whom? Is it "
            "something the customers mention themselves?",
        ),
    ),
    ("business_concept", "products_services"): (
        ("Produkter og ydelser", "Products and services"),
        (
            "Hvor bred er porteføljen, hvilke ydelser bærer indtjeningen, og hvilke er på vej "
            "ind eller ud?",
            "How broad is the portfolio, which products carry the earnings, and which are on "
            "their way in or out?",
        ),
    ),
    ("business_concept", "business_model"): (
        ("Forretningsmodel", "Business model"),
        (
            "Hvordan tjener virksomheden penge: engangssalg, abonnement, projekter, licenser? "
            "Er modellen skalerbar?",
            "How does the firm make money: one-off sales, subscriptions, projects, licences? "
            "Does the model scale?",
        ),
    ),
    ("business_concept", "innovation"): (
        ("Udvikling og fornyelse", "Development and renewal"),
        (
            "Hvordan opstår nye idéer, og hvor hurtigt kommer de fra idé til salg?",
            "Where do new ideas come from, and how fast do they get from idea to sale?",
        ),
    ),
    ("customers_market", "target_customers"): (
        ("Målgrupper", "Target groups"),
        (
            "Er de vigtigste kundegrupper beskrevet, og hvor afhængig er virksomheden af få "
            "store kunder?",
            "Are the main customer groups described, and how dependent is the firm on a few "
            "large customers?",
        ),
    ),
    ("customers_market", "market_position"): (
        ("Markedsposition og konkurrenter", "Market position and competitors"),
        (
            "Hvem konkurrerer virksomheden med, og hvad gør den bedre eller anderledes?",
            "Who does the firm compete with, and what does it do better or differently?",
        ),
    ),
    ("customers_market", "sales"): (
        ("Salg", "Sales"),
        (
            "Er der en fast proces for at finde, følge op på og lukke salg? Hvem sælger, og "
            "hvordan måles det?",
            "Is there a set process for finding, following up and closing sales? Who sells, "
            "and how is it measured?",
        ),
    ),
    ("customers_market", "marketing"): (
        ("Markedsføring og synlighed", "Marketing and visibility"),
        (
            "Hvordan kender kunderne virksomheden, og hvilke kanaler giver faktisk henvendelser?",
            "How do customers know the firm, and which channels actually bring enquiries?",
        ),
    ),
    ("organisation_management", "leadership"): (
        ("Ledelse og ejerskab", "Management and ownership"),
        (
            "Er ejerkredsen enig om ambitionen, og har ledelsen tid til at drive udviklingen "
            "frem for driften?",
            "Do the owners agree on the ambition, and does the management have time to drive "
            "the development rather than the day-to-day running?",
        ),
    ),
    ("organisation_management", "competences"): (
        ("Kompetencer og rekruttering", "Skills and recruitment"),
        (
            "Hvilke kompetencer mangler for at nå målet, og kan virksomheden tiltrække dem?",
            "Which skills are missing to reach the goal, and can the firm attract them?",
        ),
    ),
    ("organisation_management", "board_network"): (
        ("Bestyrelse og netværk", "Board and network"),
        (
            "Har virksomheden en bestyrelse, et advisory board eller et netværk, der udfordrer "
            "og åbner døre?",
            "Does the firm have a board, an advisory board or a network that challenges it "
            "and opens doors?",
        ),
    ),
    ("operations", "processes"): (
        ("Processer og kvalitet", "Processes and quality"),
        (
            "Er de vigtigste arbejdsgange beskrevet, og kan de gentages med samme kvalitet ved "
            "større volumen?",
            "Are the main workflows described, and can they be repeated with the same quality "
            "at a larger volume?",
        ),
    ),
    ("operations", "capacity"): (
        ("Kapacitet og leverandører", "Capacity and suppliers"),
        (
            "Hvor går grænsen for, hvad virksomheden kan levere i dag, og hvor sårbar er "
            "forsyningen?",
            "Where is the limit of what the firm can deliver today, and how vulnerable is its "
            "supply?",
        ),
    ),
    ("operations", "digitalisation"): (
        ("Digitalisering og data", "Digitalisation and data"),
        (
            "Understøtter it-systemer og data beslutninger og effektiv drift?",
            "Do IT systems and data support decisions and efficient operations?",
        ),
    ),
    ("operations", "sustainability"): (
        ("Bæredygtighed og ressourcer", "Sustainability and resources"),
        (
            "Kender virksomheden sit ressourceforbrug og kundernes krav til klima og ansvarlighed?",
            "Does the firm know its use of resources and its customers' demands on climate "
            "and responsibility?",
        ),
    ),
    ("finance_capital", "financial_control"): (
        ("Økonomistyring", "Financial control"),
        (
            "Er der budgetter, likviditetsprognoser og løbende opfølgning, som ledelsen "
            "faktisk bruger?",
            "Are there budgets, cash-flow forecasts and regular follow-up that the management "
            "actually uses?",
        ),
    ),
    ("finance_capital", "profitability"): (
        ("Indtjening", "Profitability"),
        (
            "Hvilke kunder, produkter og projekter tjener virksomheden penge på, og hvilke koster?",
            "Which customers, products and projects does the firm make money on, and which "
            "cost it money?",
        ),
    ),
    ("finance_capital", "capital_access"): (
        ("Finansiering og kapital", "Funding and capital"),
        (
            "Hvor stort er kapitalbehovet de næste tre år, og hvilke kilder er realistiske: "
            "bank, investorer, fonde, lån?",
            "How large is the need for capital over the next three years, and which sources "
            "are realistic: bank, investors, foundations, loans?",
        ),
    ),
    ("internationalisation", "export_readiness"): (
        ("Eksportparathed", "Export readiness"),
        (
            "Har virksomheden ressourcer, produkt og organisation til at sælge i udlandet?",
            "Does the firm have the resources, product and organisation to sell abroad?",
        ),
    ),
    ("internationalisation", "target_markets"): (
        ("Valg af markeder", "Choice of markets"),
        (
            "Hvilke lande er valgt, og på hvilket grundlag? Er markedsadgangen undersøgt?",
            "Which countries are chosen, and on what grounds? Has market access been looked into?",
        ),
    ),
    ("internationalisation", "international_partners"): (
        ("Partnere i udlandet", "Partners abroad"),
        (
            "Hvordan når virksomheden kunderne: direkte, via forhandlere, agenter eller "
            "samarbejdspartnere?",
            "How does the firm reach its customers: directly, through dealers, agents or partners?",
        ),
    ),
}


def _fill(row, texts):
    changed = []
    for field, (danish, english) in texts:
        if not getattr(row, f"{field}_en") and getattr(row, field) == danish:
            setattr(row, f"{field}_en", english)
            changed.append(f"{field}_en")
    if changed:
        row.save(update_fields=changed)


def fill(apps, schema_editor):
    MappingArea = apps.get_model("growthplans", "MappingArea")
    MappingFocusArea = apps.get_model("growthplans", "MappingFocusArea")
    for area in MappingArea.objects.filter(key__in=list(AREAS)):
        title, description = AREAS[area.key]
        _fill(area, [("title", title), ("description", description)])
    for focus in MappingFocusArea.objects.select_related("area"):
        texts = FOCUS_AREAS.get((focus.area.key, focus.key))
        if texts is not None:
            _fill(focus, [("title", texts[0]), ("guidance", texts[1])])


def empty(apps, schema_editor):
    MappingArea = apps.get_model("growthplans", "MappingArea")
    MappingFocusArea = apps.get_model("growthplans", "MappingFocusArea")
    MappingArea.objects.update(title_en="", description_en="")
    MappingFocusArea.objects.update(title_en="", guidance_en="")


class Migration(migrations.Migration):
    dependencies = [("growthplans", "0010_mapping_areas_in_english")]
    operations = [migrations.RunPython(fill, empty)]
