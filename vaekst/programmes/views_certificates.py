"""The certificate of participation as PDF, for the firm's own users, those who manage the
run, and caseworkers who may see the firm. Anyone else gets a 404, as does an enrolment
with no attended session (with a page that says why). Each download is audited."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.lib.http import client_ip
from vaekst.organisations.scoping import get_visible_or_404
from vaekst.programmes.certificates import (
    certificate_filename,
    certificate_for,
    certificate_pdf,
)
from vaekst.programmes.models import Enrolment
from vaekst.programmes.services.enrolment import is_member
from vaekst.programmes.services.runs import may_manage


def may_download(user: Any, enrolment: Enrolment) -> bool:
    """The firm's users, the run's managers, and caseworkers who see the firm (the caller
    has read the enrolment through `visible_to`, which is where the firm is seen)."""
    return (
        is_member(user, enrolment.company)
        or may_manage(user, enrolment.run)
        or user.is_caseworker
        or user.is_national_admin
    )


@login_required
@require_GET
def certificate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    enrolment = get_visible_or_404(
        user,
        Enrolment.objects.select_related(
            "company__municipality", "run__programme__offer", "run__organiser"
        ),
        public_id=public_id,
    )
    if not may_download(user, enrolment):
        raise Http404("Not found")
    found = certificate_for(enrolment)
    if found is None:
        context = {"enrolment": enrolment, "firm_user": is_member(user, enrolment.company)}
        return render(request, "programmes/certificate_unavailable.html", context, status=404)
    content = certificate_pdf(found, base_url=request.build_absolute_uri("/"))
    record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=enrolment,
        company=enrolment.company,
        changes={
            "export": "certificate",
            "sessions": len(found.sessions),
            "hours": str(found.hours),
        },
        ip_address=client_ip(request),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate_filename(found)}"'
    return response
