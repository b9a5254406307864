"""The firm's satisfaction surveys in the portal: what it has still to answer (after a
finished run it took part in, after a completed growth mapping), the form (a 1–5 scale per
question and a comment), and the thanks. A run or mapping that is not the firm's to answer
is a 404, as is one the user may not see; an answered one sends the user back to the list."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vaekst.growthplans.models import Mapping
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.portal.access import error_text, require_firm
from vaekst.programmes.choices import SurveyKind
from vaekst.programmes.forms_surveys import SurveyForm
from vaekst.programmes.models import ProgrammeRun
from vaekst.programmes.selectors_surveys import firm_surveys, questions_of
from vaekst.programmes.services.surveys import (
    answer_survey,
    has_answered,
    mapping_refusal,
    run_refusal,
)
from vaekst.register.models import Company


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    company = require_firm(request)
    context = {"company": company, "surveys": firm_surveys(company)}
    return render(request, "portal/surveys.html", context)


@login_required
def survey_run(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = require_firm(request)
    run = get_visible_or_404(
        request.user, ProgrammeRun.objects.select_related("organiser"), public_id=public_id
    )
    if run_refusal(run, company):
        raise Http404("No survey for this firm after this run")
    answered = has_answered(company, run=run)
    return _answer(request, company, answered, run=run)


@login_required
def survey_mapping(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = require_firm(request)
    mapping = get_visible_or_404(
        request.user, Mapping.objects.select_related("organisation"), public_id=public_id
    )
    if mapping.company_id != company.pk or mapping_refusal(mapping):
        raise Http404("No survey for this firm after this mapping")
    answered = has_answered(company, mapping=mapping)
    return _answer(request, company, answered, mapping=mapping)


def _answer(
    request: HttpRequest,
    company: Company,
    answered: bool,
    *,
    run: ProgrammeRun | None = None,
    mapping: Mapping | None = None,
) -> HttpResponse:
    if answered:
        messages.info(request, _("I har allerede besvaret dette spørgeskema. Tak for svaret."))
        return redirect("portal:survey_list")
    questions = questions_of(SurveyKind.RUN if run else SurveyKind.MAPPING)
    if not questions:
        raise Http404("No survey published")
    form = SurveyForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_survey(
                    actor=request.user,
                    run=run,
                    mapping=mapping,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
                return redirect("portal:survey_list")
            return redirect("portal:survey_thanks")
        status = 400
    context: dict[str, Any] = {
        "company": company,
        "run": run,
        "mapping": mapping,
        "form": form,
    }
    return render(request, "portal/survey_form.html", context, status=status)


@login_required
@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    company = require_firm(request)
    due = firm_surveys(company).due
    return render(request, "portal/survey_thanks.html", {"company": company, "due": due})
