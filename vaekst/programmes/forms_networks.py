"""Forms of the network pages and the portal's contact-list consent."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.forms import StyledForm
from vaekst.interactions.models import Person

DATETIME = {"type": "datetime-local"}


class NetworkForm(StyledForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberForm(StyledForm):
    cvr = forms.IntegerField(
        label=_("CVR-nummer"),
        min_value=1,
        max_value=99_999_999,
        help_text=_("En virksomhed i netværkets region."),
    )


class MeetingForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("Tidspunkt"),
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Sted"), max_length=300, required=False)
    topic = forms.CharField(label=_("Emne"), max_length=200)
    notes = forms.CharField(
        label=_("Referat"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


ME = "me"


class ConsentForm(StyledForm):
    """Whom the firm puts on the contact list: the user themselves, or a contact person."""

    person = forms.ChoiceField(label=_("Kontaktperson"))

    def __init__(self, *args: Any, persons: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.persons = {str(person.public_id): person for person in persons}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (ME, _("Mig selv")),
            *((key, person.name) for key, person in self.persons.items()),
        ]

    def chosen(self) -> Person | None:
        return self.persons.get(self.cleaned_data["person"])
