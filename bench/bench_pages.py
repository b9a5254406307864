"""Company search and company page timings against a loaded register.

Run after bench_import.py has loaded a national-size register into the same database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vaekst_bench \
        .venv/bin/python bench/bench_pages.py

Prints p50/p95/max in milliseconds and the largest number of queries per page, for a
national user (widest scope) and a growth consultant (one region). Target: p95 < 100 ms.
Wall-clock times move with whatever else the machine runs; the CPU time of this process per
request and the summed query times (both p50/p95) are steadier for before/after comparisons.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vaekst.accounts.models import User  # noqa: E402
from vaekst.accounts.services import create_user  # noqa: E402
from vaekst.organisations.choices import OrganisationKind, Role  # noqa: E402
from vaekst.organisations.models import Organisation  # noqa: E402
from vaekst.register.models import Company  # noqa: E402


def bench_user(username: str, kind: str, role: str, region: int | None = None) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    organisation = Organisation.objects.filter(kind=kind)
    if region is not None:
        organisation = organisation.filter(region_id=region)
    return create_user(username=username, password=None, organisation=organisation.get(), role=role)


Sample = tuple[float, int, int, float, float]  # wall ms, queries, status, CPU ms, SQL ms


def timed(client: Client, url: str) -> Sample:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        cpu_started = time.process_time()
        response = client.get(url)
        cpu = (time.process_time() - cpu_started) * 1000
        elapsed = (time.perf_counter() - started) * 1000
    sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return elapsed, len(queries), response.status_code, cpu, sql


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def report(label: str, samples: list[Sample]) -> None:
    times = sorted(s[0] for s in samples)
    cpu = [s[3] for s in samples]
    sql = [s[4] for s in samples]
    statuses = sorted({s[2] for s in samples})
    queries = max(s[1] for s in samples)
    print(
        f"{label:<42} n={len(times):>4}  p50={statistics.median(times):7.1f} ms  "
        f"p95={p95(times):7.1f} ms  max={times[-1]:7.1f} ms  queries<={queries}  "
        f"status={statuses}\n{'':<42}     cpu p50={statistics.median(cpu):7.1f} ms  "
        f"p95={p95(cpu):7.1f} ms  sql p50={statistics.median(sql):5.1f} ms  p95={p95(sql):5.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(42)
    total = Company.objects.count()
    print(f"database: {connection.vendor}, companies: {total:,}")
    if total == 0:
        sys.exit("No companies loaded: run bench/bench_import.py first")
    national = bench_user("bench_national", OrganisationKind.NATIONAL, Role.NATIONAL_ADMIN)
    consultant = bench_user(
        "bench_consultant", OrganisationKind.GROWTH_HOUSE, Role.GROWTH_CONSULTANT, region=1084
    )
    # The same firms every run (seeded), so that two runs compare like with like.
    region = list(
        Company.objects.filter(municipality__region_id=1084)
        .order_by("cvr")
        .values_list("cvr", "name")
    )
    sample = rng.sample(region, min(args.requests, len(region)))
    words = [name.split()[0] for _, name in sample if name.split()]
    for user in (national, consultant):
        client = Client()
        client.force_login(user)
        client.get("/virksomheder/")  # warm up connections and caches
        searches = []
        for index in range(args.requests):
            choice = index % 4
            if choice == 0:
                url = f"/virksomheder/?q={rng.choice(words)}"
            elif choice == 1:
                url = f"/virksomheder/?q={rng.choice(sample)[0]:08d}"
            elif choice == 2:
                url = f"/virksomheder/?municipality=101&size_class=10-49&side={rng.randint(1, 3)}"
            else:
                url = f"/virksomheder/?industry={rng.choice(['62', '41', '47', '69'])}&status=all"
            searches.append(timed(client, url))
        pages = [timed(client, f"/virksomheder/{cvr:08d}/") for cvr, _ in sample]
        report(f"search ({user.get_role_display()})", searches)
        report(f"company page ({user.get_role_display()})", pages)


if __name__ == "__main__":
    main()
