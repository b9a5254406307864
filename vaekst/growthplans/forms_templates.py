"""Forms of the mapping-template pages. They validate input; the services decide what is
allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import AnswerKind
from vaekst.growthplans.forms import StyledForm

ORDER_HELP = _("Lavere tal vises først.")


class DraftForm(StyledForm):
    title = forms.CharField(label=_("Titel"), required=False, max_length=200)


class AreaForm(StyledForm):
    """Add an area (no key) or reword and reorder the area with this key."""

    key = forms.SlugField(required=False, max_length=50, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(
        label=_("Rækkefølge"), required=False, min_value=0, max_value=999, help_text=ORDER_HELP
    )


class FocusAreaForm(StyledForm):
    """Add a focus area to an area (no key) or reword and reorder the one with this key."""

    key = forms.SlugField(required=False, max_length=50, widget=forms.HiddenInput)
    area_key = forms.ChoiceField(label=_("Område"))
    title = forms.CharField(label=_("Titel"), max_length=200)
    guidance = forms.CharField(
        label=_("Vejledning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("Rækkefølge"), required=False, min_value=0, max_value=999, help_text=ORDER_HELP
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = areas  # type: ignore[attr-defined]


class QuestionForm(StyledForm):
    text = forms.CharField(
        label=_("Spørgsmål"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_kind = forms.ChoiceField(label=_("Svartype"), choices=AnswerKind.choices)
    order = forms.IntegerField(
        label=_("Rækkefølge"), required=False, min_value=0, max_value=999, help_text=ORDER_HELP
    )
