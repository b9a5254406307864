"""The attendance grid's rows, written here rather than in a template: a run of 200 firms
and 10 sessions has 2,000 cells, which the template engine (or format_html per cell)
renders many times slower than this (bench/bench_run_page.py). Each checkbox belongs to its
session's form (the `form` attribute) and is named by its row's and its column's headers.
Only integers and the escaped firm name go into the markup."""

from uuid import UUID

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vaekst.programmes.selectors import RunPage


def attendance_rows(page: RunPage) -> SafeString:
    rows = []
    for row in page.enrolled:
        pk = int(row.enrolment.pk)
        cells = "".join(
            f'<td><input type="checkbox" form="attendance-{int(session.pk)}" name="present"'
            f' value="{pk}" aria-labelledby="firm-{pk} session-{int(session.pk)}"'
            f"{' checked' if present else ''}></td>"
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
