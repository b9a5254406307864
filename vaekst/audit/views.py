from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vaekst.audit.selectors import may_read_audit, search_entries
from vaekst.lib.paging import page_number, paginate

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    cvr = forms.IntegerField(
        label=_("CVR-nummer"),
        required=False,
        min_value=0,
        max_value=99_999_999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-input"}),
    )
    actor = forms.CharField(
        label=_("Bruger"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """The audit trail: national administrators read everything, house managers their region."""
    if not may_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    cvr, actor = None, ""
    if form.is_bound and form.is_valid():
        cvr, actor = form.cleaned_data["cvr"], form.cleaned_data["actor"] or ""
    page = paginate(
        search_entries(request.user, cvr=cvr, actor=actor),
        number=page_number(request.GET.get("side")),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request, "audit/entry_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )
