"""Forms of the cohort page. They validate input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.forms import StyledForm
from vaekst.programmes.models import Cohort, Enrolment, ProgrammeRun


class FirmChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.company.name)


class MoveForm(StyledForm):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), to_field_name="number", label=_("Flyt til")
    )

    def __init__(self, *args: Any, run: ProgrammeRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(run=run).order_by("number")  # type: ignore[attr-defined]


class PairForm(StyledForm):
    first = FirmChoice(queryset=Enrolment.objects.none(), label=_("Virksomhed"))
    second = FirmChoice(queryset=Enrolment.objects.none(), label=_("og virksomhed"))
    together = forms.TypedChoiceField(
        label=_("Ønske"),
        choices=[("1", _("i samme gruppe")), ("0", _("i hver sin gruppe"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )

    def __init__(self, *args: Any, run: ProgrammeRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolled = (
            Enrolment.objects.enrolled()
            .filter(run=run)
            .select_related("company")
            .order_by("company__name")
        )
        for name in ("first", "second"):
            self.fields[name].queryset = enrolled  # type: ignore[attr-defined]
            self.fields[name].to_field_name = "public_id"  # type: ignore[attr-defined]
