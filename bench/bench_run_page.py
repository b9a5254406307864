"""Benchmark of a run's page (issue #9): a run with 200 firms enrolled, 10 waiting, 10
sessions and attendance registered for every firm at every session, fetched 50 times
through django.test.Client as its organiser; p50/p95 and queries per page.

    .venv/bin/python bench/bench_run_page.py            # a scratch SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench \\
        .venv/bin/python bench/bench_run_page.py --requests 200

Target: p95 < 150 ms, and a number of queries that does not grow with the enrolments. A run
of 5 firms is fetched in turn with the big one, as a baseline under the same machine load:
the ratio of the two shows what the 200 firms cost, whatever else the machine is doing.
Against a DATABASE_URL the database's name must contain "bench" (the script adds firms,
a user, a programme and a run to it; it does not empty anything).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["VAEKST_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-run-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from vaekst.accounts.models import User  # noqa: E402
from vaekst.accounts.services import create_user  # noqa: E402
from vaekst.lib.cvr import make_cvr  # noqa: E402
from vaekst.offers.choices import AllowanceUnit, OfferKind  # noqa: E402
from vaekst.offers.models import Offer, OfferAllowance  # noqa: E402
from vaekst.organisations.choices import OrganisationKind, Role  # noqa: E402
from vaekst.organisations.models import Municipality, Organisation  # noqa: E402
from vaekst.programmes.choices import (  # noqa: E402
    EnrolmentChannel,
    EnrolmentStatus,
    ProgrammeFormat,
    RunStatus,
)
from vaekst.programmes.models import (  # noqa: E402
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRun,
    RunSession,
)
from vaekst.register.models import Company  # noqa: E402

WAITING = 10


def build(enrolled: int, sessions: int, stamp: str) -> tuple[User, ProgrammeRun]:
    """The organiser and the run, its firms written in bulk (the page is what is measured)."""
    house = Organisation.objects.get(kind=OrganisationKind.GROWTH_HOUSE, region_id=1084)
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    organiser = create_user(
        username=f"bench_organiser_{stamp}",
        password="bench-password-2026",  # noqa: S106
        organisation=house,
        role=Role.GROWTH_CONSULTANT,
    )
    offer = Offer.objects.create(
        owner=national,
        is_core=True,
        title=f"Bench vækstcamp {stamp}",
        kind=OfferKind.COLLECTIVE_PROGRAMME,
        is_published=True,
        starts_on=datetime.date(2020, 1, 1),
    )
    OfferAllowance.objects.create(
        offer=offer, level_key="high", quantity=Decimal(1), unit=AllowanceUnit.PLACES
    )
    programme = Programme.objects.create(
        offer=offer, format=ProgrammeFormat.CAMP, default_capacity=enrolled
    )
    run = ProgrammeRun.objects.create(
        programme=programme,
        organiser=house,
        title=f"Bench hold {stamp}",
        capacity=enrolled,
        status=RunStatus.OPEN,
        created_by=organiser,
    )
    run.facilitators.add(organiser)
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    RunSession.objects.bulk_create(
        RunSession(
            run=run,
            title=f"Mødegang {n + 1}",
            starts_at=start + datetime.timedelta(days=7 * n),
            ends_at=start + datetime.timedelta(days=7 * n, hours=3),
            place="Erhvervshuset",
        )
        for n in range(sessions)
    )
    rng = random.Random(int(stamp))
    copenhagen = Municipality.objects.get(code=101)
    cvrs = set(Company.objects.values_list("cvr", flat=True))
    firms: list[Company] = []
    while len(firms) < enrolled + WAITING:
        cvr = make_cvr(rng)
        if cvr in cvrs:
            continue
        cvrs.add(cvr)
        firms.append(
            Company(
                cvr=cvr,
                name=f"Bench Deltager {len(firms):03d} ApS",
                municipality=copenhagen,
                form_code=80,
                status="NORMAL",
            )
        )
    firms = Company.objects.bulk_create(firms)
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(
            run=run,
            company=company,
            status=EnrolmentStatus.ENROLLED if n < enrolled else EnrolmentStatus.WAITLISTED,
            channel=EnrolmentChannel.CONSULTANT,
            enrolled_by=organiser,
            participant_name=f"Deltager {n}",
            waitlisted_at=None if n < enrolled else now,
        )
        for n, company in enumerate(firms)
    )
    places = list(Enrolment.objects.filter(run=run, status=EnrolmentStatus.ENROLLED))
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment=e, present=rng.random() < 0.85, recorded_by=organiser)
        for session in run.sessions.all()
        for e in places
    )
    return organiser, run


def measure(client: Client, url: str) -> tuple[float, int, int]:
    """One request: milliseconds, queries, bytes."""
    reset_queries()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200
    return elapsed, len(connection.queries), len(response.content)


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--enrolments", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    name = str(settings.DATABASES["default"]["NAME"])
    if os.environ.get("DATABASE_URL") and "bench" not in name:
        sys.exit(f"refusing to write to {name!r}: its name must contain 'bench'")
    call_command("migrate", verbosity=0)
    # No setup_test_environment(): it instruments every template render so that tests can
    # inspect its context (a copy per template), which a served page does not pay for.
    settings.ALLOWED_HOSTS = ["*"]
    stamp = time.strftime("%H%M%S")
    organiser, run = build(args.enrolments, args.sessions, stamp)
    small_organiser, small = build(5, args.sessions, str(int(stamp) + 1))
    client = Client()
    client.force_login(organiser)
    small_client = Client()
    small_client.force_login(small_organiser)
    url, small_url = f"/forloeb/{run.public_id}/", f"/forloeb/{small.public_id}/"
    for _ in range(5):  # warm up templates and connections
        measure(client, url)
        measure(small_client, small_url)
    timings: list[float] = []
    baseline: list[float] = []
    queries: list[int] = []
    settings.DEBUG = True
    for _ in range(args.requests):
        elapsed, count, size = measure(client, url)
        timings.append(elapsed)
        queries.append(count)
        small_elapsed, small_count, _size = measure(small_client, small_url)
        baseline.append(small_elapsed)
    timings.sort()
    p50 = statistics.median(timings)
    load = os.getloadavg()[0]
    print(
        f"run page, {args.enrolments} enrolled + {WAITING} waiting, {args.sessions} sessions"
        f" with attendance, {connection.vendor}"
    )
    worst = timings[-1]
    print(
        f"  requests {args.requests}: p50 {p50:.1f} ms, p95 {p95(timings):.1f} ms,"
        f" max {worst:.1f} ms"
    )
    print(f"  queries per page: {min(queries)}-{max(queries)}; size {size:,} bytes")
    base50 = statistics.median(baseline)
    print(
        f"  baseline, a run of 5 firms fetched in turn: p50 {base50:.1f} ms,"
        f" p95 {p95(baseline):.1f} ms, {small_count} queries;"
        f" ratio p50 {p50 / base50:.2f}, p95 {p95(timings) / p95(baseline):.2f}"
    )
    met = "met" if p95(timings) < 150 else "NOT met"
    print(f"  target p95 < 150 ms: {met} (load average {load:.2f})")


if __name__ == "__main__":
    main()
