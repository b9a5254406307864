"""The firm's level on the company page: for staff the level, its explanation, the predicted
chance of high growth, the history and the latest assessment (with a form for caseworkers);
for the firm's own users only the external (branded) name of the level."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vaekst.organisations.scoping import visibility_filter
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section
from vaekst.register.selectors import find_company
from vaekst.segmentation import services
from vaekst.segmentation.forms import AssessmentForm
from vaekst.segmentation.models import CompanyScore
from vaekst.segmentation.reasons import explain_score
from vaekst.segmentation.selectors import company_score, latest_assessment, may_read_levels


def level_context(
    request: HttpRequest, company: Company, *, form: AssessmentForm | None = None, **extra: Any
) -> dict[str, Any]:
    user = request.user
    staff = may_read_levels(user)
    view = company_score(user, company)
    context: dict[str, Any] = {"company": company, "view": view, "staff": staff}
    if view is not None:
        names = {level.key: level for level in view.rules.levels}
        context["history"] = [
            {"placement": placement, "level": names.get(placement.level_key)}
            for placement in view.history
        ]
        context["levels_by_key"] = names
        run = view.score.run
        context["model_version"] = (
            run.prediction_model.version if run.prediction_model is not None else None
        )
        if staff and view.score.predicted_high_growth is not None and run.as_of_year:
            context["reasons"] = explain_score(company.pk, run.as_of_year, view.score.scored_at)
    if staff:
        context["assessment"] = latest_assessment(user, company)
        can_assess = bool(getattr(user, "is_caseworker", False))
        context["can_assess"] = can_assess
        if can_assess and form is None:
            form = AssessmentForm(initial={"assessed_on": timezone.localdate()})
        context["form"] = form
    context.update(extra)
    return context


@register_company_section
def level_section(request: HttpRequest, company: Company) -> CompanySection | None:
    if visibility_filter(request.user, CompanyScore) is None:
        return None
    context = level_context(request, company)
    if not context["staff"] and context["view"] is None:
        return None
    return CompanySection(template_name="segmentation/_level.html", context=context)


@login_required
@require_POST
def assessment_create(request: HttpRequest, cvr: int) -> HttpResponse:
    """Record the consultant's assessment of ambition and capacity from the company page."""
    company = find_company(request.user, cvr)
    if not getattr(request.user, "is_caseworker", False):
        raise PermissionDenied
    form = AssessmentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.record_assessment(actor=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not getattr(request, "htmx", False):
                return redirect("register:company_detail", cvr=company.cvr)
            context = level_context(request, company, saved=True)
            return render(request, "segmentation/_level.html", {"section": context})
    if not getattr(request, "htmx", False):
        status = 400
    context = level_context(request, company, form=form)
    return render(request, "segmentation/_level.html", {"section": context}, status=status)
