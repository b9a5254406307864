"""A programme as an action in the growth plan: on an action whose offer is a programme,
the plan page shows the firm's enrolment on a run of it, or a "Tilmeld hold" form with the
open runs of the firm's region (for the firm's own users and the caseworkers serving it)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vaekst.growthplans.action_extras import ActionExtra, register_action_extras
from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.offers.services import may_serve
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import visible_to
from vaekst.programmes.choices import EnrolmentStatus
from vaekst.programmes.forms_plan import PlanEnrolForm
from vaekst.programmes.models import Enrolment, Programme, ProgrammeRun, RunSession
from vaekst.programmes.participation import counted
from vaekst.programmes.scoping import organised_in
from vaekst.programmes.services.enrolment import is_member
from vaekst.register.models import Company


@dataclass(frozen=True)
class Enrolling:
    """What the user may do for the firm from its plan."""

    may_enrol: bool
    may_override: bool


def enrolling(user: Any, company: Company) -> Enrolling:
    """The firm's own users enrol it; the caseworkers serving it too, with overrides."""
    if getattr(user, "role", None) == Role.COMPANY_USER:
        return Enrolling(may_enrol=is_member(user, company), may_override=False)
    serving = may_serve(user, company)
    return Enrolling(may_enrol=serving, may_override=serving)


def open_runs(
    user: Any, company: Company, offer_ids: set[int], day: datetime.date
) -> QuerySet[ProgrammeRun]:
    """Runs of the offers' programmes the firm may join today: open, deadline not passed,
    organised in the firm's region, not already joined; each with `enrolled` (places taken)
    and `first_session`: one query."""
    if company.region_id is None:
        return ProgrammeRun.objects.none()
    joined = Enrolment.objects.active().filter(company=company).values("run_id")
    return (
        visible_to(user, ProgrammeRun.objects.open_for_enrolment(day))
        .filter(organised_in(company.region_id), programme__offer_id__in=offer_ids)
        .exclude(pk__in=joined)
        .select_related("programme", "organiser")
        .annotate(
            enrolled=counted(
                Enrolment.objects.filter(run=OuterRef("pk"), status=EnrolmentStatus.ENROLLED),
                "run",
            ),
            first_session=Subquery(
                RunSession.objects.filter(run=OuterRef("pk"))
                .values("run")
                .annotate(first=Min("starts_at"))
                .values("first"),
            ),
        )
        .order_by("first_session", "title")
    )


def run_label(run: ProgrammeRun) -> str:
    parts = [run.title, str(run.organiser)]
    first = getattr(run, "first_session", None)
    if first is not None:
        parts.append(_("starter %(day)s") % {"day": date_format(timezone.localdate(first))})
    free = run.capacity - getattr(run, "enrolled", 0)
    if free > 0:
        parts.append(
            _("%(free)s af %(capacity)s pladser ledige") % {"free": free, "capacity": run.capacity}
        )
    else:
        parts.append(_("fuldt, venteliste"))
    return " · ".join(parts)


def enrolment_shown(
    enrolment: Enrolment, statuses: dict[str, str], *, link: bool
) -> dict[str, str]:
    """The firm's enrolment on the action; linked to the run's page for staff (a firm's
    user follows its runs in the portal)."""
    return {
        "run": enrolment.run.title,
        "status": statuses.get(enrolment.status, enrolment.status),
        "url": reverse("programmes:run_detail", args=[enrolment.run.public_id]) if link else "",
    }


@register_action_extras
def programme_on_action(
    request: HttpRequest, plan: GrowthPlan, actions: list[PlanAction]
) -> dict[int, ActionExtra]:
    """Nothing (and no query) for a plan without offers; else a fixed number of queries
    (the programmes, the firm's enrolments, who may enrol, the open runs), whatever the
    number of actions and runs."""
    offer_ids = {action.offer_id for action in actions if action.offer_id is not None}
    if not offer_ids:
        return {}
    programmes = set(
        Programme.objects.filter(offer_id__in=offer_ids).values_list("offer_id", flat=True)
    )
    if not programmes:
        return {}
    user = request.user
    company = plan.company
    enrolments: dict[int, list[Enrolment]] = {}
    for enrolment in visible_to(
        user,
        Enrolment.objects.active()
        .filter(company=company, run__programme__offer_id__in=programmes)
        .select_related("run__programme")
        .order_by("-created_at"),
    ):
        enrolments.setdefault(enrolment.run.programme.offer_id, []).append(enrolment)
    who = enrolling(user, company) if plan.is_active else Enrolling(False, False)
    runs: dict[int, list[tuple[str, str]]] = {}
    if who.may_enrol:
        for run in open_runs(user, company, programmes, timezone.localdate()):
            runs.setdefault(run.programme.offer_id, []).append((str(run.public_id), run_label(run)))
    statuses = {value: str(label) for value, label in EnrolmentStatus.choices}
    extras: dict[int, ActionExtra] = {}
    for action in actions:
        if action.offer_id not in programmes:
            continue
        # The enrolment made from this very action first, else the latest on the programme.
        on_runs = sorted(
            enrolments.get(action.offer_id or 0, []), key=lambda e: e.plan_action_id != action.pk
        )
        offered = runs.get(action.offer_id or 0, [])
        form = None
        if who.may_enrol and not on_runs and offered:
            form = PlanEnrolForm(
                runs=offered, may_override=who.may_override, prefix=f"enrol-{action.public_id}"
            )
        extras[action.pk] = ActionExtra(
            template_name="programmes/_plan_action.html",
            context={
                "enrolment": enrolment_shown(
                    on_runs[0], statuses, link=getattr(user, "role", "") != Role.COMPANY_USER
                )
                if on_runs
                else None,
                "form": form,
                "may_enrol": who.may_enrol,
                "url": reverse("programmes:plan_enrol", args=[action.public_id]),
            },
            settles_offer=bool(on_runs),
        )
    return extras
