from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vaekst.audit.selectors import may_read_audit
from vaekst.register.selectors import count_active_companies, municipalities_in_scope


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
    }
    return render(request, "web/home.html", context)
