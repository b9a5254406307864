"""How well do the levels and the prediction model find the firms with real latent growth
potential? Reads the synthetic register's truth file, which the platform itself never reads.

    VAEKST_VAR_DIR=var .venv/bin/python bench/evaluate_truth.py var/demo/register-...-truth.jsonl.gz

"Real potential" = the top decile of the latent potential among active, scored employer
firms (at least one employee). Prints, beside what chance alone would give:
- per level: firms, share with real potential (precision), share of all real-potential
  firms placed there (recall);
- the model: AUC of the predicted chance against real potential, and the share of
  real-potential firms in its top decile, beside ranking by past growth only;
- the hidden-potential candidates (top decile, below the top level): share with real potential.
"""

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaekst.settings")

import django

django.setup()

import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score

from vaekst.lib.frames import read_frame


def read_truth(path: Path) -> pl.DataFrame:
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        rows = [json.loads(line) for line in handle if line.strip()]
    return pl.DataFrame(rows).select("cvr", "potential")


def top_decile_share(truth: np.ndarray, score: np.ndarray) -> float:
    order = np.argsort(-score, kind="stable")[: max(1, len(score) // 10)]
    return float(truth[order].sum() / max(1, truth.sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    truth = read_truth(args.truth)
    scores = read_frame(
        "SELECT c.cvr, s.level_key, s.level_rank, s.predicted_high_growth, s.indicators "
        "FROM segmentation_companyscore s JOIN register_company c ON c.id = s.company_id",
        [],
        {
            "cvr": pl.Int64,
            "level_key": pl.Utf8,
            "level_rank": pl.Int32,
            "predicted": pl.Float64,
            "indicators": pl.Utf8,
        },
    )
    frame = scores.join(truth, on="cvr", how="inner").with_columns(
        pl.col("indicators").str.json_path_match("$.employees").cast(pl.Float64).alias("emp"),
        pl.col("indicators")
        .str.json_path_match("$.employee_growth_3y")
        .cast(pl.Float64)
        .alias("growth_3y"),
    )
    employers = frame.filter(pl.col("emp") >= 1)
    cut = employers.get_column("potential").quantile(0.9)
    employers = employers.with_columns((pl.col("potential") >= cut).alias("real"))
    total_real = int(employers.get_column("real").sum())
    base_rate = total_real / max(1, len(employers))
    result: dict[str, object] = {
        "employer_firms": len(employers),
        "real_potential_firms": total_real,
        "base_rate": round(base_rate, 4),
        "levels": [],
    }
    for key, _rank, firms, real in (
        employers.group_by("level_key", "level_rank")
        .agg(pl.len(), pl.col("real").sum())
        .sort("level_rank")
        .rows()
    ):
        result["levels"].append(  # type: ignore[attr-defined]
            {
                "level": key,
                "firms": firms,
                "precision": round(real / firms, 4),
                "lift": round(real / firms / base_rate, 2) if base_rate else None,
                "recall": round(real / max(1, total_real), 4),
            }
        )
    predicted = employers.filter(pl.col("predicted").is_not_null())
    if len(predicted) and 0 < predicted.get_column("real").sum() < len(predicted):
        real = predicted.get_column("real").to_numpy()
        model = predicted.get_column("predicted").to_numpy()
        past = predicted.get_column("growth_3y").fill_null(0).to_numpy()
        result["model"] = {
            "firms": len(predicted),
            "auc_model": round(float(roc_auc_score(real, model)), 4),
            "auc_past_growth": round(float(roc_auc_score(real, past)), 4),
            "top_decile_capture_model": round(top_decile_share(real, model), 4),
            "top_decile_capture_past_growth": round(top_decile_share(real, past), 4),
            "top_decile_capture_random": 0.1,
        }
        threshold = np.quantile(model, 0.9)
        hidden = predicted.filter((pl.col("predicted") >= threshold) & (pl.col("level_rank") > 1))
        result["hidden_candidates"] = {
            "firms": len(hidden),
            "precision": round(float(hidden.get_column("real").mean() or 0), 4),
            "base_rate_among_predicted": round(float(real.mean()), 4),
        }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{result['employer_firms']:,} employer firms, {total_real:,} with real potential "
        f"(top decile of latent potential); base rate {base_rate:.1%}"
    )
    for level in result["levels"]:  # type: ignore[attr-defined]
        print(
            f"  level {level['level']:<12} firms {level['firms']:>7,}  precision "
            f"{level['precision']:.1%} (lift {level['lift']})  recall {level['recall']:.1%}"
        )
    if "model" in result:
        m = result["model"]
        print(
            f"  model on {m['firms']:,} firms: AUC {m['auc_model']} vs past growth "  # type: ignore[index]
            f"{m['auc_past_growth']}; top decile catches {m['top_decile_capture_model']:.1%} "  # type: ignore[index]
            f"vs {m['top_decile_capture_past_growth']:.1%} (random 10%)"  # type: ignore[index]
        )
        h = result["hidden_candidates"]
        print(
            f"  hidden-potential candidates: {h['firms']:,}, {h['precision']:.1%} with real "  # type: ignore[index]
            f"potential vs {h['base_rate_among_predicted']:.1%} among all predicted"  # type: ignore[index]
        )


if __name__ == "__main__":
    main()
