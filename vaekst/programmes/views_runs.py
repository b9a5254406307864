"""Runs of programmes: the list, a run's page, sessions, enrolment, attendance."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vaekst.organisations.scoping import visible_to
from vaekst.programmes.models import ProgrammeRun


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = visible_to(request.user, ProgrammeRun.objects.all()).select_related(
        "programme__offer", "organiser"
    )
    return render(request, "programmes/run_list.html", {"runs": runs})
