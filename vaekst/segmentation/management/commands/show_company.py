"""`vaekst show_company CVR [--json]`: a firm's register data, indicators, level with its
explanation, and whether it is high-growth over the latest complete three-year window."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaekst.lib.cvr import cvr_error
from vaekst.register.models import Company
from vaekst.segmentation.highgrowth import definitions, window_status
from vaekst.segmentation.reasons import explain_prediction
from vaekst.segmentation.rules import explain
from vaekst.segmentation.selectors import chain_rules


def high_growth(company: Company) -> dict[str, Any]:
    """Each high-growth definition for the firm: Eurostat and OECD over the latest three-year
    window with both ends known, Statistics Denmark's young-firm variant over the window from
    two years after the founding (in FTE). `window` and `employees` are Eurostat's window."""
    figures = {
        row.year: {"employees": row.employees, "fte": row.fte}
        for row in company.yearly_figures.all()
    }
    founded_year = company.founded_on.year if company.founded_on else None
    statuses = {
        key: window_status(definition, figures, founded_year)
        for key, definition in definitions().items()
    }
    eurostat = statuses["eurostat"]
    return {
        "window": list(eurostat.window) if eurostat.window else None,
        "employees": list(eurostat.values) if eurostat.values else None,
        **{key: status.high_growth for key, status in statuses.items()},
        "definitions": {key: status.as_dict() for key, status in statuses.items()},
    }


def company_summary(company: Company) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cvr": company.cvr_display,
        "name": company.name,
        "form": {"code": company.form_code, "text": company.form_text},
        "status": company.status,
        "active": company.is_active,
        "founded_on": company.founded_on.isoformat() if company.founded_on else None,
        "closed_on": company.closed_on.isoformat() if company.closed_on else None,
        "industry": {"code": company.main_industry_code, "text": company.main_industry_text},
        "municipality": company.municipality_id,
        "employees": company.employees,
        "size_class": company.size_class,
        "yearly_figures": [
            {
                "year": row.year,
                "employees": row.employees,
                "fte": row.fte,
                "gross_profit": row.gross_profit,
                "revenue": row.revenue,
                "export": row.export,
            }
            for row in company.yearly_figures.order_by("year")
        ],
        "high_growth": high_growth(company),
        "level": None,
        "indicators": None,
        "explanation": None,
    }
    score = getattr(company, "score", None)
    if score is not None:
        rules = chain_rules(score.chain)
        level = next(level for level in rules.levels if level.key == score.level_key)
        data["level"] = {
            "key": level.key,
            "rank": level.rank,
            "internal_name": level.internal_name,
            "external_name": level.external_name,
            "rule_set": str(rules.governing),
            "rule_set_id": str(rules.governing.public_id),
            "scored_at": score.scored_at.isoformat(),
        }
        data["indicators"] = score.indicators
        data["explanation"] = [
            {
                "level": line.level_key,
                "criterion": f"{line.indicator} {line.operator} {line.threshold}",
                "group": line.group,
                "value": line.value,
                "passed": line.passed,
                "scope": line.scope,
                "assessed_on": line.assessed_on,
            }
            for line in explain(rules.criteria, score.passed_mask, score.indicators)
        ]
        reasons = (
            explain_prediction(company.pk, score.run.as_of_year)
            if score.predicted_high_growth is not None and score.run.as_of_year
            else None
        )
        data["prediction"] = {
            "chance": score.predicted_high_growth,
            "model_version": score.run.prediction_model.version
            if score.run.prediction_model is not None
            else None,
            "reasons": [
                {"feature": r.feature, "label": r.label, "value": r.value, "effect": r.effect}
                for r in reasons or []
            ],
        }
        data["history"] = [
            {
                "level": p.level_key,
                "from": p.valid_from.isoformat(),
                "to": p.valid_to and p.valid_to.isoformat(),
            }
            for p in company.placements.order_by("-valid_from")
        ]
    return data


class Command(BaseCommand):
    help = "Show a firm's register data, indicators, level and explanation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cvr")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        error = cvr_error(options["cvr"])
        if error:
            raise CommandError(error)
        company = (
            Company.objects.select_related(
                "score__chain__national",
                "score__chain__region_rule_set",
                "score__chain__municipality_rule_set",
                "score__run__prediction_model",
            )
            .filter(cvr=int(options["cvr"]))
            .first()
        )
        if company is None:
            raise CommandError(f"CVR {options['cvr']} findes ikke i registeret")
        data = company_summary(company)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
            return
        self.stdout.write(f"{data['name']} (CVR {data['cvr']}), {data['status']}")
        level = data["level"]
        self.stdout.write(
            f"Niveau: {level['rank']}. {level['internal_name']} ({level['external_name']})"
            if level
            else "Niveau: ikke placeret endnu (kør vaekst score)"
        )
        for line in data["explanation"] or []:
            mark = "✓" if line["passed"] else "✗"
            dated = f" (vurderet {line['assessed_on']})" if line["assessed_on"] else ""
            self.stdout.write(
                f"  {mark} [{line['level']}] {line['criterion']}: {line['value']}{dated}"
            )
        hg = data["high_growth"]
        self.stdout.write(
            f"Høj vækst {hg['window']}: Eurostat {hg['eurostat']}, OECD {hg['oecd']}, "
            f"vækstiværksætter {hg['dst_young']} {hg['definitions']['dst_young']['window']}"
        )
