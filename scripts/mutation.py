"""Mutation testing of the core engines with mutmut, one module at a time (`make mutation`).

Each module in MODULES is mutated on its own, and only the test files mapped to it run
against its mutants (mutmut further narrows them to the tests that reach the mutated
function). A fresh scratch directory under var/mutation/<module>/ holds mutmut's copy of the
code, so the worktree is never touched and every run starts from the current code and tests.

    .venv/bin/python scripts/mutation.py                 # every module, then the table
    .venv/bin/python scripts/mutation.py vaekst/lib/cvr.py --max-children 1
    .venv/bin/python scripts/mutation.py --survivors     # also list the surviving mutants

A new engine joins by adding one line below (its module and its tests): the due dates,
KPIs and the effect estimator are meant to, as they come. Survivors that cannot be
killed are written down as equivalent, with the reason, in docs/mutation.md.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "var" / "mutation"

# module -> the test files that specify it (kept narrow: they run once per mutant), and any
# pytest option narrowing them further.
MODULES: dict[str, list[str]] = {
    "vaekst/segmentation/rules.py": [
        "vaekst/segmentation/tests/test_rules.py",
        "vaekst/segmentation/tests/test_rule_operators.py",
        "vaekst/segmentation/tests/test_model_advises.py",
    ],
    "vaekst/offers/eligibility.py": [
        "vaekst/offers/tests/test_eligibility.py",
        "vaekst/offers/tests/test_eligibility_boundaries.py",
    ],
    "vaekst/lib/growth.py": ["vaekst/lib/tests/test_growth.py"],
    "vaekst/lib/cvr.py": ["vaekst/lib/tests/test_cvr.py"],
    "vaekst/segmentation/highgrowth.py": [
        "vaekst/segmentation/tests/test_high_growth_windows.py",
        "vaekst/segmentation/tests/test_high_growth.py",
        # training a model on 1,200 firms takes a minute and adds nothing here
        "--deselect",
        "vaekst/segmentation/tests/test_high_growth.py"
        "::test_young_firm_model_trains_on_a_register_of_young_firms",
    ],
    "vaekst/programmes/cohorts.py": [
        "vaekst/programmes/tests/test_cohorts.py",
        "vaekst/programmes/tests/test_build_cohorts_command.py",
    ],
}

# mutmut's verdicts that count as caught (a timeout is shown in a column of its own).
CAUGHT = {"killed", "timeout", "caught by type check"}
RESULT_LINE = re.compile(r"^\s+(?P<name>\S+): (?P<status>.+)$")


@dataclass
class Score:
    module: str
    caught: int
    timeouts: int
    total: int
    survivors: list[str]

    @property
    def percent(self) -> float:
        return 100.0 * self.caught / self.total if self.total else 0.0


def slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def prepare(module: str, tests: list[str]) -> Path:
    """A fresh scratch directory: the code and root conftest, and a pyproject.toml with the
    project's pytest settings and a mutmut section for this one module."""
    work = SCRATCH / slug(module)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "vaekst").symlink_to(ROOT / "vaekst", target_is_directory=True)
    (work / "conftest.py").write_text((ROOT / "conftest.py").read_text() + KEEP_TEST_DATABASE)
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in pytest_options.items()]
    lines += [
        "",
        "[tool.mutmut]",
        'source_paths = ["vaekst"]',
        f"only_mutate = [{toml_value(module)}]",
        f"pytest_add_cli_args_test_selection = {toml_value(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-W", "ignore", "--reuse-db"]',
        # Setting up a test (the database, the personas) is not in mutmut's timing of it.
        "timeout_constant = 10.0",
        'also_copy = ["conftest.py"]',
        "use_git_change_detection = false",
        # Fork each mutant's run from a server that has only collected the tests: a process
        # forked after polars ran its thread pool deadlocks in polars.
        'process_isolation = "forkserver"',
    ]
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return work


# Each mutant runs in a new pytest session: keep the migrated test database between them
# (SQLite's is in memory unless it is given a file; PostgreSQL's is kept by --reuse-db).
KEEP_TEST_DATABASE = """

@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    from pathlib import Path

    from django.conf import settings

    from django.db import connections

    # Should a mutant's run be forked from a process that had the database open: drop the
    # inherited handle (never close it, it is the parent's) and connect anew.
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_name = Path(__file__).resolve().parent.parent / "var" / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_name)
"""


def toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def mutmut(work: Path, *args: str, capture: bool = False) -> str:
    env = os.environ | {"VAEKST_VAR_DIR": str(work / "var"), "PYTHONDONTWRITEBYTECODE": "1"}
    (work / "var").mkdir(exist_ok=True)
    command = [str(Path(sys.executable).parent / "mutmut"), *args]
    done = subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
        command, cwd=work, env=env, check=False, text=True, capture_output=capture
    )
    if done.returncode != 0:
        if capture:
            sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"mutmut {' '.join(args)} failed in {work} ({done.returncode})")
    return done.stdout if capture else ""


def score(module: str, work: Path) -> Score:
    statuses: dict[str, str] = {}
    for line in mutmut(work, "results", "--all", "true", capture=True).splitlines():
        if match := RESULT_LINE.match(line):
            statuses[match["name"]] = match["status"].strip()
    survivors = sorted(name for name, status in statuses.items() if status not in CAUGHT)
    timeouts = sum(status == "timeout" for status in statuses.values())
    return Score(module, len(statuses) - len(survivors), timeouts, len(statuses), survivors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants")
    parser.add_argument(
        "--survivors", action="store_true", help="show each surviving mutant's diff"
    )
    options = parser.parse_args()
    chosen = options.modules or list(MODULES)
    unknown = [module for module in chosen if module not in MODULES]
    if unknown:
        raise SystemExit(f"not in scripts/mutation.py MODULES: {', '.join(unknown)}")
    scores = []
    for module in chosen:
        print(f"== {module}: {', '.join(MODULES[module])}", flush=True)
        work = prepare(module, MODULES[module])
        output = mutmut(work, "run", "--max-children", str(options.max_children), capture=True)
        print(output.rsplit("\r", 1)[-1].strip().splitlines()[-1], flush=True)
        scores.append(score(module, work))
    print()
    print(f"{'module':36} {'killed':>7} {'of them timeouts':>17} {'total':>6} {'score':>7}")
    for result in scores:
        print(
            f"{result.module:36} {result.caught:7} {result.timeouts:17} {result.total:6}"
            f" {result.percent:6.1f}%"
        )
        if options.survivors:
            work = SCRATCH / slug(result.module)
            for name in result.survivors:
                print(mutmut(work, "show", name, capture=True))


if __name__ == "__main__":
    main()
