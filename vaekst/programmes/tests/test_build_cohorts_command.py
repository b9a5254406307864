"""`vaekst build_cohorts`: the JSON it prints and one message naming the line of a bad file."""

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,level,employees,age_years,growth,industry"


def write(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "applicants.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def good_rows(n: int) -> list[str]:
    rng = np.random.default_rng(11)
    return [
        f"F{i:02d},{rng.integers(1, 5)},{rng.integers(1, 200)},{rng.integers(1, 30)},"
        f"{rng.normal(0.05, 0.1):.3f},{'A' if i < n // 2 else 'B'}"
        for i in range(n)
    ]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("build_cohorts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_has_the_cohorts_and_the_three_homogeneities(tmp_path: Path) -> None:
    # given 52 applicants in two industries
    path = write(tmp_path, [HEADER, *good_rows(52)])
    # when
    out, err = run(
        "--csv", path, "--min", "12", "--max", "20", "--by", "industry",
        "--together", "F00:F01", "--apart", "F02:F03", "--seed", "3", "--json",
    )  # fmt: skip
    # then
    result = json.loads(out)
    assert err == ""
    assert sorted(result) == [
        "cohorts",
        "homogeneity",
        "kmeans_homogeneity",
        "random_homogeneity",
        "seconds",
    ]
    cohorts = result["cohorts"]
    assert sorted(firm for cohort in cohorts for firm in cohort) == [f"F{i:02d}" for i in range(52)]
    assert all(12 <= len(cohort) <= 20 for cohort in cohorts)
    assert all(len({firm < "F26" for firm in cohort}) == 1 for cohort in cohorts)
    assert any({"F00", "F01"} <= set(cohort) for cohort in cohorts)
    assert not any({"F02", "F03"} <= set(cohort) for cohort in cohorts)
    assert result["homogeneity"] < result["random_homogeneity"]


def test_without_json_a_short_summary(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, *good_rows(40)])
    out, _ = run("--csv", path, "--min", "12", "--max", "20")
    assert out.startswith("40 ansøgere i 2 hold (størrelse ")
    assert "homogenitet " in out


@pytest.mark.parametrize(
    ("lines", "args", "message"),
    [
        (
            ["id,level,employees,growth", "F1,1,2,0.1"],
            [],
            "applicants.csv, linje 1: kolonnen age_years mangler",
        ),
        ([HEADER], ["--by", "region"], "applicants.csv, linje 1: kolonnen region mangler"),
        (
            [HEADER, "F1,1,5,3,0.1,A", "F2,1,fem,3,0.1,A"],
            [],
            "applicants.csv, linje 3: employees er ikke et tal: 'fem'",
        ),
        (
            [HEADER, "F1,1,5,3,0.1,A", "F2,1,5,3,nan,A"],
            [],
            "applicants.csv, linje 3: growth er ikke et tal: 'nan'",
        ),
        (
            [HEADER, "F1,1,5,3,0.1,A", "F2,1,5,3,0.1,A", "F1,2,5,3,0.1,A"],
            [],
            "applicants.csv, linje 4: id F1 står også på linje 2",
        ),
        (
            [HEADER, "F1,1,5,3,0.1,A", "F2,1,5,3"],
            [],
            "applicants.csv, linje 3: antallet af felter passer ikke",
        ),
        (
            [HEADER, "F1,1,-5,3,0.1,A"],
            [],
            "applicants.csv, linje 2: employees er negativ: '-5'",
        ),
        ([HEADER, *good_rows(30)], ["--together", "F01:X7"], "Ukendt id 'X7'"),
        ([HEADER, *good_rows(30)], ["--apart", "F01"], "--apart 'F01': skriv parret som ID:ID"),
        (
            [HEADER, *good_rows(30)],
            ["--together", "F01:F02", "--apart", "F02:F01"],
            "F02 og F01 skal både være sammen og adskilt",
        ),
        (
            [HEADER, *good_rows(30)],
            ["--min", "16"],
            "30 ansøgere kan ikke deles i hold på 16-20 (2 hold kræver mindst 32)",
        ),
        (
            [HEADER, *good_rows(30)],
            ["--by", "industry", "--min", "16"],
            "Gruppen 'A': 15 ansøgere kan ikke deles i hold på 16-20 (1 hold kræver mindst 16)",
        ),
    ],
)
def test_a_bad_file_gets_one_message_naming_the_line(
    tmp_path: Path, lines: list[str], args: list[str], message: str
) -> None:
    # given
    path = write(tmp_path, lines)
    options = ["--csv", path, "--min", "12", "--max", "20", "--json", *args]
    if "--min" in args:
        options[2:4] = []
    # when / then
    with pytest.raises(CommandError) as raised:
        run(*options)
    assert str(raised.value).removeprefix(str(tmp_path) + "/") == message


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="missing.csv: kan ikke læses"):
        run("--csv", str(tmp_path / "missing.csv"), "--min", "12", "--max", "20")
