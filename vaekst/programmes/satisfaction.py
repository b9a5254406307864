"""The satisfaction share, the measure the houses' results contracts use: of the firms that
answered, how many were satisfied or very satisfied overall (at least SATISFIED_FROM on the
1–5 scale). Per run, per programme, per organiser house (a municipality's runs count under
its region's house) and per year (the year of the answer); and for growth mappings per house
and year. Only over the runs and mappings the user may see; every figure is counted in the
database, one query per table.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from vaekst.growthplans.models import Mapping
from vaekst.lib.paging import Page, paginate
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import visible_to
from vaekst.programmes.choices import SATISFIED_FROM
from vaekst.programmes.models import Programme, ProgrammeRun, SurveyResponse


@dataclass(frozen=True)
class Share:
    """How many answered, and how many of them were satisfied."""

    answers: int
    satisfied: int

    @property
    def percent(self) -> float | None:
        """The share satisfied in per cent, or None when nobody answered."""
        if not self.answers:
            return None
        return self.satisfied * 100 / self.answers


@dataclass(frozen=True)
class ShareRow:
    """One line of a table of shares: what it is about, and for which year (if split so)."""

    label: str
    share: Share
    year: int | None = None
    public_id: Any = None
    detail: str = ""


COUNTS = {
    "answers": Count("pk"),
    "satisfied": Count("pk", filter=Q(overall__gte=SATISFIED_FROM)),
}
RUN_HOUSE = Coalesce(F("run__organiser__region_id"), F("run__organiser__municipality__region_id"))
MAPPING_HOUSE = Coalesce(
    F("mapping__organisation__region_id"), F("mapping__organisation__municipality__region_id")
)


def may_read(user: Any) -> bool:
    """The figures are for staff (caseworkers and the national administrator); a firm's user
    sees its own answers in the portal, not other firms' in sum."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_caseworker or user.is_national_admin)
    )


def run_responses(user: Any, year: int | None = None) -> QuerySet[SurveyResponse]:
    """Answers after the runs `user` may see."""
    if not may_read(user):
        return SurveyResponse.objects.none()
    runs = visible_to(user, ProgrammeRun.objects.all())
    responses = SurveyResponse.objects.filter(run__in=runs.values("pk"))
    return responses.filter(answered_at__year=year) if year else responses


def mapping_responses(user: Any, year: int | None = None) -> QuerySet[SurveyResponse]:
    """Answers after the growth mappings `user` may see."""
    if not may_read(user):
        return SurveyResponse.objects.none()
    mappings = visible_to(user, Mapping.objects.all())
    responses = SurveyResponse.objects.filter(mapping__in=mappings.values("pk"))
    return responses.filter(answered_at__year=year) if year else responses


def _share(values: Any) -> Share:
    return Share(answers=values["answers"] or 0, satisfied=values["satisfied"] or 0)


def total(responses: QuerySet[SurveyResponse]) -> Share:
    return _share(responses.aggregate(**COUNTS))


def run_satisfaction(run: ProgrammeRun) -> Share:
    """The share satisfied after one run (for the run's page; the caller has checked that the
    user may see the run)."""
    return total(SurveyResponse.objects.filter(run=run))


def years(user: Any) -> list[int]:
    """The years in which the firms answered, newest first, over what `user` may see."""
    if not may_read(user):
        return []
    runs = visible_to(user, ProgrammeRun.objects.all()).values("pk")
    mappings = visible_to(user, Mapping.objects.all()).values("pk")
    found = (
        SurveyResponse.objects.filter(Q(run__in=runs) | Q(mapping__in=mappings))
        .annotate(year=ExtractYear("answered_at"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(found), reverse=True)


def _houses(region_codes: Iterable[int | None]) -> dict[int, str]:
    codes = {code for code in region_codes if code is not None}
    houses = Organisation.objects.filter(kind=OrganisationKind.GROWTH_HOUSE, region_id__in=codes)
    return {house.region_id: house.name for house in houses if house.region_id is not None}


def _by_house_and_year(responses: QuerySet[SurveyResponse], house: Any) -> list[ShareRow]:
    counted = list(
        responses.annotate(house=house, year=ExtractYear("answered_at"))
        .values("house", "year")
        .annotate(**COUNTS)
        .order_by("house", "-year")
    )
    names = _houses(row["house"] for row in counted)
    rows = [
        ShareRow(label=names.get(row["house"], "–"), share=_share(row), year=row["year"])
        for row in counted
    ]
    return sorted(rows, key=lambda row: (row.label, -(row.year or 0)))


def runs_by_house_and_year(user: Any, year: int | None = None) -> list[ShareRow]:
    return _by_house_and_year(run_responses(user, year), RUN_HOUSE)


def mappings_by_house_and_year(user: Any, year: int | None = None) -> list[ShareRow]:
    return _by_house_and_year(mapping_responses(user, year), MAPPING_HOUSE)


def by_programme(user: Any, year: int | None = None) -> list[ShareRow]:
    counted = list(
        run_responses(user, year)
        .values("run__programme_id")
        .annotate(**COUNTS)
        .order_by("run__programme_id")
    )
    programmes = Programme.objects.select_related("offer").in_bulk(
        [row["run__programme_id"] for row in counted]
    )
    rows = [
        ShareRow(
            label=programmes[row["run__programme_id"]].offer.shown_title,
            share=_share(row),
            detail=programmes[row["run__programme_id"]].get_format_display(),
        )
        for row in counted
    ]
    return sorted(rows, key=lambda row: row.label)


def by_run(user: Any, year: int | None = None, *, page: int = 1, size: int = 50) -> Page[ShareRow]:
    """A page of runs with answers, newest run first."""
    counted = (
        run_responses(user, year)
        .values("run_id", "run__public_id", "run__title", "run__organiser__name", "run__created_at")
        .annotate(**COUNTS)
        .order_by("-run__created_at", "run_id")
    )
    found = paginate(counted, number=page, size=size)
    rows = [
        ShareRow(
            label=row["run__title"],
            share=_share(row),
            public_id=row["run__public_id"],
            detail=row["run__organiser__name"],
        )
        for row in found.items
    ]
    return Page(items=rows, number=found.number, size=found.size, has_next=found.has_next)
