"""Eye-level cohorts (issue #9's speed target for `build_cohorts`).

    .venv/bin/python bench/bench_cohorts.py [--applicants 2000] [--seed 1]

Writes synthetic applicants (levels 1-4, log-normal employees, ages and growth that lean
with the level, six industries of unequal size) to var/bench/, runs `vaekst build_cohorts`
on them into cohorts of 12-20 — once plain, once `--by industry` with together and apart
pairs — and prints the engine's and the whole command's seconds (target < 5 s), the
homogeneity beside the random and the k-means split of the same sizes (target: at least 30%
lower than random, no higher than k-means) and whether every hard constraint holds, checked
here against the file rather than trusted from the engine.
"""

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
INDUSTRIES = {"industri": 0.22, "byggeri": 0.2, "handel": 0.2, "it": 0.16, "viden": 0.14}
INDUSTRIES["turisme"] = 1 - sum(INDUSTRIES.values())
MIN, MAX = 12, 20


def synthesise(n: int, seed: int, path: Path) -> list[dict[str, str]]:
    rng = np.random.default_rng(seed)
    level = rng.choice([1, 2, 3, 4], size=n, p=[0.1, 0.25, 0.35, 0.3])
    employees = np.round(rng.lognormal(np.log(6) + 0.35 * (4 - level), 1.0)).astype(int)
    age = np.round(rng.gamma(2.0, 6.0, n) + 1, 1)
    growth = np.round(rng.normal(0.28 - 0.08 * level, 0.12), 3)
    industry = rng.choice(list(INDUSTRIES), size=n, p=list(INDUSTRIES.values()))
    rows = [
        {
            "id": f"A{i:05d}",
            "level": str(level[i]),
            "employees": str(employees[i]),
            "age_years": str(age[i]),
            "growth": str(growth[i]),
            "industry": str(industry[i]),
        }
        for i in range(n)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def pairs(rows: list[dict[str, str]], seed: int, count: int) -> tuple[list[str], list[str]]:
    """`count` together pairs within an industry and `count` apart pairs, on distinct firms."""
    rng = np.random.default_rng(seed + 1)
    order = [rows[i] for i in rng.permutation(len(rows))]
    together, apart, used = [], [], set()
    for row in order:
        if len(together) == count or row["id"] in used:
            continue
        partner = next(
            (
                other
                for other in order
                if other["industry"] == row["industry"]
                and other["id"] != row["id"]
                and other["id"] not in used
            ),
            None,
        )
        if partner is not None:
            used |= {row["id"], partner["id"]}
            together.append(f"{row['id']}:{partner['id']}")
    free = [row for row in order if row["id"] not in used]
    for first, second in zip(free[0 : 2 * count : 2], free[1 : 2 * count : 2], strict=True):
        apart.append(f"{first['id']}:{second['id']}")
    return together, apart


def run(path: Path, *args: str) -> tuple[dict, float]:
    command = [sys.executable, "-m", "vaekst.cli", "build_cohorts", "--csv", str(path)]
    command += ["--min", str(MIN), "--max", str(MAX), *args, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(done.stdout), time.perf_counter() - started


def constraints_met(
    result: dict, rows: list[dict[str, str]], by: bool, together: list[str], apart: list[str]
) -> dict[str, bool]:
    cohorts = result["cohorts"]
    where = {firm: number for number, cohort in enumerate(cohorts) for firm in cohort}
    industry = {row["id"]: row["industry"] for row in rows}
    flat = [firm for cohort in cohorts for firm in cohort]
    checks = {
        "exactly once": sorted(flat) == sorted(industry),
        "sizes 12-20": all(MIN <= len(cohort) <= MAX for cohort in cohorts),
    }
    if by:
        checks["one industry"] = all(
            len({industry[firm] for firm in cohort}) == 1 for cohort in cohorts
        )
    if together:
        checks["together"] = all(
            where[a] == where[b] for a, b in (pair.split(":") for pair in together)
        )
    if apart:
        checks["apart"] = all(where[a] != where[b] for a, b in (pair.split(":") for pair in apart))
    return checks


def report(label: str, result: dict, wall: float, checks: dict[str, bool]) -> bool:
    random, kmeans, ours = (
        result["random_homogeneity"],
        result["kmeans_homogeneity"],
        result["homogeneity"],
    )
    sizes = [len(cohort) for cohort in result["cohorts"]]
    print(f"\n{label}")
    print(f"  cohorts                 {len(sizes)} (sizes {min(sizes)}-{max(sizes)})")
    print(f"  engine seconds          {result['seconds']:.2f} s   (target < 5 s)")
    print(f"  command seconds         {wall:.2f} s   (with Django start and imports)")
    print(f"  homogeneity             {ours:.3f}")
    print(f"  random split            {random:.3f}   ratio {ours / random:.3f} (target <= 0.70)")
    print(f"  k-means split           {kmeans:.3f}   ratio {ours / kmeans:.3f} (target <= 1.00)")
    for name, ok in checks.items():
        print(f"  constraint {name:<13} {'met' if ok else 'BROKEN'}")
    return (
        all(checks.values()) and result["seconds"] < 5 and ours <= 0.7 * random and ours <= kmeans
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=25)
    options = parser.parse_args()
    path = ROOT / "var" / "bench" / f"cohorts_{options.applicants}.csv"
    rows = synthesise(options.applicants, options.seed, path)
    print(f"{options.applicants:,} applicants in {path.relative_to(ROOT)}, cohorts of {MIN}-{MAX}")

    result, wall = run(path, "--seed", str(options.seed))
    plain = report("plain", result, wall, constraints_met(result, rows, False, [], []))

    together, apart = pairs(rows, options.seed, options.pairs)
    args = ["--by", "industry", "--together", *together, "--apart", *apart]
    result, wall = run(path, *args, "--seed", str(options.seed))
    label = f"--by industry, {len(together)} together and {len(apart)} apart pairs"
    grouped = report(label, result, wall, constraints_met(result, rows, True, together, apart))
    print(f"\nall targets met: {'yes' if plain and grouped else 'NO'}")


if __name__ == "__main__":
    main()
