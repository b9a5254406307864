"""Satisfaction for staff: the share satisfied per house and year, per programme and per run
(with a server-drawn bar chart, the figures also in tables), growth mappings per house and
year; and the national survey questions with their versions, where the national
administrator publishes the next one."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vaekst.lib.paging import page_number
from vaekst.programmes import satisfaction
from vaekst.programmes.choices import SATISFIED_FROM, SurveyKind
from vaekst.programmes.forms_surveys import PublishForm
from vaekst.programmes.models import SurveyQuestion, SurveyVersion
from vaekst.programmes.services.surveys import may_publish, publish_survey_version

RUNS_PER_PAGE = 50
# The bar chart's drawing units: the SVG scales to the page's width.
CHART_WIDTH = 640
LABEL_WIDTH = 260
BAR_AREA = 300
BAR_STEP = 30
BAR_HEIGHT = 20


def require_reader(request: HttpRequest) -> None:
    if not satisfaction.may_read(request.user):
        raise PermissionDenied


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


def chart(rows: list[satisfaction.ShareRow]) -> dict[str, Any]:
    """Horizontal bars of the share satisfied, one per row (house and year)."""
    bars = [
        Bar(
            label=f"{row.label} {row.year}" if row.year else row.label,
            percent=row.share.percent or 0.0,
            y=index * BAR_STEP,
            width=round((row.share.percent or 0.0) * BAR_AREA / 100, 1),
        )
        for index, row in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * BAR_STEP,
        "label_width": LABEL_WIDTH,
        "label_end": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "bar_area": BAR_AREA,
    }


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("aar", "")
    return int(raw) if raw.isdigit() and int(raw) in years else None


@login_required
@require_GET
def satisfaction_overview(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    user = request.user
    years = satisfaction.years(user)
    year = _year(request, years)
    houses = satisfaction.runs_by_house_and_year(user, year)
    context = {
        "years": years,
        "year": year,
        "query": f"aar={year}" if year else "",
        "satisfied_from": SATISFIED_FROM,
        "run_total": satisfaction.total(satisfaction.run_responses(user, year)),
        "mapping_total": satisfaction.total(satisfaction.mapping_responses(user, year)),
        "houses": houses,
        "chart": chart(houses),
        "programmes": satisfaction.by_programme(user, year),
        "runs": satisfaction.by_run(
            user, year, page=page_number(request.GET.get("side")), size=RUNS_PER_PAGE
        ),
        "mappings": satisfaction.mappings_by_house_and_year(user, year),
        "may_publish": may_publish(user),
    }
    return render(request, "programmes/satisfaction.html", context)


def _versions() -> dict[str, list[SurveyVersion]]:
    versions = (
        SurveyVersion.objects.select_related("created_by")
        .prefetch_related(
            Prefetch("questions", queryset=SurveyQuestion.objects.order_by("order", "pk"))
        )
        .annotate(answers=Count("responses"))
        .order_by("kind", "-number")
    )
    grouped: dict[str, list[SurveyVersion]] = {kind: [] for kind in SurveyKind.values}
    for version in versions:
        grouped[version.kind].append(version)
    return grouped


@login_required
@require_http_methods(["GET", "POST"])
def survey_versions(request: HttpRequest) -> HttpResponse:
    """The questions of each survey, version by version; the national administrator
    publishes the next version (prefilled with the one in force)."""
    require_reader(request)
    publisher = may_publish(request.user)
    if request.method == "POST" and not publisher:
        raise PermissionDenied
    grouped = _versions()
    posted_kind = request.POST.get("kind") if request.method == "POST" else None
    if posted_kind is not None and posted_kind not in SurveyKind.values:
        posted_kind = None
    status = 200
    forms: dict[str, PublishForm] = {}
    for kind in SurveyKind.values:
        if not publisher:
            continue
        if kind == posted_kind:
            forms[kind] = PublishForm(request.POST, prefix=kind)
        else:
            in_force = grouped[kind][0].questions.all() if grouped[kind] else []
            forms[kind] = PublishForm(prefix=kind, initial=PublishForm.initial_from(list(in_force)))
    if posted_kind is not None:
        form = forms[posted_kind]
        if form.is_valid():
            try:
                version = publish_survey_version(
                    actor=request.user, kind=posted_kind, questions=form.questions()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s af spørgeskemaet er udgivet og stilles fra nu af.")
                    % {"number": version.number},
                )
                return redirect("programmes:survey_versions")
        status = 400
    sections = [
        {"kind": kind, "label": label, "versions": grouped[kind], "form": forms.get(kind)}
        for kind, label in SurveyKind.choices
    ]
    context = {"sections": sections, "may_publish": publisher}
    return render(request, "programmes/survey_versions.html", context, status=status)
