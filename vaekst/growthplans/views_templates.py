"""The mapping-template pages: the version in force with the region's own questions and the
versions; for the national administrator the draft workflow (create, edit, publish); for
house managers their region's questions."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.growthplans import selectors_templates as selectors
from vaekst.growthplans.choices import TemplateStatus
from vaekst.growthplans.forms_templates import AreaForm, DraftForm, FocusAreaForm, QuestionForm
from vaekst.growthplans.models import MappingTemplate
from vaekst.growthplans.services import templates as services
from vaekst.growthplans.views_common import error_text, form_errors


def require_reader(request: HttpRequest) -> None:
    if not selectors.may_read_templates(request.user):
        raise PermissionDenied


def _region_param(request: HttpRequest) -> str | None:
    return request.POST.get("region") or request.GET.get("region")


def _overview_url(request: HttpRequest) -> str:
    url = reverse("growthplans:template_overview")
    region = _region_param(request)
    return f"{url}?region={region}" if region and region.isdigit() else url


@login_required
@require_GET
def template_overview(request: HttpRequest) -> HttpResponse:
    """The version in force (areas, focus areas, guidance), the region's questions, and the
    versions."""
    require_reader(request)
    user = request.user
    template = selectors.template_in_force()
    region = selectors.user_region(user, _region_param(request))
    may_manage = services.can_manage_questions(user, getattr(region, "pk", None))
    questions = selectors.regional_questions(user, template, region)
    context = {
        "template": template,
        "areas": selectors.outline(template) if template else [],
        "region": region,
        "regions": selectors.regions() if services.can_edit_templates(user) else None,
        "questions": [
            {
                "question": question,
                "form": QuestionForm(
                    initial={
                        "text": question.text,
                        "answer_kind": question.answer_kind,
                        "order": question.order,
                    },
                    prefix=f"q{question.public_id.hex[:8]}",
                )
                if may_manage and question.is_active
                else None,
            }
            for question in questions
        ],
        "may_manage": may_manage,
        "question_form": QuestionForm() if may_manage and template else None,
        "versions": list(selectors.template_versions(user)),
        "can_edit": services.can_edit_templates(user),
        "draft": selectors.current_draft(user),
        "draft_form": DraftForm(),
    }
    return render(request, "growthplans/template_overview.html", context)


@login_required
@require_GET
def template_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    require_reader(request)
    template = selectors.get_template(request.user, public_id)
    return render(request, "growthplans/template_detail.html", _detail_context(request, template))


def _detail_context(
    request: HttpRequest, template: MappingTemplate, **extra: Any
) -> dict[str, Any]:
    areas = selectors.outline(template)
    editable = template.status == TemplateStatus.DRAFT and services.can_edit_templates(request.user)
    choices = [(area.key, area.shown_title) for area in areas]
    comparison = selectors.comparison(template)
    context: dict[str, Any] = {
        "template": template,
        "areas": [
            {
                "area": area,
                "national": area.key in comparison.national_areas,
                "form": AreaForm(
                    initial={
                        "key": area.key,
                        "title": area.title,
                        "description": area.description,
                        "order": area.order,
                    },
                    prefix=f"a-{area.key}",
                )
                if editable
                else None,
                "focus_areas": [
                    {
                        "focus": focus,
                        "national": (area.key, focus.key) in comparison.national,
                        "form": FocusAreaForm(
                            initial={
                                "key": focus.key,
                                "area_key": area.key,
                                "title": focus.title,
                                "guidance": focus.guidance,
                                "order": focus.order,
                            },
                            areas=[(area.key, area.shown_title)],
                            prefix=f"f-{area.key}-{focus.key}",
                        )
                        if editable
                        else None,
                    }
                    for focus in area.focus_areas.all()
                ],
            }
            for area in areas
        ],
        "previous": comparison.previous,
        "editable": editable,
        "area_form": AreaForm(prefix="new-area") if editable else None,
        "focus_form": FocusAreaForm(areas=choices, prefix="new-focus") if editable else None,
        "error": "",
    }
    context.update(extra)
    return context


def _done(request: HttpRequest, template: MappingTemplate, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("growthplans:template_detail", public_id=template.public_id)


def _refused(request: HttpRequest, template: MappingTemplate, error: str) -> HttpResponse:
    context = _detail_context(request, template, error=error)
    return render(request, "growthplans/template_detail.html", context, status=400)


def _draft_for_edit(request: HttpRequest, public_id: UUID) -> MappingTemplate:
    require_reader(request)
    if not services.can_edit_templates(request.user):
        raise PermissionDenied
    return selectors.get_template(request.user, public_id)


@login_required
@require_POST
def template_draft_create(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    form = DraftForm(request.POST)
    form.is_valid()
    try:
        draft = services.create_template_draft(
            actor=request.user, title=form.cleaned_data.get("title", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("growthplans:template_overview")
    return _done(request, draft, _("Kladden er oprettet som en kopi af den gældende version."))


@login_required
@require_POST
def template_area_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    template = _draft_for_edit(request, public_id)
    prefix = request.POST.get("prefix", "new-area")
    form = AreaForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _refused(request, template, form_errors(form))
    try:
        services.set_area(actor=request.user, template=template, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, template, error_text(error))
    return _done(request, template, _("Området er gemt."))


@login_required
@require_POST
def template_focus_area_set(request: HttpRequest, public_id: UUID) -> HttpResponse:
    template = _draft_for_edit(request, public_id)
    prefix = request.POST.get("prefix", "new-focus")
    areas = [(area.key, area.shown_title) for area in selectors.outline(template)]
    form = FocusAreaForm(request.POST, areas=areas, prefix=prefix)
    if not form.is_valid():
        return _refused(request, template, form_errors(form))
    try:
        services.set_focus_area(actor=request.user, template=template, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, template, error_text(error))
    return _done(request, template, _("Fokusområdet er gemt."))


@login_required
@require_POST
def template_focus_area_remove(
    request: HttpRequest, public_id: UUID, area_key: str, key: str
) -> HttpResponse:
    template = _draft_for_edit(request, public_id)
    focus = next(
        (
            focus
            for area in selectors.outline(template)
            if area.key == area_key
            for focus in area.focus_areas.all()
            if focus.key == key
        ),
        None,
    )
    if focus is None:
        raise Http404("Not found")
    try:
        services.remove_focus_area(actor=request.user, focus_area=focus)
    except ValidationError as error:
        return _refused(request, template, error_text(error))
    return _done(request, template, _("Fokusområdet er fjernet."))


@login_required
@require_POST
def template_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    template = _draft_for_edit(request, public_id)
    if request.POST.get("confirm") != "1":
        return _refused(request, template, _("Bekræft offentliggørelsen."))
    try:
        services.publish_template(actor=request.user, template=template)
    except ValidationError as error:
        return _refused(request, template, error_text(error))
    messages.success(
        request,
        _("Version %(version)s er offentliggjort. Nye kortlægninger bruger den.")
        % {"version": template.version},
    )
    return redirect("growthplans:template_overview")


@login_required
@require_POST
def question_add(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    region = selectors.user_region(request.user, _region_param(request))
    if region is None or not services.can_manage_questions(request.user, region.pk):
        raise PermissionDenied
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_overview_url(request))
    try:
        services.add_regional_question(actor=request.user, region=region, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Spørgsmålet er tilføjet."))
    return redirect(_overview_url(request))


@login_required
@require_POST
def question_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    require_reader(request)
    question = selectors.get_regional_question(request.user, public_id)
    form = QuestionForm(request.POST, prefix=f"q{question.public_id.hex[:8]}")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_overview_url(request))
    try:
        services.update_regional_question(
            actor=request.user, question=question, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Spørgsmålet er gemt."))
    return redirect(_overview_url(request))


@login_required
@require_POST
def question_deactivate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    require_reader(request)
    question = selectors.get_regional_question(request.user, public_id)
    try:
        services.deactivate_regional_question(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Spørgsmålet stilles ikke længere."))
    return redirect(_overview_url(request))
