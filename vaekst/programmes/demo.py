"""Demo data for collective growth training: five national programme templates (catalogue
offers of the national level) and the collective offers of the houses made programmes, and
in each demo area runs in every state: one finished last season with attendance (the
demo firm took part), one open and nearly full with a waitlist, one large enough to be
split into eye-level cohorts, and a municipality's webinar.

Runs through the services as the areas' consultants, after the plans' demo (firms are
scored by then). Idempotent: an area whose first run exists is left alone."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from vaekst.accounts.models import User
from vaekst.accounts.services import create_user
from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.eligibility import check_eligibility
from vaekst.offers.models import Offer, OfferAllowance
from vaekst.organisations.choices import OrganisationKind, Role
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import (
    EnrolmentChannel,
    ProgrammeFormat,
    RunStatus,
    SurveyKind,
)
from vaekst.programmes.models import Programme, ProgrammeRun, RunSession
from vaekst.programmes.services.cohorts import build_run_cohorts
from vaekst.programmes.services.enrolment import enrol, record_attendance
from vaekst.programmes.services.networks import (
    add_meeting,
    consent_contact,
    create_network_from_cohort,
)
from vaekst.programmes.services.runs import create_run, update_run
from vaekst.programmes.services.surveys import answer_survey, current_version, run_refusal
from vaekst.register.models import Company, CompanyMembership

START = datetime.date(2025, 1, 1)
END = datetime.date(2028, 12, 31)

# (title, format, summary, content, levels with places, default capacity)
NATIONAL: list[tuple[str, str, str, str, tuple[str, ...], int]] = [
    (
        "Vækstcamp: fra ejerleder til vækstleder",
        ProgrammeFormat.CAMP,
        "Todages camp for ejerledere med vækstambitioner, i hold på samme niveau.",
        "Strategi og vækstplan, ledelse af en voksende organisation, salg og kapital. "
        "Holdene sammensættes i øjenhøjde og fortsætter som netværk.",
        ("high", "potential"),
        40,
    ),
    (
        "Workshop: salg og eksport",
        ProgrammeFormat.WORKSHOP,
        "Tre workshops om salgsorganisation, nye markeder og eksportparathed.",
        "Salgsprocesser og pipeline, valg af eksportmarked, partnere og Eksportrådets tilbud.",
        ("high", "potential", "established"),
        20,
    ),
    (
        "Webinar: kapital til vækst",
        ProgrammeFormat.WEBINAR,
        "Online om lån, egenkapital, business angels og fonde.",
        "Kapitalformer, klargøring til investorer og EIFO's tilbud.",
        ("high", "potential", "established"),
        100,
    ),
    (
        "Seminar: grøn omstilling som vækstmotor",
        ProgrammeFormat.SEMINAR,
        "Halvdagsseminar om grønne forretningsmodeller og krav fra kunderne.",
        "CO2-regnskab, grønne produkter og finansiering af omstilling.",
        ("high", "potential", "established"),
        60,
    ),
    (
        "Netværksmøde for vækstvirksomheder",
        ProgrammeFormat.NETWORK_MEETING,
        "Erfa-møder for ejerledere, der har været på vækstcamp.",
        "Ejerledere deler erfaringer og holder hinanden op på vækstplanerne.",
        ("high", "potential"),
        16,
    ),
]
HOUSE_FORMATS: dict[str, str] = {OfferKind.COLLECTIVE_PROGRAMME: ProgrammeFormat.WORKSHOP}


def seed_national_programmes() -> list[Programme]:
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    programmes = []
    for title, form, summary, content, levels, capacity in NATIONAL:
        offer, _ = Offer.objects.update_or_create(
            owner=national,
            title=title,
            defaults={
                "is_core": True,
                "kind": OfferKind.COLLECTIVE_PROGRAMME,
                "summary": summary,
                "description": summary,
                "funding_source": "Danmarks Erhvervsfremmebestyrelse",
                "starts_on": START,
                "ends_on": END,
                "is_published": True,
            },
        )
        for level_key in levels:
            OfferAllowance.objects.update_or_create(
                offer=offer,
                level_key=level_key,
                defaults={"quantity": Decimal(2), "unit": AllowanceUnit.PLACES},
            )
        programme, _ = Programme.objects.update_or_create(
            offer=offer,
            defaults={"format": form, "content": content, "default_capacity": capacity},
        )
        programmes.append(programme)
    # The houses' own collective offers are programmes too.
    for offer in Offer.objects.filter(
        is_core=False, kind__in=(OfferKind.COLLECTIVE_PROGRAMME, OfferKind.COFINANCED_PROGRAMME)
    ):
        Programme.objects.get_or_create(
            offer=offer,
            defaults={
                "format": HOUSE_FORMATS.get(offer.kind, ProgrammeFormat.WORKSHOP),
                "content": offer.description or offer.summary,
                "default_capacity": offer.capacity or 20,
            },
        )
    return programmes


def _sessions(
    actor: User, run: ProgrammeRun, first: datetime.date, count: int, *, days_apart: int = 14
) -> None:
    tz = timezone.get_current_timezone()
    for number in range(count):
        day = first + datetime.timedelta(days=days_apart * number)
        starts_at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz)
        RunSession.objects.create(
            run=run,
            title=f"Mødegang {number + 1}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=6 if count <= 2 else 3),
            place="" if run.programme.format == ProgrammeFormat.WEBINAR else run.organiser.name,
            online_url="https://meet.demo.vaekst.dk/"
            if run.programme.format == ProgrammeFormat.WEBINAR
            else "",
        )


FIRST_NAMES = ["Anne", "Mette", "Lars", "Søren", "Camilla", "Jens", "Louise", "Mads", "Ida"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen"]


def _ascii(name: str) -> str:
    return name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


COMMENTS = [
    "Meget udbytterigt at møde andre ejerledere på samme niveau.",
    "God camp, men for lidt tid til vores egen vækstplan.",
    "Stærke oplægsholdere; vi har allerede ansat en salgschef.",
    "",
    "",
]


def _answer_surveys(
    rng: random.Random, run: ProgrammeRun, house: Organisation, *, skip: Company | None
) -> None:
    """Most firms that took part answer the survey in the portal, each as a user of its
    own; the demo firm leaves its answer for the visitor to give."""
    version = current_version(SurveyKind.RUN)
    if version is None:
        return
    questions = list(version.questions.all())
    for enrolment in run.enrolments.enrolled().select_related("company"):
        firm = enrolment.company
        if firm == skip or run_refusal(run, firm) is not None or rng.random() < 0.2:
            continue
        user = User.objects.filter(username=f"deltager_{firm.cvr}").first()
        if user is None:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user = create_user(
                username=f"deltager_{firm.cvr}",
                password=None,
                organisation=house,
                role=Role.COMPANY_USER,
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}@{firm.cvr}.demo.vaekst.dk",
            )
            CompanyMembership.objects.get_or_create(user=user, company=firm)
        overall = rng.choice([5, 5, 4, 4, 4, 3, 2])
        scores = {
            q.pk: overall if q.is_overall else max(1, min(5, overall + rng.choice([-1, 0, 1])))
            for q in questions
        }
        answer_survey(actor=user, run=run, scores=scores, comment=rng.choice(COMMENTS))


def _network(consultant: User, run: ProgrammeRun, today: datetime.date) -> None:
    """Last season's camp goes on as a network: a meeting held, one to come, and the
    firms that answered the survey on its contact list (the demo firm decides itself)."""
    cohort = run.cohorts.order_by("number").first()
    if cohort is None:
        return
    network = create_network_from_cohort(
        actor=consultant,
        cohort=cohort,
        name=f"Vækstnetværk {run.title.split(',')[0].removeprefix('Vækstcamp ')}",
        description="Ejerlederne fra vækstcampen mødes hver anden måned.",
    )
    tz = timezone.get_current_timezone()
    for days, topic in ((-40, "Status på vækstplanerne"), (30, "Rekruttering af ledere")):
        starts_at = datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(16, 0), tzinfo=tz
        )
        add_meeting(
            actor=consultant,
            network=network,
            starts_at=starts_at,
            place=run.organiser.name,
            topic=topic,
            notes="Referat udsendt til medlemmerne." if days < 0 else "",
        )
    members = network.members.values_list("company_id", flat=True)
    for user in User.objects.filter(
        username__startswith="deltager_", company_membership__company_id__in=members
    ):
        consent_contact(actor=user, network=network)


def _eligible(firms: list[Company], run: ProgrammeRun, day: datetime.date) -> list[Company]:
    offer = run.programme.offer
    return [f for f in firms if check_eligibility(company=f, offer=offer, on=day).allowed]


def _enrol_all(
    actor: User, run: ProgrammeRun, firms: list[Company], day: datetime.date, **extra: Any
) -> None:
    for firm in firms:
        enrol(actor=actor, run=run, company=firm, today=day, **extra)


@transaction.atomic
def seed_programmes() -> int:
    """Seed the programmes and the demo areas' runs; returns the number of runs created."""
    programmes = seed_national_programmes()
    camp, workshop, webinar = programmes[:3]
    today = timezone.localdate()
    rng = random.Random(2027)
    created = 0
    for suffix, municipality_code in (("kbh", 101), ("aarhus", 751)):
        consultant = User.objects.filter(username=f"konsulent_{suffix}").first()
        municipal = User.objects.filter(username=f"kommune_{suffix}").first()
        firm_user = User.objects.filter(username=f"virksomhed_{suffix}").first()
        if consultant is None or municipal is None or consultant.organisation is None:
            continue
        house = consultant.organisation
        if house.region_id is None or ProgrammeRun.objects.filter(organiser=house).exists():
            continue
        region_firms = list(
            Company.objects.active()
            .filter(region_id=house.region_id, score__isnull=False)
            .exclude(employees__isnull=True)
            .order_by("-employees", "cvr")[:600]
        )
        own = CompanyMembership.objects.filter(user=firm_user).values_list("company", flat=True)
        own_firm = Company.objects.filter(pk__in=own).first()

        # 1. last season's camp, finished, with attendance; the demo firm took part
        start = today - datetime.timedelta(days=120)
        finished = create_run(
            actor=consultant,
            programme=camp,
            title=f"Vækstcamp efterår {start.year}, {house.name}",
            capacity=16,
            enrolment_deadline=start - datetime.timedelta(days=14),
            status=RunStatus.OPEN,
            facilitators=[consultant],
        )
        _sessions(consultant, finished, start, 2, days_apart=1)
        signup = start - datetime.timedelta(days=30)
        pool = _eligible(region_firms, finished, signup)
        participants = ([own_firm] if own_firm in pool else []) + [
            f for f in pool if f != own_firm
        ][:13]
        _enrol_all(consultant, finished, participants, signup)
        for index, session in enumerate(finished.sessions.all()):
            present = {
                e.pk: (number + index) % 7 != 3
                for number, e in enumerate(finished.enrolments.enrolled())
            }
            record_attendance(actor=consultant, session=session, present=present)
        build_run_cohorts(actor=consultant, run=finished)
        finished = update_run(actor=consultant, run=finished, status=RunStatus.FINISHED)
        _answer_surveys(rng, finished, house, skip=own_firm)
        _network(consultant, finished, today)

        # 2. an open workshop series, nearly full, with a waitlist
        small = create_run(
            actor=consultant,
            programme=workshop,
            title=f"Salg og eksport, forår {today.year + 1}, {house.name}",
            capacity=8,
            enrolment_deadline=today + datetime.timedelta(days=7),
            status=RunStatus.OPEN,
            facilitators=[consultant],
        )
        _sessions(consultant, small, today + datetime.timedelta(days=10), 3)
        pool = [f for f in _eligible(region_firms, small, today) if f != own_firm]
        _enrol_all(consultant, small, pool[20:30], today)

        # 3. a large camp, to be split into eye-level cohorts of 12-20
        large = create_run(
            actor=consultant,
            programme=camp,
            title=f"Vækstcamp forår {today.year + 1}, {house.name}",
            capacity=60,
            enrolment_deadline=today + datetime.timedelta(days=28),
            status=RunStatus.OPEN,
            facilitators=[consultant],
            cohort_min=12,
            cohort_max=20,
        )
        _sessions(consultant, large, today + datetime.timedelta(days=45), 2, days_apart=1)
        pool = [f for f in _eligible(region_firms, large, today) if f != own_firm]
        _enrol_all(consultant, large, pool[40:88], today)
        if large.enrolments.enrolled().count() >= large.cohort_min:
            build_run_cohorts(actor=consultant, run=large)

        # 4. the municipality's webinar, open; the demo firm may sign up in the portal
        online = create_run(
            actor=municipal,
            programme=webinar,
            title=f"Kapital til vækst (webinar), {municipal.organisation}",
            capacity=100,
            enrolment_deadline=today + datetime.timedelta(days=10),
            status=RunStatus.OPEN,
            facilitators=[municipal],
        )
        _sessions(municipal, online, today + datetime.timedelta(days=14), 1)
        local = [f for f in pool if f.municipality_id == municipality_code][:6]
        _enrol_all(municipal, online, local, today, channel=EnrolmentChannel.CONSULTANT)
        created += 4
    return created
