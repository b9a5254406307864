"""`vaekst demo --no-serve` end to end on a small register: generate, import through the
real importer, seed, train, score, seed plans, take a night's delta from a drop directory;
a second run changes nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from vaekst.accounts.models import User
from vaekst.growthplans.models import GrowthPlan
from vaekst.register.choices import CompanyEventKind, ImportStatus
from vaekst.register.models import Company, CompanyEvent, RegisterImport, YearlyFigures
from vaekst.segmentation.models import CompanyScore, PredictionModel


@pytest.mark.django_db(transaction=True)
def test_demo_sets_everything_up_and_a_second_run_changes_nothing(
    tmp_path: Path, settings, capsys
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", "--no-serve", "--firms", "1500")
    output = capsys.readouterr().out
    assert "konsulent_kbh" in output and "vaekst-demo-2026" in output
    assert YearlyFigures.objects.exclude(gross_profit=None).exists()
    # the night's delta was taken through the drop directory: 30 changed firms and 3 new
    delta = RegisterImport.objects.get()
    assert delta.status == ImportStatus.DONE
    assert delta.file_name.endswith("-delta.jsonl")
    assert (delta.counts["inserted"], delta.counts["rejected"]) == (3, 0)
    assert len(delta.touched_company_ids) == 33
    # the register as the file had it, 1500 active firms, plus the new ones less the ceased
    events = CompanyEvent.objects.all()
    ceased = events.filter(
        kind__in=[
            CompanyEventKind.CLOSED,
            CompanyEventKind.BANKRUPTCY,
            CompanyEventKind.COMPULSORY_DISSOLUTION,
        ],
        company__is_active=False,
    ).count()
    assert Company.objects.filter(is_active=True).count() == 1500 + 3 - ceased
    assert CompanyScore.objects.count() == 1500 + 3
    # every change row is the delta's (the first whole scoring run moved no one), and the
    # firms with a growth plan are among the changes, in the demo areas
    assert not events.filter(register_import=None).exists()
    planned = GrowthPlan.objects.values_list("company_id", flat=True)
    assert events.filter(kind=CompanyEventKind.LEVEL_MOVED, company_id__in=planned).exists()
    assert set(events.values_list("company__municipality_id", flat=True)) >= {101, 751}
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
        CompanyEvent.objects.count(),
        RegisterImport.objects.count(),
    )
    call_command("demo", "--no-serve", "--firms", "1500")
    assert "springer importen over" in capsys.readouterr().out
    assert counts == (
        Company.objects.count(),
        User.objects.count(),
        CompanyScore.objects.count(),
        GrowthPlan.objects.count(),
        PredictionModel.objects.count(),
        CompanyEvent.objects.count(),
        RegisterImport.objects.count(),
    )
