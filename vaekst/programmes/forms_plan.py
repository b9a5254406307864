"""Enrolling a firm on a run of the programme a growth-plan action names."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanEnrolForm(forms.Form):
    """The open runs the firm may join; a caseworker may give a reason to enrol a firm the
    eligibility check refuses (an override, recorded as everywhere else)."""

    run = forms.ChoiceField(label=_("Hold"))
    override_reason = forms.CharField(
        label=_("Begrundelse for undtagelse"),
        max_length=500,
        required=False,
        help_text=_("Kun hvis tjekket afviser tilbuddet."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )

    def __init__(
        self, *args: Any, runs: list[tuple[str, str]], may_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        run_field = self.fields["run"]
        assert isinstance(run_field, forms.ChoiceField)
        run_field.choices = runs
        run_field.widget.attrs["class"] = "form-select"
        if not may_override:
            del self.fields["override_reason"]
