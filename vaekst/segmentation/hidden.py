"""Hidden potential: firms below the top levels whose predicted chance of high growth is in
the top decile of their area, and that nobody has contacted in the last twelve months —
the outreach candidates of a house or municipality."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.interactions.models import Interaction
from vaekst.organisations.scoping import visible_to
from vaekst.segmentation.models import CompanyScore

NO_CONTACT_DAYS = 365


@dataclass(frozen=True)
class HiddenPotential:
    threshold: float | None
    scored: int
    candidates: QuerySet[CompanyScore]


def _area(queryset: QuerySet[CompanyScore], region: int | None, municipality: int | None):
    if municipality is not None:
        return queryset.filter(company__municipality_id=municipality)
    if region is not None:
        return queryset.filter(company__region_id=region)
    return queryset


def hidden_potential(
    user: Any,
    *,
    region: int | None = None,
    municipality: int | None = None,
    top_levels: int = 1,
    today: datetime.date | None = None,
) -> HiddenPotential:
    """The candidates in the user's scope, narrowed to a region or municipality."""
    today = today or timezone.localdate()
    predicted = _area(
        visible_to(user, CompanyScore.objects.all()).filter(
            company__is_active=True, predicted_high_growth__isnull=False
        ),
        region,
        municipality,
    )
    scored = predicted.count()
    if scored == 0:
        return HiddenPotential(None, 0, predicted.none())
    # The top decile's lower bound: the value at position n/10 from the top.
    threshold = predicted.order_by("-predicted_high_growth").values_list(
        "predicted_high_growth", flat=True
    )[max(0, scored // 10 - 1)]
    recent_contact = Interaction.objects.filter(
        company_id=OuterRef("company_id"),
        occurred_on__gte=today - datetime.timedelta(days=NO_CONTACT_DAYS),
    )
    candidates = (
        predicted.filter(level_rank__gt=top_levels, predicted_high_growth__gte=threshold)
        .exclude(Exists(recent_contact))
        .select_related("company__municipality")
        .order_by("-predicted_high_growth", "company__name")
    )
    return HiddenPotential(threshold, scored, candidates)


def to_excel(candidates: QuerySet[CompanyScore], title: str) -> bytes:
    """The candidate list as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Skjult potentiale")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        _("CVR-nummer"),
        _("Navn"),
        _("Kommune"),
        _("Niveau"),
        _("Forudsagt chance for høj vækst"),
        _("Ansatte"),
        _("Vækst i ansatte, 3 år (årlig)"),
        _("Branche"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for score in candidates.iterator(chunk_size=2000):
        company = score.company
        sheet.append(
            [
                company.cvr_display,
                company.name,
                company.municipality.name if company.municipality else "",
                score.level_key,
                round(score.predicted_high_growth or 0, 4),
                score.indicators.get("employees"),
                score.indicators.get("employee_growth_3y"),
                company.main_industry_text,
            ]
        )
    for column, width in zip("ABCDEFGH", [12, 40, 18, 14, 14, 10, 14, 40], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
