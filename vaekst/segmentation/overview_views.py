"""Pages about the firms on the levels: the overview per house and municipality with the
scoring runs and the prediction model, and the hidden-potential list with its export."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.lib.http import client_ip
from vaekst.lib.paging import page_number, paginate
from vaekst.organisations.models import Municipality
from vaekst.register.selectors import municipalities_in_scope
from vaekst.segmentation import services
from vaekst.segmentation.choices import RunStatus
from vaekst.segmentation.forms import HiddenPotentialForm
from vaekst.segmentation.hidden import hidden_potential, to_excel
from vaekst.segmentation.models import PredictionModel, ScoringRun
from vaekst.segmentation.selectors import (
    active_prediction_model,
    get_run,
    latest_run,
    level_counts,
    level_names,
    may_request_scoring,
    user_place,
)
from vaekst.segmentation.tasks import score_task
from vaekst.segmentation.views import require_staff

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _model_context(model: PredictionModel | None) -> dict[str, Any]:
    if model is None:
        return {}
    metrics = model.metrics or {}
    ours = metrics.get("model") or {}
    baseline = metrics.get("baseline_past_growth") or {}
    calibration = ours.get("calibration") or []
    baseline_calibration = baseline.get("calibration") or []
    chart = {
        "type": "calibration",
        "datasets": [
            {
                "label": _("Modellen"),
                "points": [[b["predicted"], b["observed"]] for b in calibration],
            },
            {
                "label": _("Naiv model (tidligere vækst)"),
                "points": [[b["predicted"], b["observed"]] for b in baseline_calibration],
            },
        ],
        "diagonal_label": _("Perfekt kalibrering"),
        "x_title": _("Forudsagt chance"),
        "y_title": _("Observeret andel med høj vækst"),
    }
    return {
        "model": model,
        "ours": ours,
        "baseline": baseline,
        "calibration": calibration,
        "base_rate": metrics.get("base_rate_test"),
        "calibration_chart": chart,
    }


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Firms by level in the user's area, the latest scoring run, and the model's quality."""
    require_staff(request)
    counts = level_counts(request.user)
    chart = {
        "type": "stacked",
        "labels": [row.name for row in counts.rows],
        "datasets": [
            {"label": name, "data": [row.counts[index] for row in counts.rows]}
            for index, (_key, name) in enumerate(counts.levels)
        ],
        "y_title": _("Virksomheder"),
    }
    context = {
        "counts": counts,
        "chart": chart,
        "place": user_place(request.user),
        "run": latest_run(request.user),
        "may_request_scoring": may_request_scoring(request.user),
        **_model_context(active_prediction_model()),
    }
    return render(request, "segmentation/overview.html", context)


@login_required
@require_POST
def scoring_request(request: HttpRequest) -> HttpResponse:
    """Queue a scoring run for the user's area; the overview then follows its progress."""
    require_staff(request)
    if not may_request_scoring(request.user):
        raise PermissionDenied
    place = user_place(request.user)
    run = services.request_scoring(
        actor=request.user,
        region=place.region if place.municipality is None else None,
        municipality=place.municipality,
    )
    score_task.enqueue(run.pk)
    messages.success(request, _("Beregningen af niveauer er sat i gang."))
    return redirect("segmentation:overview")


@login_required
@require_GET
def run_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The run's progress as a fragment; it polls itself while the run is queued or running."""
    require_staff(request)
    run = get_run(request.user, public_id)
    return render(request, "segmentation/_run_status.html", {"run": run})


def run_is_active(run: ScoringRun) -> bool:
    return run.status in (RunStatus.QUEUED, RunStatus.RUNNING)


def _hidden_area(request: HttpRequest, form: HiddenPotentialForm) -> tuple[int | None, int | None]:
    place = user_place(request.user)
    chosen = form.cleaned_data.get("municipality") if form.is_valid() else None
    if place.municipality is not None:
        return None, place.municipality
    if chosen is not None:
        return None, chosen
    return place.region, None


@login_required
@require_GET
def hidden_potential_view(request: HttpRequest) -> HttpResponse:
    """Firms below the top levels with a top-decile chance of high growth and no contact in
    twelve months; `?format=xlsx` exports them (and the export is audited)."""
    require_staff(request)
    municipalities = list(municipalities_in_scope(request.user).values_list("code", "name"))
    form = HiddenPotentialForm(request.GET or None, municipalities=municipalities)
    region, municipality = _hidden_area(request, form)
    result = hidden_potential(request.user, region=region, municipality=municipality)
    area_name = _area_name(request, region, municipality)
    if request.GET.get("format") == "xlsx":
        return _export(request, result.candidates, area_name, region, municipality)
    page = paginate(result.candidates, number=page_number(request.GET.get("side")), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    query.pop("format", None)
    context = {
        "form": form,
        "result": result,
        "page": page,
        "query": query.urlencode(),
        "area_name": area_name,
        "show_municipality_filter": len(municipalities) > 1,
        "level_names": {key: names[0] for key, names in level_names().items()},
    }
    return render(request, "segmentation/hidden_potential.html", context)


def _area_name(request: HttpRequest, region: int | None, municipality: int | None) -> str:
    if municipality is not None:
        name = Municipality.objects.filter(code=municipality).values_list("name", flat=True)
        return str(name.first() or municipality)
    if region is not None:
        organisation = getattr(request.user, "organisation", None)
        return str(organisation or region)
    return _("Hele landet")


def _export(
    request: HttpRequest,
    candidates: Any,
    area_name: str,
    region: int | None,
    municipality: int | None,
) -> HttpResponse:
    title = _("Skjult potentiale: %(area)s, %(date)s") % {
        "area": area_name,
        "date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
    }
    content = to_excel(candidates, title)
    organisation = getattr(request.user, "organisation", None)
    assert organisation is not None  # staff always belong to an organisation
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=organisation,
        changes={
            "export": "hidden_potential",
            "region": region,
            "municipality": municipality,
        },
        ip_address=client_ip(request),
    )
    response = HttpResponse(content, content_type=XLSX)
    filename = f"skjult-potentiale-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
