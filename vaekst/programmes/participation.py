"""A firm's participation in collective growth training, as its company page and timeline
show it: its enrolments with attendance, its networks. Reads through the scoping rules, in a
fixed number of queries whatever the number of rows."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from vaekst.organisations.scoping import visible_to
from vaekst.programmes.models import Attendance, Enrolment, NetworkMember, RunSession
from vaekst.register.models import Company

# More than a firm takes part in over many years; the page stays bounded all the same.
MOST_SHOWN = 100


def counted(queryset: Any, group: str) -> Coalesce:
    """The number of `queryset`'s rows (filtered on an OuterRef through `group`), as an
    annotation: 0 where there are none."""
    numbers = queryset.values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(numbers, output_field=IntegerField()), Value(0))


def company_enrolments(user: Any, company: Company, *, limit: int = MOST_SHOWN) -> list[Enrolment]:
    """The firm's enrolments `user` may see, newest first, each with `attended` (sessions
    it took part in), `last_attended` (when the latest of them began) and `sessions` (the
    run's number of sessions): one query."""
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    queryset = (
        visible_to(user, Enrolment.objects.filter(company=company))
        .select_related("run__organiser", "run__programme__offer")
        .annotate(
            attended=counted(present, "enrolment"),
            last_attended=Subquery(
                present.order_by("-session__starts_at").values("session__starts_at")[:1]
            ),
            sessions=counted(RunSession.objects.filter(run=OuterRef("run")), "run"),
        )
        .order_by("-created_at", "-id")
    )
    return list(queryset[:limit])


def company_memberships(
    user: Any, company: Company, *, current: bool, limit: int = MOST_SHOWN
) -> list[NetworkMember]:
    """The firm's network memberships `user` may see, the latest joined first (only those it
    has not left when `current`): one query."""
    queryset = visible_to(user, NetworkMember.objects.filter(company=company))
    if current:
        queryset = queryset.filter(left_on__isnull=True)
    return list(queryset.select_related("network").order_by("-joined_on", "-id")[:limit])
