"""The company page's section "Forløb og netværk": the firm's enrolments (run, status,
sessions attended, the certificate once it took part) and the networks it is a member of."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vaekst.organisations.scoping import visibility_filter
from vaekst.programmes.choices import EnrolmentStatus
from vaekst.programmes.models import Enrolment
from vaekst.programmes.participation import (
    company_enrolments,
    company_memberships,
)
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section


def enrolment_rows(enrolments: list[Enrolment]) -> list[dict[str, Any]]:
    statuses = {value: str(label) for value, label in EnrolmentStatus.choices}
    rows = []
    for enrolment in enrolments:
        run = enrolment.run
        attended = getattr(enrolment, "attended", 0)
        took_part = attended > 0 and enrolment.status != EnrolmentStatus.CANCELLED
        rows.append(
            {
                "run": run.title,
                "url": reverse("programmes:run_detail", args=[run.public_id]),
                "programme": run.programme.offer.shown_title,
                "organiser": str(run.organiser),
                "status": statuses.get(enrolment.status, enrolment.status),
                "attended": attended,
                "sessions": getattr(enrolment, "sessions", 0),
                "certificate": (
                    reverse("programmes:certificate", args=[enrolment.public_id])
                    if took_part
                    else ""
                ),
            }
        )
    return rows


@register_company_section
def programmes_and_networks(request: HttpRequest, company: Company) -> CompanySection | None:
    """Two queries; for those who may see a firm's enrolments."""
    user = request.user
    if visibility_filter(user, Enrolment) is None:
        return None
    networks = [
        {
            "name": member.network.name,
            "url": reverse("programmes:network_detail", args=[member.network.public_id]),
            "joined_on": member.joined_on,
        }
        for member in company_memberships(user, company, current=True)
    ]
    return CompanySection(
        template_name="programmes/_company_section.html",
        context={
            "company": company,
            "enrolments": enrolment_rows(company_enrolments(user, company)),
            "networks": networks,
        },
    )
