"""`vaekst build_cohorts --csv FILE --min 12 --max 20 [--by COLUMN] [--together ID:ID ...]
[--apart ID:ID ...] [--seed N] [--json]`: eye-level cohorts of the applicants in a CSV file,
with the homogeneity of a random and a k-means split of the same sizes beside it.

The CSV has the columns `id, level, employees, age_years, growth` and any column named by
`--by` (comma- or semicolon-separated, UTF-8). A bad file gets one message naming its line.
"""

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.programmes.cohorts import FEATURES, CohortError, build_cohorts


class Command(BaseCommand):
    help = "Split applicants into eye-level cohorts (size bounds, industry, pairs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, help="file with id,level,employees,...")
        parser.add_argument("--min", type=int, required=True, help="smallest cohort size")
        parser.add_argument("--max", type=int, required=True, help="largest cohort size")
        parser.add_argument("--by", help="keep every cohort within one value of this column")
        parser.add_argument(
            "--together", nargs="*", default=[], metavar="ID:ID", help="pairs kept together"
        )
        parser.add_argument(
            "--apart", nargs="*", default=[], metavar="ID:ID", help="pairs kept apart"
        )
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        ids, features, groups = read_applicants(Path(options["csv"]), options["by"])
        together = [parse_pair(text, "--together") for text in options["together"]]
        apart = [parse_pair(text, "--apart") for text in options["apart"]]
        try:
            result = build_cohorts(
                ids,
                features,
                min_size=options["min"],
                max_size=options["max"],
                groups=groups,
                together=together,
                apart=apart,
                seed=options["seed"],
            )
        except CohortError as error:
            raise CommandError(str(error)) from None
        summary = {
            "cohorts": result.cohorts,
            "homogeneity": round(result.homogeneity, 4),
            "random_homogeneity": round(result.random_homogeneity, 4),
            "kmeans_homogeneity": round(result.kmeans_homogeneity, 4),
            "seconds": round(result.seconds, 3),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        sizes = [len(cohort) for cohort in result.cohorts]
        self.stdout.write(
            f"{len(ids):,} ansøgere i {len(sizes)} hold "
            f"(størrelse {min(sizes, default=0)}-{max(sizes, default=0)}) "
            f"på {summary['seconds']} s"
        )
        self.stdout.write(
            f"  homogenitet {summary['homogeneity']} (tilfældig {summary['random_homogeneity']}, "
            f"k-means {summary['kmeans_homogeneity']}; lavere er bedre)"
        )


def parse_pair(text: str, option: str) -> tuple[str, str]:
    first, colon, second = text.partition(":")
    if not colon or not first.strip() or not second.strip():
        raise CommandError(f"{option} {text!r}: skriv parret som ID:ID")
    return first.strip(), second.strip()


def read_applicants(path: Path, by: str | None) -> tuple[list[str], np.ndarray, list[str] | None]:
    """The ids, the feature rows and the `--by` values of the file; CommandError naming the
    line at the first fault."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: kan ikke læses ({error})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CommandError(f"{path}: filen er tom")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    needed = ["id", *FEATURES] + ([by] if by else [])
    missing = [name for name in needed if name not in header]
    if missing:
        raise CommandError(f"{path}, linje 1: kolonnen {', '.join(missing)} mangler")
    ids: list[str] = []
    rows: list[list[float]] = []
    groups: list[str] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record or any(record.get(name) is None for name in needed):
            raise CommandError(f"{path}, linje {line}: antallet af felter passer ikke")
        firm = record["id"].strip()
        if not firm:
            raise CommandError(f"{path}, linje {line}: id mangler")
        if firm in seen:
            raise CommandError(f"{path}, linje {line}: id {firm} står også på linje {seen[firm]}")
        seen[firm] = line
        values = []
        for name in FEATURES:
            raw = record[name].strip()
            try:
                value = float(raw.replace(",", ".") if delimiter == ";" else raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise CommandError(f"{path}, linje {line}: {name} er ikke et tal: {raw!r}")
            if name == "employees" and value < 0:
                raise CommandError(f"{path}, linje {line}: employees er negativ: {raw!r}")
            values.append(value)
        ids.append(firm)
        rows.append(values)
        if by:
            groups.append(record[by].strip())
    features = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    return ids, features, groups if by else None
