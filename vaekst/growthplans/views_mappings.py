"""Growth mapping pages: start a session, fill it in (status 1-5, priority and note per
focus area, the region's questions, the ambition), complete it, compare it with the previous
mapping (radar chart and table), and turn it into a plan."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vaekst.growthplans import selectors, services
from vaekst.growthplans.choices import AnswerKind, Priority
from vaekst.growthplans.forms import MappingDetailsForm, MappingStartForm
from vaekst.growthplans.models import (
    Mapping,
    MappingAnswer,
    MappingFocusArea,
    RegionalAnswer,
    RegionalQuestion,
)
from vaekst.growthplans.views_common import error_status, error_text, require_staff
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.organisations.scoping import visible_to
from vaekst.register.selectors import find_company

STATUSES = [1, 2, 3, 4, 5]
YES_NO_LABELS = {
    services.mappings.YES: gettext_lazy("Ja"),
    services.mappings.NO: gettext_lazy("Nej"),
}


def _partners() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_active=True).order_by(
        "name"
    )


@login_required
@require_http_methods(["GET", "POST"])
def mapping_start(request: HttpRequest, cvr: int) -> HttpResponse:
    company = find_company(request.user, cvr)
    require_staff(request, company)
    form = MappingStartForm(request.POST or None, initial={"held_on": timezone.localdate()})
    status = 200
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                mapping = services.start_mapping(
                    actor=request.user, company=company, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as refusal:
                error, status = error_text(refusal), error_status(refusal)
            else:
                return redirect("growthplans:mapping_detail", public_id=mapping.public_id)
        else:
            status = 400
    context = {"company": company, "form": form, "error": error}
    return render(request, "growthplans/mapping_start.html", context, status=status)


def _rows(mapping: Mapping, posted: Any = None) -> list[dict[str, Any]]:
    """The template's areas with their focus areas and this mapping's answers (or what was
    just posted, when the form is shown again with an error)."""
    answers = {a.focus_area_id: a for a in MappingAnswer.objects.filter(mapping=mapping)}
    areas: list[dict[str, Any]] = []
    focus_areas = MappingFocusArea.objects.filter(area__template_id=mapping.template_id)
    for focus in focus_areas.select_related("area").order_by("area__order", "order"):
        if not areas or areas[-1]["area"].pk != focus.area_id:
            areas.append({"area": focus.area, "focus_areas": []})
        answer = answers.get(focus.pk)
        row = {
            "focus": focus,
            "status": answer.status if answer else None,
            "priority": answer.priority if answer else "",
            "note": answer.note if answer else "",
        }
        if posted is not None:
            raw = posted.get(f"status-{focus.key}", "")
            row["status"] = int(raw) if raw.isdigit() else None
            row["priority"] = posted.get(f"priority-{focus.key}", "")
            row["note"] = posted.get(f"note-{focus.key}", "")
        areas[-1]["focus_areas"].append(row)
    return areas


def _questions(
    mapping: Mapping, posted: Any = None, errors: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """The region's questions with the value to show in the input (posted or stored), the
    answer as read, and any error."""
    region_id = getattr(mapping.company.municipality, "region_id", None)
    questions = RegionalQuestion.objects.filter(
        template_id=mapping.template_id, is_active=True, region_id=region_id or -1
    ).order_by("order")
    values = {
        answer.question_id: answer.value
        for answer in RegionalAnswer.objects.filter(mapping=mapping)
    }
    rows = []
    for question in questions:
        stored = values.get(question.pk, "")
        value = posted.get(f"q-{question.key}", "") if posted is not None else stored
        rows.append(
            {
                "question": question,
                "value": value,
                "shown": _shown_answer(question, stored),
                "error": " ".join((errors or {}).get(question.key, [])),
            }
        )
    return rows


def _shown_answer(question: RegionalQuestion, value: str) -> str:
    if question.answer_kind == AnswerKind.YES_NO and value in YES_NO_LABELS:
        return str(YES_NO_LABELS[value])
    if question.answer_kind == AnswerKind.SCALE and value:
        return _("%(value)s af 5") % {"value": value}
    return value


def _comparison(mapping: Mapping) -> dict[str, Any]:
    rows = selectors.mapping_comparison(mapping)
    previous = selectors.previous_mapping(mapping)
    chart: dict[str, Any] = {
        "labels": [row.focus_area for row in rows],
        "datasets": [
            {
                "label": _("Nu") + f" ({date_format(mapping.held_on, 'SHORT_DATE_FORMAT')})",
                "data": [r.current for r in rows],
            }
        ],
    }
    if previous is not None:
        chart["datasets"].append(
            {
                "label": _("Forrige") + f" ({date_format(previous.held_on, 'SHORT_DATE_FORMAT')})",
                "data": [r.previous for r in rows],
            }
        )
    return {"rows": rows, "previous": previous, "chart": chart}


def _details_initial(mapping: Mapping) -> dict[str, Any]:
    fields = services.mappings.DETAIL_FIELDS
    initial = {name: getattr(mapping, name) for name in fields}
    initial["actors"] = list(mapping.actors.values_list("pk", flat=True))
    return initial


def _answers(posted: Any, rows: list[dict[str, Any]]) -> list[services.AnswerInput]:
    inputs = []
    for area in rows:
        for row in area["focus_areas"]:
            key = row["focus"].key
            raw = posted.get(f"status-{key}", "")
            status = int(raw) if raw in {"1", "2", "3", "4", "5"} else None
            priority = posted.get(f"priority-{key}", "")
            if priority not in Priority.values:
                priority = ""
            inputs.append(
                services.AnswerInput(key, status, priority, posted.get(f"note-{key}", "").strip())
            )
    return inputs


@login_required
@require_http_methods(["GET", "POST"])
def mapping_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The mapping: editable while a draft (save or complete), else read with the radar."""
    mapping = selectors.get_mapping(request.user, public_id)
    company = find_company(request.user, mapping.company.cvr)
    require_staff(request, company)
    mapping.company = company
    posted = request.POST if request.method == "POST" else None
    form = MappingDetailsForm(
        posted, initial=_details_initial(mapping), partners=_partners(), prefix="m"
    )
    error, status = "", 200
    question_errors: dict[str, list[str]] = {}
    if posted is not None:
        rows = _rows(mapping)
        if not form.is_valid():
            error, status = _("Ret fejlene i formularen."), 400
        else:
            data = dict(form.cleaned_data)
            actors = data.pop("actors")
            questions = {q["question"].key: q["question"] for q in _questions(mapping)}
            regional = {key: posted.get(f"q-{key}", "").strip() for key in questions}
            try:
                services.mappings.clean_regional_answers(questions, regional)
            except ValidationError as refusal:
                question_errors = refusal.message_dict
                error, status = error_text(refusal), 400
        if not error:
            try:
                with transaction.atomic():
                    services.update_mapping(
                        actor=request.user, mapping=mapping, actors=actors, **data
                    )
                    services.record_answers(
                        actor=request.user,
                        mapping=mapping,
                        answers=_answers(posted, rows),
                        regional_answers=regional,
                    )
                    if "complete" in posted:
                        services.complete_mapping(actor=request.user, mapping=mapping)
            except (ValidationError, PermissionDenied) as refusal:
                error, status = error_text(refusal), error_status(refusal)
            else:
                done = _("Kortlægningen er afsluttet.") if "complete" in posted else _("Gemt.")
                messages.success(request, done)
                return redirect("growthplans:mapping_detail", public_id=mapping.public_id)
    mapping = selectors.get_mapping(request.user, public_id)
    mapping.company = company
    context = {
        "mapping": mapping,
        "company": company,
        "form": form,
        "areas": _rows(mapping, posted if error else None),
        "questions": _questions(mapping, posted if error else None, question_errors),
        "statuses": STATUSES,
        "yes_no": list(YES_NO_LABELS.items()),
        "priorities": Priority.choices,
        "editable": not mapping.is_completed,
        "comparison": _comparison(mapping),
        "actors": list(mapping.actors.all()),
        "plans": list(visible_to(request.user, mapping.plans.all())),
        "error": error,
    }
    return render(request, "growthplans/mapping_detail.html", context, status=status)


@login_required
@require_POST
def plan_from_mapping(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mapping = selectors.get_mapping(request.user, public_id)
    require_staff(request, mapping.company)
    try:
        plan = services.create_plan_from_mapping(
            actor=request.user, mapping=mapping, title=request.POST.get("title", "").strip()
        )
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, error_text(refusal))
        return redirect("growthplans:mapping_detail", public_id=mapping.public_id)
    messages.success(request, _("Vækstplanen er oprettet."))
    return redirect("growthplans:plan_detail", public_id=plan.public_id)
