"""Benchmark of the growth-plan page (issue #4): a plan with 100 milestones and 100 actions,
fetched 100 times through django.test.Client as its consultant; p50/p95 and queries per page.

    .venv/bin/python bench/bench_plan_page.py            # a scratch SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench \\
        .venv/bin/python bench/bench_plan_page.py --requests 200

Target: p95 < 150 ms. Against a DATABASE_URL the database's name must contain "bench" (the
script adds a firm, users and a plan to it; it does not empty anything).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["VAEKST_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-plan-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from vaekst.accounts.services import create_user  # noqa: E402
from vaekst.growthplans.choices import ActionOwnerKind  # noqa: E402
from vaekst.growthplans.models import PlanAction, PlanMilestone  # noqa: E402
from vaekst.growthplans.services import create_plan  # noqa: E402
from vaekst.lib.cvr import make_cvr  # noqa: E402
from vaekst.organisations.choices import OrganisationKind, Role  # noqa: E402
from vaekst.organisations.models import Municipality, Organisation  # noqa: E402
from vaekst.register.models import Company  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()
    name = str(settings.DATABASES["default"]["NAME"])
    if os.environ.get("DATABASE_URL") and "bench" not in name:
        sys.exit(f"refusing to write to {name!r}: its name must contain 'bench'")
    call_command("migrate", verbosity=0)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]

    import random

    stamp = time.strftime("%H%M%S")
    house = Organisation.objects.get(kind=OrganisationKind.GROWTH_HOUSE, region_id=1084)
    partner, _ = Organisation.objects.get_or_create(
        name="Bench Bank", kind=OrganisationKind.PARTNER
    )
    consultant = create_user(
        username=f"bench_consultant_{stamp}",
        password="bench-password-2026",  # noqa: S106
        organisation=house,
        role=Role.GROWTH_CONSULTANT,
    )
    company = Company.objects.create(
        cvr=make_cvr(random.Random(int(stamp) + 7)),
        name=f"Bench Plan ApS {stamp}",
        municipality=Municipality.objects.get(code=101),
        form_code=80,
        status="NORMAL",
    )
    plan = create_plan(actor=consultant, company=company, title="Benchmarkplan")
    due = datetime.date.today() - datetime.timedelta(days=30)
    milestones = PlanMilestone.objects.bulk_create(
        PlanMilestone(plan=plan, title=f"Milepæl {i}", criterion="Målbart", due_on=due, order=i)
        for i in range(args.items)
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            plan=plan,
            title=f"Aktivitet {i}",
            owner_kind=ActionOwnerKind.CAPITAL_SOURCE,
            owner_organisation=partner,
            milestone=milestones[i % len(milestones)],
            due_on=due + datetime.timedelta(days=i),
            order=i,
        )
        for i in range(args.items)
    )
    client = Client()
    client.force_login(consultant)
    url = f"/vaekstplaner/{plan.public_id}/"
    for _ in range(5):  # warm up templates and connections
        assert client.get(url).status_code == 200
    timings: list[float] = []
    queries: list[int] = []
    settings.DEBUG = True
    for _ in range(args.requests):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
        assert response.status_code == 200
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    load = os.getloadavg()[0]
    print(f"plan page, {args.items} milestones + {args.items} actions, {connection.vendor}")
    worst = timings[-1]
    print(f"  requests {args.requests}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")
    size = len(response.content)
    print(f"  queries per page: {min(queries)}-{max(queries)}; size {size:,} bytes")
    print(f"  target p95 < 150 ms: {'met' if p95 < 150 else 'NOT met'} (load average {load:.2f})")


if __name__ == "__main__":
    main()
