"""The chance that a firm becomes high-growth in the next three years.

Trained on the register panel with a time-based split: the test set is the latest base year
whose three-year outcome is known; training uses base years whose outcome windows end no
later than the test base year, so nothing from the test period leaks into training. A
gradient-boosted model (native missing values) is calibrated with isotonic regression and
compared with a naive baseline that ranks by past growth only. The model advises; levels
use it as one criterion among others.
"""

# The artifact is unpickled only from our own PredictionModel table, never from users.
# ruff: noqa: S301, S403

import pickle
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from vaekst.lib.frames import read_frame
from vaekst.lib.growth import HighGrowthDefinition
from vaekst.segmentation.highgrowth import definition as high_growth_definition
from vaekst.segmentation.indicators import (
    PANEL_COLUMNS,
    RAW_PANEL_SCHEMA,
    impute_banded,
    wide_panel,
)
from vaekst.segmentation.models import PredictionModel

FEATURES = [
    "log_employees",
    "employee_growth_1y",
    "employee_growth_3y",
    "log_gross_profit",
    "gross_profit_growth_1y",
    "gross_profit_growth_3y",
    "gross_profit_per_employee",
    "age_years",
    "exporter",
    "industry_division",
    "company_form",
    "region_id",
]
CATEGORICAL = ["industry_division", "company_form", "region_id"]
# Danish source texts, marked for extraction; the company page translates them when shown.
FEATURE_LABELS = {
    "log_employees": gettext_noop("Antal ansatte"),
    "employee_growth_1y": gettext_noop("Vækst i ansatte, seneste år"),
    "employee_growth_3y": gettext_noop("Vækst i ansatte, 3 år"),
    "log_gross_profit": gettext_noop("Bruttofortjeneste"),
    "gross_profit_growth_1y": gettext_noop("Vækst i bruttofortjeneste, seneste år"),
    "gross_profit_growth_3y": gettext_noop("Vækst i bruttofortjeneste, 3 år"),
    "gross_profit_per_employee": gettext_noop("Bruttofortjeneste pr. ansat"),
    "age_years": gettext_noop("Alder"),
    "exporter": gettext_noop("Eksport"),
    "industry_division": gettext_noop("Branche"),
    "company_form": gettext_noop("Virksomhedsform"),
    "region_id": gettext_noop("Region"),
}

MIN_TRAINING_ROWS = 200
MIN_POSITIVES = 10


class TrainingError(ValueError):
    """The register holds too little (or too uniform) data to train the model."""


ALL_COMPANIES_SCHEMA = {
    "company_id": pl.Int64,
    "founded_on": pl.Date,
    "form_code": pl.Int32,
    "industry": pl.Utf8,
    "region_id": pl.Int32,
}


def _rate(end: pl.Expr, start: pl.Expr, years: int) -> pl.Expr:
    ratio = pl.when(start > 0).then(end / start).otherwise(None)
    return pl.when(ratio >= 0).then(ratio.pow(1.0 / years) - 1.0).otherwise(None)


def features_at(companies: pl.DataFrame, panel: pl.DataFrame, base_year: int) -> pl.DataFrame:
    """One row per firm with the model's features as of `base_year` (from years t-3..t)."""
    wide = wide_panel(panel, base_year)
    for measure in ("employees", "fte", "gross_profit", "export"):
        for lag in range(4):
            if f"{measure}_{lag}" not in wide.columns:
                wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"{measure}_{lag}"))
    frame = companies.join(wide, on="company_id", how="inner")
    founded_year = pl.col("founded_on").dt.year()
    return frame.select(
        "company_id",
        pl.col("employees_0").alias("employees"),
        pl.col("fte_0").alias("fte"),
        (pl.col("employees_0") + 1).log().alias("log_employees"),
        _rate(pl.col("employees_0"), pl.col("employees_1"), 1).alias("employee_growth_1y"),
        _rate(pl.col("employees_0"), pl.col("employees_3"), 3).alias("employee_growth_3y"),
        (pl.col("gross_profit_0").clip(lower_bound=0) + 1).log().alias("log_gross_profit"),
        _rate(pl.col("gross_profit_0"), pl.col("gross_profit_1"), 1).alias(
            "gross_profit_growth_1y"
        ),
        _rate(pl.col("gross_profit_0"), pl.col("gross_profit_3"), 3).alias(
            "gross_profit_growth_3y"
        ),
        (pl.col("gross_profit_0") / pl.col("employees_0").clip(lower_bound=1)).alias(
            "gross_profit_per_employee"
        ),
        (pl.lit(base_year) - founded_year).cast(pl.Float64).alias("age_years"),
        pl.max_horizontal("export_0", "export_1")
        .fill_null(0)
        .gt(0)
        .cast(pl.Float64)
        .alias("exporter"),
        pl.col("industry")
        .str.slice(0, 2)
        .cast(pl.Float64, strict=False)
        .alias("industry_division"),
        pl.col("form_code").cast(pl.Float64).alias("company_form"),
        pl.col("region_id").cast(pl.Float64).alias("region_id"),
    )


def matrix(frame: pl.DataFrame) -> npt.NDArray[np.float64]:
    return frame.select(FEATURES).to_numpy().astype(np.float64)


@dataclass
class TrainingData:
    companies: pl.DataFrame
    panel: pl.DataFrame
    first_year: int
    last_year: int


def load_training_data() -> TrainingData:
    """All firms, ceased ones included (a firm that closes did not become high-growth)."""
    companies = read_frame(
        "SELECT c.id, c.founded_on, c.form_code, c.main_industry_code, m.region_id "
        "FROM register_company c "
        "LEFT JOIN organisations_municipality m ON m.code = c.municipality_id",
        [],
        ALL_COMPANIES_SCHEMA,
    )
    panel = impute_banded(
        read_frame(
            f"SELECT {PANEL_COLUMNS} FROM register_yearlyfigures y",  # noqa: S608
            [],
            RAW_PANEL_SCHEMA,
        )
    )
    years = panel.get_column("year")
    return TrainingData(companies, panel, int(years.min()), int(years.max()))  # type: ignore[arg-type]


def population(frame: pl.DataFrame, definition: HighGrowthDefinition) -> pl.DataFrame:
    """The rows of a `features_at` frame that could become high-growth under the definition
    over the window starting at its base year (big enough in its measure, of the right age)."""
    if len(frame) == 0:
        return frame
    inside = definition.in_population(
        frame.get_column(definition.measure).fill_null(float("nan")).to_numpy(),
        frame.get_column("age_years").fill_null(float("nan")).to_numpy(),
    )
    return frame.filter(pl.Series(inside))


def labelled(data: TrainingData, base_year: int, definition_key: str) -> pl.DataFrame:
    """Features at `base_year` of the firms in the definition's population, and the label:
    high growth over base_year..base_year+years in the definition's measure (employees or
    FTE; a firm gone by then counts as not high-growth)."""
    definition = high_growth_definition(definition_key)
    frame = population(features_at(data.companies, data.panel, base_year), definition)
    end = data.panel.filter(pl.col("year") == base_year + definition.years).select(
        "company_id", pl.col(definition.measure).alias("measure_end")
    )
    frame = frame.join(end, on="company_id", how="left")
    label = definition.classify(
        frame.get_column(definition.measure).to_numpy(),
        frame.get_column("measure_end").fill_null(0).to_numpy(),
        start_age=frame.get_column("age_years").fill_null(float("nan")).to_numpy(),
    )
    return frame.drop("measure_end").with_columns(
        pl.Series("label", label, dtype=pl.Boolean), pl.lit(base_year).alias("base_year")
    )


def _auc(labels: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]) -> float | None:
    from sklearn.metrics import roc_auc_score

    if labels.all() or not labels.any():
        return None
    return float(roc_auc_score(labels, scores))


def evaluate_scores(
    labels: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]
) -> dict[str, Any]:
    """AUC, the share of future high-growth firms in the top-scored 10 %, Brier score and a
    ten-bin calibration table (mean predicted vs observed)."""
    order = np.argsort(-scores, kind="stable")
    top = order[: max(1, len(order) // 10)]
    positives = int(labels.sum())
    bins = []
    for chunk in np.array_split(np.argsort(scores, kind="stable"), 10):
        if len(chunk):
            bins.append(
                {
                    "predicted": round(float(scores[chunk].mean()), 4),
                    "observed": round(float(labels[chunk].mean()), 4),
                    "n": len(chunk),
                }
            )
    return {
        "auc": _auc(labels, scores),
        "top_decile_capture": float(labels[top].sum() / positives) if positives else None,
        "brier": float(np.mean((scores - labels) ** 2)),
        "calibration": bins,
        "n": len(labels),
        "positives": positives,
    }


def train(definition_key: str = "eurostat", data: TrainingData | None = None) -> PredictionModel:
    """Train, calibrate, evaluate against the baseline, and store a new active version."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    definition = high_growth_definition(definition_key)
    data = data or load_training_data()
    horizon = definition.years
    test_year = data.last_year - horizon
    train_years = list(range(data.first_year + 1, test_year - horizon + 1))
    if not train_years:
        raise TrainingError("For lidt data: panelet er for kort til en tidsopdelt træning")
    training = pl.concat([labelled(data, year, definition_key) for year in train_years])
    testing = labelled(data, test_year, definition_key)
    x_train, y_train = matrix(training), training.get_column("label").to_numpy()
    x_test, y_test = matrix(testing), testing.get_column("label").to_numpy()
    if len(y_train) < MIN_TRAINING_ROWS or y_train.sum() < MIN_POSITIVES:
        raise TrainingError(
            f"For lidt data til at træne modellen: {len(y_train)} rækker, "
            f"{int(y_train.sum())} højvækstforløb (mindst {MIN_TRAINING_ROWS} og {MIN_POSITIVES})"
        )
    # A feature with one value (or none) in training tells the model nothing, and the booster's
    # binning fails on it; the model uses the columns that vary, and remembers which.
    columns = [
        index
        for index in range(len(FEATURES))
        if len(np.unique(x_train[:, index][~np.isnan(x_train[:, index])])) >= 2
    ]
    categorical = [
        columns.index(FEATURES.index(name))
        for name in CATEGORICAL
        if FEATURES.index(name) in columns
    ]
    booster = HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.08,
        # Stop when a held-out tenth stops improving: fast, and guards against overfitting.
        early_stopping=True,
        n_iter_no_change=15,
        max_leaf_nodes=31,
        l2_regularization=1.0,
        categorical_features=categorical,
        random_state=0,
    )
    # Categories must be small non-negative integers for the booster.
    x_train, x_test = encode(x_train), encode(x_test)
    model = CalibratedClassifierCV(booster, method="isotonic", cv=3)
    estimator = "gradient_boosting"
    try:
        model.fit(x_train[:, columns], y_train)
    except ValueError:
        # On a tiny register a feature can be constant within a cross-validation fold, which
        # the booster's binning refuses; a regularised logistic model fits any such data.
        model = CalibratedClassifierCV(_logistic_pipeline(), method="sigmoid", cv=3)
        model.fit(x_train[:, columns], y_train)
        estimator = "logistic_regression"
    scores = model.predict_proba(x_test[:, columns])[:, 1]
    growth_column = FEATURES.index("employee_growth_3y")
    baseline_train = np.nan_to_num(x_train[:, [growth_column]], nan=0.0)
    baseline = LogisticRegression().fit(baseline_train, y_train)
    baseline_scores = baseline.predict_proba(np.nan_to_num(x_test[:, [growth_column]]))[:, 1]
    medians = {
        name: float(np.nanmedian(x_train[:, index]))
        if not np.isnan(x_train[:, index]).all()
        else 0.0
        for index, name in enumerate(FEATURES)
    }
    metrics = {
        "model": evaluate_scores(y_test, scores),
        "baseline_past_growth": evaluate_scores(y_test, baseline_scores),
        "estimator": estimator,
        "definition": definition.as_dict(),
        "train_rows": len(y_train),
        "train_positives": int(y_train.sum()),
        "base_rate_test": float(y_test.mean()) if len(y_test) else None,
    }
    artifact = pickle.dumps({"model": model, "medians": medians, "columns": columns})
    with transaction.atomic():
        version = (PredictionModel.objects.aggregate(Max("version"))["version__max"] or 0) + 1
        PredictionModel.objects.update(is_active=False)
        return PredictionModel.objects.create(
            version=version,
            definition=definition_key,
            train_years=train_years,
            test_years=[test_year],
            features=FEATURES,
            metrics=metrics,
            artifact=artifact,
            is_active=True,
        )


CATEGORICAL_INDEXES = [FEATURES.index(name) for name in CATEGORICAL]


def _logistic_pipeline() -> Any:
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=0.5, max_iter=1000),
    )


def encode(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Clip categorical codes into the booster's range (0..254); unknown stays missing."""
    x = x.copy()
    for index in CATEGORICAL_INDEXES:
        column = x[:, index]
        x[:, index] = np.where(np.isnan(column), np.nan, np.mod(column, 250))
    return x


_loaded: dict[int, dict[str, Any]] = {}


def load(model: PredictionModel) -> dict[str, Any]:
    if model.pk not in _loaded:
        _loaded.clear()
        # The artifact (megabytes) is read only when this process has not loaded it yet.
        raw = PredictionModel.objects.values_list("artifact", flat=True).get(pk=model.pk)
        artifact = pickle.loads(bytes(raw))
        # Versions trained before unvarying features were dropped used every column.
        artifact.setdefault("columns", list(range(len(FEATURES))))
        _loaded[model.pk] = artifact
    return _loaded[model.pk]


def active_model() -> PredictionModel | None:
    return (
        PredictionModel.objects.filter(is_active=True)
        .defer("artifact")
        .order_by("-version")
        .first()
    )


def predict_frame(
    indicators: pl.DataFrame, *, panel: pl.DataFrame, as_of: int
) -> list[float | None] | None:
    """Predicted chances aligned with the rows of `indicators`; None without an active model.
    Firms outside the definition's population (too small at the start) get no prediction."""
    model = active_model()
    if model is None or len(indicators) == 0:
        return None
    loaded = load(model)
    definition = high_growth_definition(model.definition)
    companies = indicators.select(
        "company_id",
        "founded_on",
        pl.col("company_form").alias("form_code"),
        "industry",
        "region_id",
    )
    frame = features_at(companies, panel, as_of)
    eligible = population(frame, definition)
    if len(eligible) == 0:
        return [None] * len(indicators)
    columns = loaded["columns"]
    x = encode(matrix(eligible))
    probabilities = loaded["model"].predict_proba(x[:, columns])[:, 1]
    by_company = dict(
        zip(eligible.get_column("company_id").to_list(), probabilities.tolist(), strict=True)
    )
    return [by_company.get(company) for company in indicators.get_column("company_id").to_list()]
