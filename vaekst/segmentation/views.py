"""The level configuration: the levels in force with their nuances, the rule-set versions,
and the draft workflow (edit, preview, publish) for those allowed to edit a scope."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.lib.http import announce
from vaekst.segmentation import services
from vaekst.segmentation.choices import RuleSetScope
from vaekst.segmentation.forms import (
    CriterionForm,
    DraftForm,
    LabelForm,
    LevelForm,
    NoteForm,
    PublishForm,
    ThresholdForm,
)
from vaekst.segmentation.models import Criterion, RuleSet
from vaekst.segmentation.preview import preview
from vaekst.segmentation.rules import resolve
from vaekst.segmentation.selectors import (
    editable_scope,
    get_rule_set,
    level_configuration,
    level_names,
    may_read_levels,
    rule_set_versions,
    rules_in_force,
)


def require_staff(request: HttpRequest) -> None:
    """Level pages are for staff; firms' users and partners are refused."""
    if not may_read_levels(request.user):
        raise PermissionDenied


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("Du har ikke adgang til at gøre dette.")


@login_required
@require_GET
def level_configuration_view(request: HttpRequest) -> HttpResponse:
    """The levels in force for the user's place, the nuances, and the versions."""
    require_staff(request)
    return _levels_page(request)


def _levels_page(request: HttpRequest, draft_form: DraftForm | None = None) -> HttpResponse:
    """The levels page; with a bound draft form that did not validate, the form again with
    what was typed and its errors at the fields (status 400)."""
    try:
        configuration = level_configuration(request.user)
    except LookupError:
        configuration = None
    scope = editable_scope(request.user)
    if draft_form is None and scope:
        draft_form = DraftForm(initial={"effective_from": timezone.localdate()})
    context = {
        "configuration": configuration,
        "versions": list(rule_set_versions(request.user)),
        "editable_scope": scope,
        "draft_form": draft_form if scope else None,
    }
    status = 400 if draft_form is not None and draft_form.is_bound else 200
    return render(request, "segmentation/levels.html", context, status=status)


@login_required
@require_POST
def draft_create(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    scope = editable_scope(request.user)
    if scope is None:
        raise PermissionDenied
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _levels_page(request, draft_form=form)
    kind, region, municipality = scope
    try:
        draft = services.create_draft(
            actor=request.user,
            scope=kind,
            region=region,
            municipality=municipality,
            effective_from=form.cleaned_data["effective_from"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("segmentation:levels")
    messages.success(request, _("Kladden er oprettet."))
    return redirect("segmentation:rule_set_detail", public_id=draft.public_id)


def _national_for(rule_set: RuleSet) -> RuleSet:
    if rule_set.scope == RuleSetScope.NATIONAL:
        return rule_set
    return rules_in_force(rule_set.effective_from).national


def editor_context(request: HttpRequest, rule_set: RuleSet, **extra: Any) -> dict[str, Any]:
    """Everything the rule-set page and its editor fragment show. A form in `extra` that did
    not validate (`criterion_form`, `level_form`, `note_form`, `publish_form`, or a row's
    `threshold_form` or `label_form`) is shown instead of the empty one, with what was typed
    and its errors at its fields."""
    user = request.user
    threshold_form = extra.pop("threshold_form", None)
    label_form = extra.pop("label_form", None)
    label_key = label_form["level_key"].value() if label_form is not None else None
    can_edit = rule_set.is_draft and services.can_edit_scope(
        user, rule_set.scope, rule_set.region_id, rule_set.municipality_id
    )
    national = _national_for(rule_set)
    levels = list(national.levels.order_by("rank"))
    level_choices = [(level.key, f"{level.rank}. {level.shown_internal_name}") for level in levels]
    criteria = list(rule_set.criteria.order_by("level_key", "group", "indicator", "id"))
    rank = {level.key: level.rank for level in levels}
    criteria.sort(key=lambda c: (rank.get(c.level_key, 99), c.group, c.id))
    labels = {label.level_key: label.external_name for label in rule_set.labels.all()}
    # What this version changes relative to the national rules underneath (for nuances).
    inherited = {c.match_key: c.value for c in resolve(national).criteria}
    rows = [
        {
            "criterion": criterion,
            "replaces": inherited.get(criterion.match_key)
            if rule_set.scope != RuleSetScope.NATIONAL
            else None,
            "form": threshold_form
            if threshold_form is not None and threshold_form.prefix == f"c{criterion.pk}"
            else ThresholdForm(
                initial={"value": _as_text(criterion.value)},
                prefix=f"c{criterion.pk}",
            ),
        }
        for criterion in criteria
    ]
    context: dict[str, Any] = {
        "rule_set": rule_set,
        "can_edit": can_edit,
        "is_national": rule_set.scope == RuleSetScope.NATIONAL,
        "levels": levels,
        "level_names": {level.key: level.shown_internal_name for level in levels},
        "rows": rows,
        "labels": [
            {
                "level": level,
                "label": labels.get(level.key, ""),
                "form": label_form if label_key == level.key else None,
            }
            for level in levels
        ],
        "criterion_form": CriterionForm(levels=level_choices) if can_edit else None,
        "level_form": LevelForm(initial={"rank": len(levels) + 1}) if can_edit else None,
        "note_form": NoteForm(initial={"note": rule_set.note}) if can_edit else None,
        "publish_form": PublishForm(initial={"effective_from": rule_set.effective_from})
        if can_edit
        else None,
    }
    context.update(extra)
    return context


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@login_required
@require_GET
def rule_set_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    return render(request, "segmentation/rule_set.html", editor_context(request, rule_set))


def _respond(
    request: HttpRequest,
    rule_set: RuleSet,
    *,
    error: ValidationError | PermissionDenied | None = None,
    done: str = "",
    invalid: bool = False,
    **extra: Any,
) -> HttpResponse:
    """After an edit: the editor fragment for htmx (status 200 so that htmx swaps it in),
    else the page again (with 400/403 on errors) or a redirect. `error` is shown as an
    alert; a form that did not validate (`invalid`, the form in `extra`) shows its errors
    at its fields."""
    status = 200
    if (error is not None or invalid) and not is_htmx(request):
        status = 403 if isinstance(error, PermissionDenied) else 400
    if error is None and not invalid and not is_htmx(request):
        if done:
            messages.success(request, done)
        return redirect("segmentation:rule_set_detail", public_id=rule_set.public_id)
    context = editor_context(
        request,
        rule_set,
        error=error_text(error) if error is not None else "",
        done=done,
        **extra,
    )
    template = "segmentation/_editor.html" if is_htmx(request) else "segmentation/rule_set.html"
    response = render(request, template, context, status=status)
    return announce(response, done) if done and is_htmx(request) else response


def _form_error(form: Any) -> ValidationError:
    """A form's errors as one ValidationError, for the editor's alert."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        problems.append(f"{label}: {text}" if label else text)
    return ValidationError(problems)


def _refused(
    request: HttpRequest,
    rule_set: RuleSet,
    name: str,
    form: forms.Form,
    error: ValidationError | PermissionDenied | None = None,
    field: str | None = None,
) -> HttpResponse:
    """An edit that did not go through: the form again under its context `name`, with what
    was typed and its errors at the fields. A service's refusal becomes the form's error
    (at `field` when the form has the one field it concerns, else above the form's fields);
    a permission refusal stays an alert."""
    if isinstance(error, PermissionDenied):
        return _respond(request, rule_set, error=error)
    if error is not None:
        form.add_error(field, error)
    fields = form.fields
    unseen = [key for key in form.errors if key != NON_FIELD_ERRORS]
    if any(key not in fields or fields[key].widget.is_hidden for key in unseen):
        # an error no visible field can show (a tampered hidden field): the alert says it
        return _respond(request, rule_set, error=_form_error(form))
    shown: dict[str, Any] = {name: form}
    return _respond(request, rule_set, invalid=True, **shown)


@login_required
@require_POST
def criterion_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Add a criterion or change the threshold of an existing one (same level, indicator,
    operator and group)."""
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    national = _national_for(rule_set)
    choices = [(key, key) for key in national.levels.values_list("key", flat=True)]
    form = CriterionForm(request.POST, levels=choices)
    if not form.is_valid():
        return _refused(request, rule_set, "criterion_form", form)
    try:
        services.set_criterion(
            actor=request.user,
            rule_set=rule_set,
            level_key=form.cleaned_data["level_key"],
            indicator=form.cleaned_data["indicator"],
            operator=form.cleaned_data["operator"],
            value=form.cleaned_data["value"],
            group=form.cleaned_data["group"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, rule_set, "criterion_form", form, error)
    return _respond(request, rule_set, done=_("Kriteriet er gemt."))


def _criterion(rule_set: RuleSet, criterion_id: int) -> Criterion:
    # The rule set was looked up through the scoping mechanism; its criteria follow it.
    criterion = rule_set.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404("Not found")
    return criterion


@login_required
@require_POST
def criterion_threshold(request: HttpRequest, public_id: UUID, criterion_id: int) -> HttpResponse:
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    criterion = _criterion(rule_set, criterion_id)
    form = ThresholdForm(
        request.POST,
        prefix=f"c{criterion.pk}",
        indicator=criterion.indicator,
        operator=criterion.operator,
    )
    if not form.is_valid():
        return _refused(request, rule_set, "threshold_form", form)
    try:
        services.set_criterion(
            actor=request.user,
            rule_set=rule_set,
            level_key=criterion.level_key,
            indicator=criterion.indicator,
            operator=criterion.operator,
            value=form.cleaned_data["value"],
            group=criterion.group,
            note=criterion.note,
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, rule_set, "threshold_form", form, error, "value")
    return _respond(request, rule_set, done=_("Tærsklen er ændret."))


@login_required
@require_POST
def criterion_remove(request: HttpRequest, public_id: UUID, criterion_id: int) -> HttpResponse:
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    criterion = _criterion(rule_set, criterion_id)
    try:
        services.remove_criterion(actor=request.user, criterion=criterion)
    except (ValidationError, PermissionDenied) as error:
        return _respond(request, rule_set, error=error)
    return _respond(request, rule_set, done=_("Kriteriet er fjernet."))


def _edit_draft(
    request: HttpRequest,
    public_id: UUID,
    form_class: type[forms.Form],
    change: Callable[[RuleSet, dict[str, Any]], object],
    done: str,
    *,
    name: str,
    field: str | None = None,
) -> HttpResponse:
    """The shape every draft edit shares: a form, a service call, the fragment again (with
    the form under its context `name` as typed when it did not go through)."""
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return _refused(request, rule_set, name, form)
    try:
        change(rule_set, form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, rule_set, name, form, error, field)
    return _respond(request, rule_set, done=done)


@login_required
@require_POST
def level_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _edit_draft(
        request,
        public_id,
        LevelForm,
        lambda rule_set, data: services.set_level(actor=request.user, rule_set=rule_set, **data),
        _("Niveauet er gemt."),
        name="level_form",
    )


@login_required
@require_POST
def label_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _edit_draft(
        request,
        public_id,
        LabelForm,
        lambda rule_set, data: services.set_label(actor=request.user, rule_set=rule_set, **data),
        _("Det lokale navn er gemt."),
        name="label_form",
        field="external_name",
    )


@login_required
@require_POST
def note_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _edit_draft(
        request,
        public_id,
        NoteForm,
        lambda rule_set, data: services.set_note(
            actor=request.user, rule_set=rule_set, note=data["note"]
        ),
        _("Begrundelsen er gemt."),
        name="note_form",
        field="note",
    )


def preview_context(rule_set: RuleSet) -> dict[str, Any]:
    result = preview(rule_set)
    keys = [key for key, _name in result.levels]
    names = level_names()
    before = [sum(result.count(key, target) for target in keys) for key in keys]
    after = [sum(result.count(source, key) for source in keys) for key in keys]
    labels = [names.get(key, (name, name))[0] for key, name in result.levels]
    matrix = [
        {
            "key": source,
            "name": label,
            "cells": [
                {"count": result.count(source, target), "diagonal": source == target}
                for target in keys
            ],
            "total": before[index],
        }
        for index, (source, label) in enumerate(zip(keys, labels, strict=True))
    ]
    chart = {
        "type": "bar",
        "labels": labels,
        "datasets": [
            {"label": _("Nu"), "data": before},
            {"label": _("Med kladden"), "data": after},
        ],
        "y_title": _("Virksomheder"),
    }
    return {
        "preview": result,
        "labels": labels,
        "matrix": matrix,
        "after": after,
        "chart": chart,
    }


@login_required
@require_GET
def rule_set_preview(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """How many firms would move between levels if the draft were published. Only for those
    who may edit the scope: the counts describe their area's firms."""
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    if not rule_set.is_draft or not services.can_edit_scope(
        request.user, rule_set.scope, rule_set.region_id, rule_set.municipality_id
    ):
        raise PermissionDenied
    try:
        context = preview_context(rule_set)
    except (LookupError, ValueError) as error:
        context = {"error": str(error)}
    return render(request, "segmentation/_preview.html", context)


@login_required
@require_POST
def rule_set_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    require_staff(request)
    rule_set = get_rule_set(request.user, public_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            rule_set,
            error=ValidationError(_("Angiv datoen og bekræft offentliggørelsen.")),
            publish_form=form,
        )
    try:
        services.publish(
            actor=request.user,
            rule_set=rule_set,
            effective_from=form.cleaned_data["effective_from"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _respond(request, rule_set, error=error)
    messages.success(
        request,
        _("Version %(version)s er offentliggjort og gælder fra %(date)s.")
        % {
            "version": rule_set.version,
            "date": date_format(rule_set.effective_from, "SHORT_DATE_FORMAT"),
        },
    )
    return redirect("segmentation:levels")
