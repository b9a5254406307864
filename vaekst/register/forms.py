from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.register.choices import SizeClass
from vaekst.register.selectors import CompanyFilter, company_forms, municipalities_in_scope

STATUS_CHOICES = [
    ("active", _("Aktive")),
    ("inactive", _("Ophørte")),
    ("all", _("Alle")),
]


class CompanySearchForm(forms.Form):
    """The company search's filters. Only the municipalities in the user's scope are offered."""

    q = forms.CharField(
        label=_("Navn eller CVR-nummer"), required=False, max_length=200, strip=True
    )
    municipality = forms.TypedChoiceField(
        label=_("Kommune"), required=False, coerce=int, empty_value=None
    )
    industry = forms.RegexField(
        label=_("Branchekode"),
        help_text=_("Hele koden eller dens begyndelse, fx 62"),
        regex=r"^\d{1,6}$",
        required=False,
        max_length=6,
        error_messages={"invalid": _("Skriv 1-6 cifre.")},
    )
    size_class = forms.ChoiceField(
        label=_("Størrelse"),
        required=False,
        choices=[("", _("Alle størrelser"))]
        + [(value, label) for value, label in SizeClass.choices if value],
    )
    form_code = forms.TypedChoiceField(
        label=_("Virksomhedsform"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=STATUS_CHOICES, initial="active"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_field = self.fields["municipality"]
        assert isinstance(municipality_field, forms.ChoiceField)
        municipality_field.choices = [("", _("Alle kommuner"))] + [
            (m.code, m.name) for m in municipalities_in_scope(user)
        ]
        form_field = self.fields["form_code"]
        assert isinstance(form_field, forms.ChoiceField)
        form_field.choices = [("", _("Alle former"))] + [
            (code, text) for code, text in company_forms()
        ]
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            field.widget.attrs.update({"class": css, "id": f"id_{name}"})
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def to_filter(self) -> CompanyFilter:
        """The filter for the selector; with invalid input, the invalid fields are ignored."""
        data = self.cleaned_data if self.is_bound else {}
        return CompanyFilter(
            q=data.get("q") or "",
            municipality=data.get("municipality"),
            industry=data.get("industry") or "",
            size_class=data.get("size_class") or "",
            form_code=data.get("form_code"),
            status=data.get("status") or "active",
        )
