"""`make bench`: every benchmark, against PostgreSQL (BENCH_DATABASE_URL).

Runs the synthetic register's generation, the national-size import (which leaves the
register loaded), the page timings, the scoring and the daily delta on it, the growth plan's and a
run's page, and the eye-level cohorts (no database). BENCH_FIRMS scales the size (default 417,000).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(script: str, *args: str) -> None:
    print(f"\n=== {script} {' '.join(args)}", flush=True)
    subprocess.run([PYTHON, str(ROOT / "bench" / script), *args], check=True, cwd=ROOT)


def create_database(url: str) -> None:
    """The bench database on a fresh machine does not exist yet: create it once."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def main() -> None:
    database = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vaekst_bench"
    )
    os.environ["DATABASE_URL"] = database
    create_database(database)
    firms = os.environ.get("BENCH_FIRMS", "417000")
    subprocess.run(
        [PYTHON, "-m", "vaekst.cli", "migrate", "--verbosity", "0"], check=True, cwd=ROOT
    )
    if (ROOT / "bench" / "bench_synth.py").exists():
        run("bench_synth.py", "--firms", firms, "--years", "10")
    run("bench_import.py", "--firms", firms, "--years", "10")
    run("bench_pages.py")
    run("bench_scoring.py")
    # After the scoring bench: the loaded register, its model and national run are reused.
    run("bench_delta.py", "--firms", firms, "--years", "10")
    run("bench_plan_page.py", "--requests", "200")
    run("bench_run_page.py", "--requests", "200")
    run("bench_cohorts.py")
    truth = ROOT / "var" / "bench" / f"synth_{firms}x10_truth.jsonl"
    if truth.exists():
        run("evaluate_truth.py", str(truth))


if __name__ == "__main__":
    main()
