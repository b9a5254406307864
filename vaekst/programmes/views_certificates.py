"""A certificate of participation as PDF (to be written)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def certificate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    raise Http404("Not yet")
