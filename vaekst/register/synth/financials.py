"""Key figures per firm-year (docs/financials-format.md) and the truth file's rows.

Only companies that file annual reports (ApS, A/S, IVS, P/S) get key figures, ~96% of their
years. Gross profit is headcount (at least half an owner's worth) times the industry's
productivity, times a persistent firm effect and yearly noise; revenue is reported by ~12%
of small firms and most large ones; export by exporters; profit is a noisy margin and
equity accumulates retained profit on top of the registered capital.
"""

from collections.abc import Iterator
from typing import Any

import numpy as np

from vaekst.register.synth import days
from vaekst.register.synth.process import Panel
from vaekst.register.synth.tables import industries
from vaekst.register.synth.traits import NONE, Traits

FILING_FORMS = (60, 70, 80, 81)


def financial_rows(
    rng: np.random.Generator, panel: Panel, traits: Traits
) -> Iterator[dict[str, Any]]:
    table = industries()
    n, years = panel.headcount.shape
    heads = panel.headcount.astype(np.float64)
    alive = heads >= 0
    year_starts = np.array([days.year_start(int(y)) for y in panel.years])
    form_now = np.where(
        (traits.form_change[:, None] != NONE)
        & (year_starts[None, :] >= traits.form_change[:, None]),
        traits.form_after[:, None],
        traits.form[:, None],
    )
    files = alive & np.isin(form_now, FILING_FORMS) & (rng.random((n, years)) < 0.96)

    productivity = table.gross_profit_per_employee[panel.industry][:, None]
    firm_effect = np.exp(rng.normal(0.0, 0.35, size=(n, 1)) + 0.1 * panel.potential[:, None])
    gross_profit = np.maximum(heads, 0.5) * productivity * firm_effect
    gross_profit *= np.exp(rng.normal(0.0, 0.2, size=(n, years)))
    revenue = gross_profit * table.revenue_ratio[panel.industry][:, None]
    revenue *= np.exp(rng.normal(0.0, 0.15, size=(n, years)))
    reports_revenue = rng.random((n, years)) < np.select(
        [heads >= 50, heads >= 10], [0.85, 0.35], 0.08
    )
    export_share = rng.beta(2.0, 3.0, size=(n, 1))
    export = revenue * export_share * np.exp(rng.normal(0.0, 0.2, size=(n, years)))
    profit = gross_profit * rng.normal(0.12, 0.2, size=(n, years))
    retained = np.cumsum(np.where(alive, 0.6 * profit, 0.0), axis=1)
    equity = traits.capital[:, None] + 0.4 * gross_profit[:, :1] + retained
    reports_employees = rng.random((n, years)) < 0.81
    period_month = rng.choice([12, 6, 9], size=n, p=[0.9, 0.07, 0.03])

    rows, cols = np.nonzero(files)
    cvr = traits.cvr[rows].tolist()
    year = panel.years[cols].tolist()
    gp = np.rint(gross_profit[rows, cols]).astype(np.int64).tolist()
    rev = np.rint(revenue[rows, cols]).astype(np.int64).tolist()
    rev_ok = reports_revenue[rows, cols].tolist()
    exp = np.rint(export[rows, cols]).astype(np.int64).tolist()
    exp_ok = panel.exporter[rows, cols].tolist()
    pro = np.rint(profit[rows, cols]).astype(np.int64).tolist()
    equ = np.rint(equity[rows, cols]).astype(np.int64).tolist()
    emp = heads[rows, cols].astype(np.int64).tolist()
    emp_ok = reports_employees[rows, cols].tolist()
    month = period_month[rows].tolist()
    for k in range(len(cvr)):
        y = year[k]
        end = f"{y}-12-31" if month[k] == 12 else (f"{y}-06-30" if month[k] == 6 else f"{y}-09-30")
        yield {
            "cvr": cvr[k],
            "year": y,
            "period_end": end,
            "gross_profit": gp[k],
            "revenue": rev[k] if rev_ok[k] else None,
            "profit": pro[k],
            "equity": equ[k],
            "export": exp[k] if exp_ok[k] else None,
            "employees": emp[k] if emp_ok[k] else None,
        }


def truth_rows(panel: Panel, traits: Traits) -> Iterator[dict[str, Any]]:
    """What only the simulation knows: latent potential and how much growth it drove."""
    heads = panel.headcount
    first = np.argmax(heads >= 0, axis=1)
    last = heads.shape[1] - 1 - np.argmax(heads[:, ::-1] >= 0, axis=1)
    index = np.arange(panel.size)
    start, end = heads[index, first], heads[index, last]
    realised = np.log1p(np.maximum(end, 0)) - np.log1p(np.maximum(start, 0))
    driven = (panel.potential_growth > 0.2) & (realised > 0.2)
    for i in range(panel.size):
        yield {
            "cvr": int(traits.cvr[i]),
            "potential": round(float(panel.potential[i]), 4),
            "potential_hidden": round(float(panel.potential_hidden[i]), 4),
            "potential_growth": round(float(panel.potential_growth[i]), 4),
            "employer_type": bool(panel.employer[i]),
            "growth_driven_by_potential": bool(driven[i]),
        }
