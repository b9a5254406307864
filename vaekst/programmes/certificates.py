"""The certificate of participation: a one-page PDF saying which firm (and participant)
took part in which run of which programme, in which sessions and for how many hours, issued
by the run's organiser. Worded in the reader's language (Danish unless English is active).
Only attended sessions count; an enrolment with none has no certificate."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from vaekst.organisations.models import Organisation
from vaekst.programmes.models import Enrolment, Programme, ProgrammeRun, RunSession
from vaekst.register.models import Company


@dataclass(frozen=True)
class Certificate:
    """What the certificate states, read once from the enrolment."""

    enrolment: Enrolment
    company: Company
    run: ProgrammeRun
    programme: Programme
    organiser: Organisation
    sessions: list[RunSession]
    issued_on: datetime.date

    @property
    def participant(self) -> str:
        return self.enrolment.participant_name

    @property
    def rows(self) -> list[tuple[RunSession, Decimal]]:
        """Each attended session with its hours."""
        return [(session, hours(session)) for session in self.sessions]

    @property
    def hours(self) -> Decimal:
        """Hours attended in all."""
        return plain(sum((hours(session) for session in self.sessions), Decimal(0)))


def hours(session: RunSession) -> Decimal:
    """The session's length in hours, to the quarter hour, without trailing zeros."""
    seconds = (session.ends_at - session.starts_at).total_seconds()
    return plain(Decimal(round(seconds / 900)) / 4)


def plain(value: Decimal) -> Decimal:
    """4.50 as 4.5 and 3.00 as 3 (never 3E+1), so the page shows what a person would write."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def certificate_for(
    enrolment: Enrolment, *, issued_on: datetime.date | None = None
) -> Certificate | None:
    """The certificate of the enrolment, or None when no session was attended."""
    run = enrolment.run
    sessions = list(
        RunSession.objects.filter(
            run=run, attendance__enrolment=enrolment, attendance__present=True
        ).order_by("starts_at", "id")
    )
    if not sessions:
        return None
    return Certificate(
        enrolment=enrolment,
        company=enrolment.company,
        run=run,
        programme=run.programme,
        organiser=run.organiser,
        sessions=sessions,
        issued_on=issued_on or timezone.localdate(),
    )


def certificate_html(certificate: Certificate) -> str:
    """The HTML the PDF is printed from, in the active language (Danish by default)."""
    language = translation.get_language() or "da"
    with translation.override("en" if language.startswith("en") else "da"):
        return render_to_string("programmes/pdf/certificate.html", {"c": certificate})


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    from weasyprint import HTML  # imported here: pango is loaded only when printing

    return bytes(HTML(string=certificate_html(certificate), base_url=base_url).write_pdf())


def certificate_filename(certificate: Certificate) -> str:
    return f"deltagerbevis-{certificate.company.cvr}-{certificate.run.public_id.hex[:8]}.pdf"
