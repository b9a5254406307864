"""The cohort page of a run: the split with each cohort's profile and members, building it
(again, keeping locked cohorts), moving a firm (htmx), locking, pair requests, clearing.

Staff who see the run see its cohorts; those who manage it (`runs.may_manage`) change them,
others get 403. A firm's users do not see cohorts (404), as the scoping rule says.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vaekst.growthplans.views_common import is_htmx, swap_refusal
from vaekst.lib.http import announce
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.programmes.forms_cohorts import MoveForm, PairForm
from vaekst.programmes.models import Cohort, CohortPair, Enrolment, ProgrammeRun
from vaekst.programmes.selectors_cohorts import cohort_overview
from vaekst.programmes.services import cohorts as services
from vaekst.programmes.services.runs import may_manage


def _run(request: HttpRequest, public_id: UUID) -> ProgrammeRun:
    if request.user.role == Role.COMPANY_USER:  # type: ignore[union-attr]
        raise Http404("Cohorts are not shown to firms")
    return get_visible_or_404(
        request.user,
        ProgrammeRun.objects.select_related("programme__offer", "organiser"),
        public_id=public_id,
    )


def _managed_run(request: HttpRequest, public_id: UUID) -> ProgrammeRun:
    run = _run(request, public_id)
    if not may_manage(request.user, run):
        raise PermissionDenied
    return run


def _context(request: HttpRequest, run: ProgrammeRun, **extra: object) -> dict[str, object]:
    return {
        "run": run,
        "overview": cohort_overview(run),
        "can_manage": may_manage(request.user, run),
        **extra,
    }


def _split(
    request: HttpRequest, run: ProgrammeRun, message: str, status: int = 200
) -> HttpResponse:
    """The split's fragment for htmx, with the message shown and read out."""
    context = _context(request, run, notice=message, notice_error=status >= 400)
    html = render_to_string("programmes/_cohort_split.html", context, request=request)
    response = HttpResponse(html, status=status)
    if status >= 400:
        swap_refusal(response)
    return announce(response, message)


def _done(request: HttpRequest, run: ProgrammeRun, message: str) -> HttpResponse:
    if is_htmx(request):
        return _split(request, run, message)
    messages.success(request, message)
    return redirect("programmes:cohorts", public_id=run.public_id)


def _refused(request: HttpRequest, run: ProgrammeRun, error: ValidationError) -> HttpResponse:
    text = " ".join(str(message) for message in error.messages)
    if is_htmx(request):
        return _split(request, run, text, status=400)
    messages.error(request, text)
    return redirect("programmes:cohorts", public_id=run.public_id)


@login_required
@require_GET
def cohort_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _run(request, public_id)
    context = _context(request, run, pair_form=PairForm(run=run))
    return render(request, "programmes/cohort_page.html", context)


@login_required
@require_POST
def cohort_build(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _managed_run(request, public_id)
    try:
        outcome = services.build_run_cohorts(actor=request.user, run=run)
    except ValidationError as error:
        return _refused(request, run, error)
    message = _("%(firms)s virksomheder er delt i %(cohorts)s grupper.") % {
        "firms": sum(len(members) for members in outcome.result.cohorts),
        "cohorts": len(outcome.cohorts),
    }
    return _done(request, run, message)


@login_required
@require_POST
def cohort_clear(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _managed_run(request, public_id)
    count = services.clear_cohorts(actor=request.user, run=run)
    return _done(request, run, _("%(count)s grupper er fjernet.") % {"count": count})


@login_required
@require_POST
def cohort_lock(request: HttpRequest, public_id: UUID, number: int) -> HttpResponse:
    run = _managed_run(request, public_id)
    cohort = get_object_or_404(Cohort, run=run, number=number)
    locked = request.POST.get("locked") == "1"
    try:
        services.set_cohort_locked(actor=request.user, cohort=cohort, locked=locked)
    except ValidationError as error:
        return _refused(request, run, error)
    text = _("%(cohort)s er låst.") if locked else _("%(cohort)s er låst op.")
    return _done(request, run, text % {"cohort": cohort})


@login_required
@require_POST
def cohort_move(request: HttpRequest, public_id: UUID, enrolment_id: UUID) -> HttpResponse:
    run = _managed_run(request, public_id)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("company"), run=run, public_id=enrolment_id
    )
    form = MoveForm(request.POST, run=run)
    if not form.is_valid():
        return _refused(request, run, ValidationError(_("Vælg den gruppe, den skal flyttes til.")))
    target = form.cleaned_data["cohort"]
    try:
        services.move_to_cohort(actor=request.user, enrolment=enrolment, cohort=target)
    except ValidationError as error:
        return _refused(request, run, error)
    message = _("%(firm)s er flyttet til %(cohort)s.") % {
        "firm": enrolment.company.name,
        "cohort": target,
    }
    return _done(request, run, message)


@login_required
@require_POST
def pair_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = _managed_run(request, public_id)
    form = PairForm(request.POST, run=run)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_pair_request(
                actor=request.user,
                run=run,
                first=data["first"],
                second=data["second"],
                together=data["together"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ønsket er gemt; det gælder, når grupperne dannes igen."))
            return redirect("programmes:cohorts", public_id=run.public_id)
    context = _context(request, run, pair_form=form)
    return render(request, "programmes/cohort_page.html", context, status=400)


@login_required
@require_POST
def pair_remove(request: HttpRequest, public_id: UUID, pair_id: int) -> HttpResponse:
    run = _managed_run(request, public_id)
    pair = get_object_or_404(
        CohortPair.objects.select_related("run", "first__company", "second__company"),
        run=run,
        pk=pair_id,
    )
    services.remove_pair_request(actor=request.user, pair=pair)
    messages.success(request, _("Ønsket er fjernet."))
    return redirect("programmes:cohorts", public_id=run.public_id)
