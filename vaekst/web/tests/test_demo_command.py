"""`vaekst demo --no-serve` end to end on a small register: generate, import through the
real importer, seed, train, score, seed plans; a second run changes nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from vaekst.accounts.models import User
from vaekst.growthplans.models import GrowthPlan
from vaekst.register.models import Company, YearlyFigures
from vaekst.segmentation.models import CompanyScore, PredictionModel


@pytest.mark.django_db(transaction=True)
def test_demo_sets_everything_up_and_a_second_run_changes_nothing(
    tmp_path: Path, settings, capsys
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", "--no-serve", "--firms", "1500")
    output = capsys.readouterr().out
    assert "konsulent_kbh" in output and "vaekst-demo-2026" in output
    assert Company.objects.filter(is_active=True).count() == 1500
    assert YearlyFigures.objects.exclude(gross_profit=None).exists()
    assert CompanyScore.objects.count() == 1500
    assert PredictionModel.objects.filter(is_active=True).count() == 1
    assert GrowthPlan.objects.exists()
    # a predicted firm's page data explains its chance by the features that moved it
    predicted = CompanyScore.objects.exclude(predicted_high_growth=None).first()
    assert predicted is not None
    call_command("show_company", f"{predicted.company.cvr:08d}", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["prediction"]["chance"] == pytest.approx(predicted.predicted_high_growth)
    reasons = shown["prediction"]["reasons"]
    assert reasons and all(abs(r["effect"]) >= 0.001 for r in reasons)
    effects = [abs(r["effect"]) for r in reasons]
    assert effects == sorted(effects, reverse=True)
    counts = (
        Company.objects.count(),
        User.objects.count(),
        CompanyScore.objects.count(),
        GrowthPlan.objects.count(),
        PredictionModel.objects.count(),
    )
    call_command("demo", "--no-serve", "--firms", "1500")
    assert "springer importen over" in capsys.readouterr().out
    assert counts == (
        Company.objects.count(),
        User.objects.count(),
        CompanyScore.objects.count(),
        GrowthPlan.objects.count(),
        PredictionModel.objects.count(),
    )
