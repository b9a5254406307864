from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vaekst.audit.selectors import may_read_audit
from vaekst.growthplans.selectors import open_referral_count, overdue_items
from vaekst.register.selectors import count_active_companies, municipalities_in_scope
from vaekst.segmentation.selectors import may_read_levels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A short dashboard of the user's scope."""
    user = request.user
    if getattr(user, "is_company_user", False):
        return redirect("portal:home")  # a firm's users start in their own portal
    municipalities = municipalities_in_scope(user)
    context = {
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
    return render(request, "web/home.html", context)
