from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from vaekst.audit.selectors import may_read_audit
from vaekst.growthplans.selectors import open_referral_count, overdue_items
from vaekst.lib.paging import page_number, paginate
from vaekst.register.choices import CompanyEventKind
from vaekst.register.selectors import count_active_companies, municipalities_in_scope
from vaekst.segmentation.selectors import may_read_levels
from vaekst.web import changes as changes_selectors

# "Hvad er ændret": rows in the start page's panel, and per page of the full list.
CHANGES_PANEL_SIZE = 5
CHANGES_PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A short dashboard of the user's scope."""
    user = request.user
    if getattr(user, "is_company_user", False):
        return redirect("portal:home")  # a firm's users start in their own portal
    municipalities = municipalities_in_scope(user)
    context: dict[str, Any] = {
        "active_companies": count_active_companies(user),
        "municipality_count": municipalities.count(),
        "single_municipality": municipalities.first() if municipalities.count() == 1 else None,
        "may_read_audit": may_read_audit(user),
        # What waits for the user: overdue plan items they are responsible for, referrals.
        "is_staff_user": may_read_levels(user),
        "is_caseworker": bool(getattr(user, "is_caseworker", False)),
        "overdue_count": len(overdue_items(user, mine_only=True))
        if getattr(user, "is_caseworker", False)
        else 0,
        "open_referrals": open_referral_count(user)
        if getattr(user, "is_partner_advisor", False)
        else 0,
        "is_partner_advisor": bool(getattr(user, "is_partner_advisor", False)),
    }
    if context["is_staff_user"]:
        recent = paginate(
            changes_selectors.company_changes(user, since=changes_selectors.since_last_run()),
            number=1,
            size=CHANGES_PANEL_SIZE,
        )
        context["changes"] = changes_selectors.worded(list(recent.items))
        context["more_changes"] = recent.has_next
    return render(request, "web/home.html", context)


class ChangeFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hvad"),
        required=False,
        choices=[("", _("Alle ændringer")), *CompanyEventKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    periode = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        choices=changes_selectors.PERIODS,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    """'Hvad er ændret': the firms in the user's area that moved level, closed, went into
    bankruptcy or compulsory dissolution, moved municipality or are new with many employees;
    firms with an active plan or partnership first."""
    if not may_read_levels(request.user):
        raise PermissionDenied
    form = ChangeFilterForm(request.GET or None)
    kind, period = "", changes_selectors.SINCE_LAST_RUN
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"] or ""
        period = form.cleaned_data["periode"] or period
    page = paginate(
        changes_selectors.company_changes(
            request.user, kind=kind, since=changes_selectors.start_of(period)
        ),
        number=page_number(request.GET.get("side")),
        size=CHANGES_PAGE_SIZE,
    )
    changes_selectors.worded(list(page.items))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "web/change_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
