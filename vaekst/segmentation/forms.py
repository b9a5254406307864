"""Forms of the level pages: drafts, criteria, levels, labels, publishing, assessments and
the hidden-potential filter. They validate input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vaekst.segmentation.choices import Indicator, Operator
from vaekst.segmentation.services import clean_threshold


def decimal_point(raw: Any) -> str:
    """Danish decimal commas in a single number: "0,1" means 0.1 (lists keep their commas)."""
    value = str(raw or "").strip()
    if value.count(",") == 1 and value.replace(",", "").lstrip("-").isdigit():
        value = value.replace(",", ".")
    return value


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-checkbox")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DraftForm(StyledForm):
    effective_from = forms.DateField(
        label=_("Gælder fra"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CriterionForm(StyledForm):
    """Add a criterion, or change the threshold of the one with the same level, indicator,
    operator and group (in a nuance: override the inherited one)."""

    level_key = forms.ChoiceField(label=_("Niveau"))
    indicator = forms.ChoiceField(label=_("Indikator"), choices=Indicator.choices)
    operator = forms.ChoiceField(label=_("Sammenligning"), choices=Operator.choices)
    value = forms.CharField(
        label=_("Tærskel"),
        required=False,
        max_length=200,
        help_text=_("Et tal (vækst som brøk: 0,1 = 10 %) eller koder adskilt af komma"),
    )
    group = forms.IntegerField(
        label=_("Gruppe"),
        min_value=0,
        max_value=20,
        initial=0,
        help_text=_("0: skal altid opfyldes; samme gruppe over 0: mindst én af dem"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        # its own ids: the rule-set page also shows the note form, whose field is `note` too
        kwargs.setdefault("auto_id", "id_criterion_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["level_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = levels

    def clean_value(self) -> str:
        return decimal_point(self.cleaned_data.get("value", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"indicator", "operator", "value"} <= data.keys():
            _check_threshold(self, data["indicator"], data["operator"], data["value"])
        return data


def _check_threshold(form: forms.Form, indicator: str, operator: str, value: str) -> None:
    """The threshold's own error at the threshold field (a number where one is compared)."""
    try:
        clean_threshold(indicator, operator, value)
    except ValidationError as error:
        form.add_error("value", error)


class ThresholdForm(StyledForm):
    """Change one criterion's threshold in place (the inline form of a criterion row)."""

    value = forms.CharField(label=_("Tærskel"), max_length=200)

    def __init__(self, *args: Any, indicator: str = "", operator: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.operator = operator

    def clean_value(self) -> str:
        value = decimal_point(self.cleaned_data.get("value", ""))
        if self.indicator and self.operator:
            clean_threshold(self.indicator, self.operator, value)
        return value


class LevelForm(StyledForm):
    key = forms.SlugField(label=_("Nøgle"), max_length=30)
    rank = forms.IntegerField(label=_("Rang"), min_value=1, max_value=20)
    internal_name = forms.CharField(label=_("Internt navn"), max_length=100)
    external_name = forms.CharField(label=_("Eksternt navn"), max_length=100)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    internal_name_en = forms.CharField(
        label=_("Internt navn på engelsk"),
        max_length=100,
        required=False,
        help_text=_("Valgfrit. Vises for læsere på engelsk; ellers vises det danske navn."),
    )
    external_name_en = forms.CharField(
        label=_("Eksternt navn på engelsk"), max_length=100, required=False
    )
    description_en = forms.CharField(
        label=_("Beskrivelse på engelsk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LabelForm(StyledForm):
    level_key = forms.SlugField(widget=forms.HiddenInput)
    external_name = forms.CharField(label=_("Lokalt eksternt navn"), max_length=100)


class PublishForm(StyledForm):
    effective_from = forms.DateField(
        label=_("Gælder fra"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    confirm = forms.BooleanField(
        label=_("Jeg har set forhåndsvisningen og vil offentliggøre versionen"), required=True
    )


class AssessmentForm(StyledForm):
    SCALE = [(n, str(n)) for n in range(1, 6)]

    ambition = forms.TypedChoiceField(label=_("Vilje (1-5)"), choices=SCALE, coerce=int)
    capacity = forms.TypedChoiceField(label=_("Kapacitet (1-5)"), choices=SCALE, coerce=int)
    assessed_on = forms.DateField(
        label=_("Vurderet den"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HiddenPotentialForm(StyledForm):
    municipality = forms.TypedChoiceField(
        label=_("Kommune"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Hele området")), *municipalities]
