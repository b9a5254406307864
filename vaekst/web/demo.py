"""Seeding the demo: users for every role in two houses and two municipalities, partners,
contacts and interactions. Everything is get-or-create, so a second run changes nothing."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vaekst.accounts.models import User
from vaekst.accounts.services import create_user
from vaekst.interactions.choices import InteractionKind
from vaekst.interactions.models import Interaction, Person
from vaekst.offers.demo import seed_offers
from vaekst.organisations.choices import OrganisationKind, PartnerKind, Role
from vaekst.organisations.models import Organisation
from vaekst.register.models import Company, CompanyMembership
from vaekst.segmentation.models import Assessment

DEMO_PASSWORD = "vaekst-demo-2026"  # noqa: S105 (printed for the demo's users)

# The two houses and two municipalities the demo staffs: (region code, municipality code).
DEMO_AREAS = [(1084, 101), (1082, 751)]

PARTNERS = [
    ("Nordbank Erhverv", PartnerKind.BANK),
    ("Revisionsfirmaet Holm & Co", PartnerKind.PRIVATE_ADVISOR),
    ("Dansk Business Angels Netværk", PartnerKind.BUSINESS_ANGELS),
    ("Eksportrådet", PartnerKind.EXPORT_COUNCIL),
    ("Vækstfonden (demo)", PartnerKind.FUND),
    ("Teknologisk Videncenter (demo)", PartnerKind.KNOWLEDGE_INSTITUTION),
]

FIRST_NAMES = ["Anne", "Mette", "Lars", "Søren", "Camilla", "Jens", "Louise", "Mads", "Ida"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen"]
SUBJECTS = [
    "Første møde om vækstambitioner",
    "Opfølgning på eksportplaner",
    "Drøftelse af kapitalbehov",
    "Rekruttering af nøglemedarbejdere",
    "Henvisning til privat rådgiver",
    "Status på vækstplan",
]


@dataclass
class DemoLogin:
    username: str
    role: str
    organisation: str
    note: str = ""


# People of the two demo areas, by role (first and last name).
DEMO_NAMES = (
    {
        "manager": ("Lene", "Holst"),
        "consultant": ("Karsten", "Bech"),
        "municipal": ("Kirsten", "Dahl"),
        "company": ("Villads", "Krogh"),
    },
    {
        "manager": ("Mette", "Lund"),
        "consultant": ("Jonas", "Skov"),
        "municipal": ("Anne", "Vestergaard"),
        "company": ("Sofie", "Bang"),
    },
)


def _user(
    username: str, organisation: Organisation, role: str, first: str, last: str
) -> tuple[User, bool]:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    return (
        create_user(
            username=username,
            password=DEMO_PASSWORD,
            organisation=organisation,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.vaekst.dk",
        ),
        True,
    )


@transaction.atomic
def seed_demo(*, interactions_per_area: int = 40) -> list[DemoLogin]:
    """Create the demo's organisations, users and some activity; return the logins."""
    rng = random.Random(2026)
    logins: list[DemoLogin] = []
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    _user("national", national, Role.NATIONAL_ADMIN, "Nina", "Nationalsen")
    logins.append(DemoLogin("national", str(Role.NATIONAL_ADMIN.label), national.name))

    partners = []
    for name, kind in PARTNERS:
        partner, _ = Organisation.objects.get_or_create(
            name=name, kind=OrganisationKind.PARTNER, defaults={"partner_kind": kind}
        )
        partners.append(partner)
    _user("raadgiver", partners[1], Role.PARTNER_ADVISOR, "Rasmus", "Rådgiver")
    logins.append(DemoLogin("raadgiver", str(Role.PARTNER_ADVISOR.label), partners[1].name))
    _user("bank", partners[0], Role.PARTNER_ADVISOR, "Bente", "Bank")
    logins.append(DemoLogin("bank", str(Role.PARTNER_ADVISOR.label), partners[0].name))
    seed_offers()

    for index, (region_code, municipality_code) in enumerate(DEMO_AREAS):
        suffix = "kbh" if municipality_code == 101 else "aarhus"
        house = Organisation.objects.get(kind=OrganisationKind.GROWTH_HOUSE, region_id=region_code)
        local = Organisation.objects.get(
            kind=OrganisationKind.MUNICIPALITY, municipality_id=municipality_code
        )
        names = DEMO_NAMES[index % len(DEMO_NAMES)]
        _user(f"leder_{suffix}", house, Role.HOUSE_MANAGER, *names["manager"])
        consultant, _ = _user(
            f"konsulent_{suffix}", house, Role.GROWTH_CONSULTANT, *names["consultant"]
        )
        municipal, _ = _user(
            f"kommune_{suffix}", local, Role.MUNICIPAL_CONSULTANT, *names["municipal"]
        )
        logins += [
            DemoLogin(f"leder_{suffix}", str(Role.HOUSE_MANAGER.label), house.name),
            DemoLogin(f"konsulent_{suffix}", str(Role.GROWTH_CONSULTANT.label), house.name),
            DemoLogin(f"kommune_{suffix}", str(Role.MUNICIPAL_CONSULTANT.label), local.name),
        ]
        firms = list(
            Company.objects.active()
            .filter(municipality_id=municipality_code)
            .exclude(employees__isnull=True)
            .order_by("-employees", "cvr")[:200]
        )
        if not firms:
            continue
        firm = firms[min(5, len(firms) - 1)]
        company_user, created = _user(
            f"virksomhed_{suffix}", house, Role.COMPANY_USER, *names["company"]
        )
        if created:
            CompanyMembership.objects.create(user=company_user, company=firm)
        membership = CompanyMembership.objects.filter(user=company_user).first()
        logins.append(
            DemoLogin(
                f"virksomhed_{suffix}",
                str(Role.COMPANY_USER.label),
                house.name,
                f"CVR {membership.company.cvr:08d}" if membership else "",
            )
        )
        if not Interaction.objects.filter(consultant__in=[consultant, municipal]).exists():
            _seed_activity(rng, firms, [consultant, municipal], interactions_per_area)
        if not Assessment.objects.filter(assessed_by=consultant).exists():
            _seed_assessments(rng, firms, consultant)
    return logins


def _seed_assessments(rng: random.Random, firms: list[Company], consultant: User) -> None:
    """Consultants' assessments of ambition and capacity for a share of the larger firms,
    so that the top level (which asks for high ambition) has firms in the demo."""
    today = timezone.localdate()
    for firm in firms[: max(1, len(firms) // 2)]:
        Assessment.objects.create(
            company=firm,
            ambition=rng.choice([2, 3, 3, 4, 4, 5]),
            capacity=rng.choice([2, 3, 4, 4, 5]),
            assessed_on=today - datetime.timedelta(days=rng.randint(10, 300)),
            assessed_by=consultant,
            note="Vurderet ved første møde (demo).",
        )


def _seed_activity(
    rng: random.Random, firms: list[Company], consultants: list[User], count: int
) -> None:
    today = timezone.localdate()
    for firm in rng.sample(firms, min(len(firms), count)):
        person = Person.objects.create(
            company=firm,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            role=rng.choice(["Direktør", "Ejer", "Økonomichef", "Salgschef"]),
            email=f"kontakt{firm.cvr}@example.dk",
            created_by_organisation=consultants[0].organisation,
        )
        for _ in range(rng.randint(1, 4)):
            consultant = rng.choice(consultants)
            assert consultant.organisation is not None
            interaction = Interaction.objects.create(
                company=firm,
                kind=rng.choice(list(InteractionKind)),
                consultant=consultant,
                organisation=consultant.organisation,
                occurred_on=today - datetime.timedelta(days=rng.randint(1, 700)),
                duration_minutes=rng.choice([15, 30, 60, 90, 120]),
                subject=rng.choice(SUBJECTS),
            )
            interaction.persons.add(person)
