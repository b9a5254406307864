"""Rows of the run's page written in Python rather than in a template: a run of 200 firms
and 10 sessions has 2,000 cells, which the template engine (or format_html per cell)
renders many times slower than this (bench/bench_run_page.py). Each checkbox belongs to its
session's form (the `form` attribute) and is named by its row's and its column's headers.
Only integers and the escaped firm name go into the markup."""

from html import escape
from uuid import UUID

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vaekst.programmes.selectors import RunPage


def attendance_rows(page: RunPage) -> SafeString:
    rows = []
    for row in page.enrolled:
        pk = int(row.enrolment.pk)
        # DKFDS draws the box on the label (its stylesheet hides native inputs' look); the
        # label's text is the firm and the session, read from the headers.
        cells = "".join(
            f'<td><div class="form-group-checkbox attendance-box">'
            f'<input type="checkbox" class="form-checkbox" form="attendance-{int(session.pk)}"'
            f' name="present" value="{pk}" id="present-{pk}-{int(session.pk)}"'
            f' aria-labelledby="firm-{pk} session-{int(session.pk)}"'
            f"{' checked' if present else ''}>"
            f'<label for="present-{pk}-{int(session.pk)}"></label></div></td>'
            for session, present in row.attendance
        )
        name = escape(row.enrolment.company.name)
        rows.append(f'<tr><th scope="row" id="firm-{pk}">{name}</th>{cells}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308  (integers and an escaped name only)


def shown_ids(page: RunPage) -> str:
    """The enrolments a session's form registers (those not checked were absent)."""
    return ",".join(str(int(row.enrolment.pk)) for row in page.enrolled)


SENTINEL = UUID(int=0)
SENTINEL_CVR = 99999999


def fill_links(page: RunPage) -> None:
    """Each row's links, each URL reversed once per page and filled in per row (reversing
    it for 200 rows three times over costs more than the rest of a row)."""
    run_id = page.run.public_id
    company = reverse("register:company_detail", kwargs={"cvr": SENTINEL_CVR})
    certificate = reverse("programmes:certificate", kwargs={"public_id": SENTINEL})
    cancel = reverse(
        "programmes:enrolment_cancel", kwargs={"public_id": run_id, "enrolment_id": SENTINEL}
    )
    sentinel = str(SENTINEL)
    for row in (*page.enrolled, *page.waitlisted, *page.cancelled):
        enrolment = row.enrolment
        if row.company_visible:
            row.company_url = company.replace(str(SENTINEL_CVR), str(enrolment.company.cvr))
        row.certificate_url = certificate.replace(sentinel, str(enrolment.public_id))
        row.cancel_url = cancel.replace(sentinel, str(enrolment.public_id))


def enrolled_rows(
    request: HttpRequest,
    page: RunPage,
    *,
    cancel_any: bool,
    cancel_seen: bool,
    certificates_any: bool = False,
) -> SafeString:
    """The enrolled firms' rows (after fill_links): the firm, linked where the user may see
    it, the participant, when and on what grounds, attendance, the certificate once the firm
    took part (for the run's managers any firm's, else the firms the user may see), and a
    cancel form where the user may cancel (any firm, or the firms they may see). Written here for
    the same reason as the grid: 200 rows of a dozen values each. Every text is escaped."""
    csrf = escape(get_token(request))
    # The link reads "PDF" and its name begins so (WCAG 2.5.3); the rest is for screen readers.
    certificate_label = escape(_("deltagerbevis for"))
    placeholder = escape(_("Årsag"))
    reason_label = escape(_("Årsag til afmelding af"))
    cancel_label = escape(_("Afmeld"))
    sessions = len(page.sessions)
    rows = []
    for row in page.enrolled:
        enrolment = row.enrolment
        name = escape(enrolment.company.name)
        firm = f'<a href="{escape(row.company_url)}">{name}</a>' if row.company_url else name
        participant = escape(enrolment.participant_name or "–")
        if enrolment.participant_email:
            participant += f"<br>{escape(enrolment.participant_email)}"
        created = escape(
            formats.date_format(timezone.localtime(enrolment.created_at), "SHORT_DATE_FORMAT")
        )
        if enrolment.eligibility_reason:
            created += f'<br><span class="form-hint">{escape(enrolment.eligibility_reason)}</span>'
        cancel = "–"
        if cancel_any or (cancel_seen and row.company_visible):
            cancel = (
                f'<form method="post" action="{escape(row.cancel_url)}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                '<input class="form-input input-width-s" type="text" name="reason"'
                f' maxlength="300" placeholder="{placeholder}" aria-label="{reason_label} {name}"> '
                '<button type="submit" class="button button-tertiary"'
                f' aria-label="{cancel_label} {name}">{cancel_label}</button></form>'
            )
        certificate = "–"
        if row.attended and (certificates_any or row.company_visible):
            certificate = (
                f'<a href="{escape(row.certificate_url)}">PDF<span class="sr-only">,'
                f" {certificate_label} {name}</span></a>"
            )
        rows.append(
            f"<tr><td>{firm}</td><td>{participant}</td>"
            f'<td class="nowrap">{created}</td>'
            f"<td>{row.attended} / {sessions}</td>"
            f"<td>{certificate}</td>"
            f"<td>{cancel}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308  (every text in it escaped above)
