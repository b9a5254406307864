"""Inline editing of a plan's goals, milestones and actions (htmx). Every form carries the
revision the editor started from; a stale one is refused by the services, shown as an alert,
and changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from vaekst.growthplans import selectors, services
from vaekst.growthplans.forms import ActionForm, GoalForm, MilestoneForm, RemoveForm
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanGoal, PlanMilestone
from vaekst.growthplans.plan_rows import row_anchor
from vaekst.growthplans.services import StaleRevision
from vaekst.growthplans.views_common import (
    errors_into_form,
    form_errors,
    is_htmx,
    require_staff,
)
from vaekst.growthplans.views_plans import action_choices, respond
from vaekst.organisations.scoping import get_visible_or_404


@dataclass(frozen=True)
class Kind:
    """How one kind of plan item is edited."""

    model: type[Model]
    form: type[Any]
    label: Any
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    item_arg: str
    fields: tuple[str, ...]


KINDS = {
    "maal": Kind(
        PlanGoal,
        GoalForm,
        gettext_lazy("Målet"),
        services.add_goal,
        services.update_goal,
        services.remove_goal,
        "goal",
        ("metric", "description", "baseline_value", "target_value", "target_date"),
    ),
    "milepaele": Kind(
        PlanMilestone,
        MilestoneForm,
        gettext_lazy("Milepælen"),
        services.add_milestone,
        services.update_milestone,
        services.remove_milestone,
        "milestone",
        ("title", "criterion", "due_on", "status"),
    ),
    "aktiviteter": Kind(
        PlanAction,
        ActionForm,
        gettext_lazy("Aktiviteten"),
        services.add_action,
        services.update_action,
        services.remove_action,
        "action",
        (
            "title",
            "owner_kind",
            "owner_organisation",
            "owner_person",
            "due_on",
            "status",
            "offer",
            "milestone",
        ),
    ),
}


def _kind(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise PermissionDenied from None


# The heading of each kind's table: where the focus goes when one of its rows is removed.
SECTIONS = {"maal": "goals", "milepaele": "milestones", "aktiviteter": "actions"}

# The add form and each open edit row are on the page at once: the field names share the
# kind's prefix (what the views read), the ids get one of their own so none is used twice.
ADD_AUTO_ID = "id_add-%s"


def edit_auto_id(item: Any) -> str:
    return f"id_{item.public_id.hex[:12]}-%s"


def _form(request: HttpRequest, plan: GrowthPlan, kind: Kind, data: Any = None, **kw: Any) -> Any:
    extra = action_choices(request, plan) if kind.form is ActionForm else {}
    return kind.form(data, prefix=kind.item_arg, **extra, **kw)


def _invalid_add(
    request: HttpRequest, plan: GrowthPlan, kind: str, form: Any, base: str
) -> HttpResponse:
    """The add form again, open, with what was typed and each error at its field: htmx
    swaps it into the form's own place; without htmx, the page with the form open."""
    if not is_htmx(request):
        return respond(request, plan, form_error=form_errors(form), forms={kind: form})
    context = {"plan": plan, "form": form, "kind": kind, "base": base}
    response = render(request, "growthplans/_add_form_body.html", context)
    return reswap(retarget(response, f"#add-{kind}"), "innerHTML")


def _invalid_edit(
    request: HttpRequest, plan: GrowthPlan, kind: str, item: Any, form: Any
) -> HttpResponse:
    """The edit row again, with what was typed and each error at its field."""
    if not is_htmx(request):
        return respond(request, plan, form_error=form_errors(form))
    context = {"plan": plan, "item": item, "form": form, "kind": kind}
    response = render(request, "growthplans/_item_form.html", context)
    return reswap(retarget(response, f"#edit-{item.public_id}"), "outerHTML")


def _add_form(
    request: HttpRequest, plan: GrowthPlan, kind: Kind, data: Any = None, **kw: Any
) -> Any:
    """The add form has no status (a new item starts planned/open; it is set by editing),
    so the form does not ask for one."""
    form = _form(request, plan, kind, data, **kw)
    form.fields.pop("status", None)
    return form


def _item(request: HttpRequest, plan: GrowthPlan, kind: Kind, item_id: UUID) -> Any:
    queryset = kind.model.objects.filter(plan=plan)  # type: ignore[attr-defined]
    return get_visible_or_404(request.user, queryset, public_id=item_id)


def _add_arguments(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """What the add service takes: status is set by editing, and empty values are left
    out so the service's defaults (e.g. the register's baseline) apply."""
    data.pop("status", None)
    if kind.model is PlanGoal and data.get("baseline_value") is None:
        data.pop("baseline_value", None)
    return data


def _plan_for_edit(request: HttpRequest, public_id: UUID) -> GrowthPlan:
    plan = selectors.get_plan(request.user, public_id)
    require_staff(request, plan.company)
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    """GET: the add form (with the revision the page was opened at); POST: add."""
    spec = _kind(kind)
    plan = _plan_for_edit(request, public_id)
    base = reverse("growthplans:plan_detail", args=[plan.public_id])
    if request.method == "GET":
        revision = request.GET.get("revision", "")
        initial = {"revision": int(revision) if revision.isdigit() else plan.revision}
        form = _add_form(request, plan, spec, initial=initial, auto_id=ADD_AUTO_ID)
        context = {"plan": plan, "form": form, "kind": kind, "base": base}
        return render(request, "growthplans/_add_form_body.html", context)
    form = _add_form(request, plan, spec, request.POST, auto_id=ADD_AUTO_ID)
    if not form.is_valid():
        return _invalid_add(request, plan, kind, form, base)
    data = dict(form.cleaned_data)
    revision = data.pop("revision")
    try:
        added = spec.add(
            actor=request.user, plan=plan, expected_revision=revision, **_add_arguments(spec, data)
        )
    except ValidationError as refusal:
        return _invalid_add(request, plan, kind, errors_into_form(form, refusal), base)
    except (PermissionDenied, StaleRevision) as refusal:
        return respond(request, plan, error=refusal)
    done = _("%(item)s er tilføjet.") % {"item": spec.label}
    return respond(request, plan, done=done, focus=row_anchor(added))


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, public_id: UUID, kind: str, item_id: UUID) -> HttpResponse:
    """GET: the inline form (with the revision the page was opened at); POST: save."""
    spec = _kind(kind)
    plan = _plan_for_edit(request, public_id)
    item = _item(request, plan, spec, item_id)
    if request.method == "GET":
        revision = request.GET.get("revision", "")
        initial = {name: getattr(item, name) for name in spec.fields}
        initial["revision"] = int(revision) if revision.isdigit() else plan.revision
        form = _form(request, plan, spec, initial=initial, auto_id=edit_auto_id(item))
        context = {"plan": plan, "item": item, "form": form, "kind": kind}
        return render(request, "growthplans/_item_form.html", context)
    form = _form(request, plan, spec, request.POST, auto_id=edit_auto_id(item))
    if not form.is_valid():
        return _invalid_edit(request, plan, kind, item, form)
    data = dict(form.cleaned_data)
    revision = data.pop("revision")
    override = data.pop("override_reason", "")
    if spec.model is PlanAction:
        data["override_reason"] = override
    if spec.model is PlanGoal:
        data["baseline_source"] = (
            item.baseline_source if data["baseline_value"] == item.baseline_value else "manual"
        )
    try:
        spec.update(actor=request.user, expected_revision=revision, **{spec.item_arg: item}, **data)
    except ValidationError as refusal:
        return _invalid_edit(request, plan, kind, item, errors_into_form(form, refusal))
    except (PermissionDenied, StaleRevision) as refusal:
        return respond(request, plan, error=refusal)
    done = _("%(item)s er gemt.") % {"item": spec.label}
    return respond(request, plan, done=done, focus=row_anchor(item))


@login_required
@require_POST
def item_remove(request: HttpRequest, public_id: UUID, kind: str, item_id: UUID) -> HttpResponse:
    spec = _kind(kind)
    plan = _plan_for_edit(request, public_id)
    item = _item(request, plan, spec, item_id)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        return respond(request, plan, form_error=form_errors(form))
    try:
        spec.remove(
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            **{spec.item_arg: item},
        )
    except (ValidationError, PermissionDenied, StaleRevision) as refusal:
        return respond(request, plan, error=refusal)
    done = _("%(item)s er fjernet.") % {"item": spec.label}
    return respond(request, plan, done=done, focus=SECTIONS[kind])


@login_required
@require_GET
def item_cancel(request: HttpRequest, public_id: UUID, kind: str, item_id: UUID) -> HttpResponse:
    """Closing an inline form: nothing to render in its place. Scoped like the form it
    closes: 404 for a plan or item the user cannot see or that does not exist."""
    spec = _kind(kind)
    plan = _plan_for_edit(request, public_id)
    _item(request, plan, spec, item_id)
    return HttpResponse("")
