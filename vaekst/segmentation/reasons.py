"""Per-firm reasons for a predicted chance of high growth: which features pushed it up or
down, measured by putting the typical (training median) value in each feature's place."""

# SQL is built from constants; values are parameters.
# ruff: noqa: S608

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from vaekst.lib.frames import read_frame
from vaekst.segmentation.highgrowth import definition as high_growth_definition
from vaekst.segmentation.indicators import PANEL_COLUMNS, RAW_PANEL_SCHEMA, impute_banded
from vaekst.segmentation.models import PredictionModel
from vaekst.segmentation.prediction import (
    ALL_COMPANIES_SCHEMA,
    FEATURE_LABELS,
    FEATURES,
    active_model,
    encode,
    features_at,
    load,
    matrix,
    population,
)


@dataclass(frozen=True)
class Reason:
    """One feature's push on a firm's predicted chance: how much lower or higher the chance
    would be if the firm had the typical (median) value of that feature instead."""

    feature: str
    label: str
    value: float | None
    typical: float
    effect: float  # chance minus the chance with the typical value (+ pushes up)


_thread_pools: list[ThreadpoolController] = []


def _one_thread() -> Any:
    """Run the booster on one thread. For a page's twenty-odd rows OpenMP's worker threads
    cost far more than they share out (on two cores about 200 ms of CPU per call against 9
    ms on one thread). The controller is built once, after the model has loaded OpenMP."""
    if not _thread_pools:
        _thread_pools.append(ThreadpoolController())
    return _thread_pools[0].limit(limits=1, user_api="openmp")


def explain_prediction(
    company_id: int, as_of: int, *, top: int = 5, model: PredictionModel | None = None
) -> list[Reason] | None:
    """The features that pushed one firm's predicted chance up or down, largest first;
    None without an active model or when the firm is outside the model's population.
    `model` is the active model when the caller has read it already."""
    model = model or active_model()
    if model is None:
        return None
    loaded = load(model)
    columns: list[int] = loaded["columns"]
    medians: dict[str, float] = loaded["medians"]
    companies = read_frame(
        "SELECT c.id, c.founded_on, c.form_code, c.main_industry_code, c.region_id "
        "FROM register_company c WHERE c.id = %s",
        [company_id],
        ALL_COMPANIES_SCHEMA,
    )
    panel = impute_banded(
        read_frame(
            f"SELECT {PANEL_COLUMNS} FROM register_yearlyfigures y "
            "WHERE y.company_id = %s AND y.year BETWEEN %s AND %s",
            [company_id, as_of - 3, as_of],
            RAW_PANEL_SCHEMA,
        )
    )
    features = features_at(companies, panel, as_of)
    definition = high_growth_definition(model.definition)
    if len(features) != 1 or len(population(features, definition)) != 1:
        return None
    row = encode(matrix(features))
    variants = np.repeat(row, len(columns) + 1, axis=0)
    for position, index in enumerate(columns, start=1):
        variants[position, index] = medians[FEATURES[index]]
    with _one_thread():
        chances = loaded["model"].predict_proba(variants[:, columns])[:, 1]
    reasons = [
        Reason(
            feature=FEATURES[index],
            label=FEATURE_LABELS[FEATURES[index]],
            value=None if np.isnan(row[0, index]) else float(row[0, index]),
            typical=medians[FEATURES[index]],
            effect=float(chances[0] - chances[position]),
        )
        for position, index in enumerate(columns, start=1)
    ]
    reasons.sort(key=lambda reason: abs(reason.effect), reverse=True)
    return [reason for reason in reasons[:top] if abs(reason.effect) >= 0.001]


# Explanations of stored scores, newest use last. Per process and bounded, so that it
# cannot push the shared cache's entries (the company forms, the home page's counts) out.
_EXPLAINED_MAX = 2048
_explained: OrderedDict[tuple[int, int, int, datetime.datetime], list[Reason] | None] = (
    OrderedDict()
)
_explained_lock = threading.Lock()


def explain_score(company_id: int, as_of: int, scored_at: datetime.datetime) -> list[Reason] | None:
    """`explain_prediction` for a firm's stored score, kept while the score and the active
    model hold. A run rewrites a score whose values changed (new figures change the chance,
    so `scored_at` moves), and a new model changes the key, so a kept explanation is the
    one of the chance the page shows. Opening the firm again (or saving an assessment on
    its page) then costs a lookup instead of about 20 ms of model evaluation."""
    model = active_model()
    if model is None:
        return None
    key = (model.pk, company_id, as_of, scored_at)
    with _explained_lock:
        if key in _explained:
            _explained.move_to_end(key)
            return _explained[key]
    reasons = explain_prediction(company_id, as_of, model=model)
    with _explained_lock:
        _explained[key] = reasons
        while len(_explained) > _EXPLAINED_MAX:
            _explained.popitem(last=False)
    return reasons
