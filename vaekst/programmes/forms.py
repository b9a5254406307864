"""Forms of the staff pages for programmes and runs. They validate input; the services
decide what is allowed."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaekst.programmes.choices import ProgrammeFormat, RunStatus
from vaekst.programmes.selectors import RunFilter

DATE = {"type": "date"}
TIME = {"type": "time"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


def time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs=TIME, format="%H:%M"))


class ProgrammeForm(StyledForm):
    """What makes a collective offer a programme."""

    format = forms.ChoiceField(label=_("Form"), choices=ProgrammeFormat.choices)
    content = forms.CharField(
        label=_("Indhold"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    content_en = forms.CharField(
        label=_("Indhold på engelsk"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    target_industries = forms.CharField(
        label=_("Målgruppe: brancher"),
        required=False,
        help_text=_("Branchekoder eller deres første cifre, adskilt af komma. Tom: alle brancher."),
    )
    default_capacity = forms.IntegerField(label=_("Standardkapacitet"), min_value=1, initial=20)

    def industries(self) -> list[str]:
        raw = self.cleaned_data["target_industries"]
        return [code.strip() for code in raw.replace(";", ",").split(",") if code.strip()]


class RunFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *RunStatus.choices]
    )
    organiser = forms.TypedChoiceField(label=_("Arrangør"), required=False, empty_value=None)
    programme = forms.TypedChoiceField(
        label=_("Program"), required=False, coerce=int, empty_value=None
    )
    mine = forms.BooleanField(label=_("Kun hold, jeg arrangerer eller faciliterer"), required=False)

    def __init__(self, *args: Any, organisers: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser"]
        assert isinstance(organiser, forms.TypedChoiceField)
        organiser.choices = [("", _("Alle arrangører"))] + [
            (str(o.public_id), o.name) for o in organisers
        ]
        programme = self.fields["programme"]
        assert isinstance(programme, forms.TypedChoiceField)
        programme.choices = [("", _("Alle programmer"))] + [(p.pk, str(p)) for p in programmes]

    def to_filter(self) -> RunFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return RunFilter(
            status=data.get("status") or "",
            organiser=data.get("organiser") or None,
            programme=data.get("programme") or None,
            mine=bool(data.get("mine")),
        )


class RunForm(StyledForm):
    """A run's details; `programme` only when creating it."""

    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Program"),
        queryset=None,  # type: ignore[arg-type]
    )
    title = forms.CharField(label=_("Holdets navn"), max_length=200)
    capacity = forms.IntegerField(
        label=_("Pladser"),
        min_value=1,
        required=False,
        help_text=_("Tom: programmets standardkapacitet."),
    )
    enrolment_deadline = date_field(_("Tilmeldingsfrist"))
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    facilitators: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Facilitatorer"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cohort_min = forms.IntegerField(label=_("Mindste hold"), min_value=1, initial=12)
    cohort_max = forms.IntegerField(label=_("Største hold"), min_value=1, initial=20)
    cohort_by = forms.ChoiceField(
        label=_("Hold inden for"),
        required=False,
        choices=[("", _("Alle brancher blandet")), ("industry", _("Én branche pr. hold"))],
    )

    def __init__(
        self, *args: Any, programmes: Any = None, facilitators: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        people = self.fields["facilitators"]
        people.queryset = facilitators  # type: ignore[attr-defined]
        people.label_from_instance = _person  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("cohort_min"), data.get("cohort_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "cohort_max", _("Det største hold kan ikke være mindre end det mindste.")
            )
        return data

    def run_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "capacity": data["capacity"],
            "enrolment_deadline": data["enrolment_deadline"],
            "description": data["description"],
            "cohort_min": data["cohort_min"],
            "cohort_max": data["cohort_max"],
            "cohort_by": data["cohort_by"],
        }


def _person(user: Any) -> str:
    return f"{user} ({user.organisation})" if user.organisation else str(user)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=RunStatus.choices)


class SessionForm(StyledForm):
    """A session: a day with a start and end time, and a place or an online link."""

    title = forms.CharField(label=_("Emne"), max_length=200, required=False)
    day = date_field(_("Dato"), required=True)
    starts = time_field(_("Starter kl."))
    ends = time_field(_("Slutter kl."))
    place = forms.CharField(label=_("Sted"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Onlinelink"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Pladser i lokalet"),
        min_value=1,
        required=False,
        help_text=_("Tom betyder holdets antal pladser."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("En mødegang skal slutte efter den starter."))
        if not data.get("place") and not data.get("online_url") and not self.errors:
            self.add_error("place", _("Angiv et sted eller en onlinelink."))
        return data

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return {
            "title": session.title,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": session.place,
            "online_url": session.online_url,
            "capacity": session.capacity,
        }

    def session_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "title": data["title"],
            "starts_at": datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            "ends_at": datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone),
            "place": data["place"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
        }


class EnrolForm(StyledForm):
    """A consultant's enrolment: the firm by CVR number or name, the participant, and the
    reason for an override when the eligibility check refuses the firm."""

    firm = forms.CharField(
        label=_("Virksomhed"),
        max_length=200,
        help_text=_("CVR-nummer eller navn."),
    )
    cvr = forms.IntegerField(required=False, widget=forms.HiddenInput)
    participant_name = forms.CharField(label=_("Deltager"), max_length=200, required=False)
    participant_email = forms.EmailField(label=_("Deltagerens e-mail"), required=False)
    override_reason = forms.CharField(
        label=_("Begrundelse for at tilmelde alligevel"),
        required=False,
        max_length=500,
        help_text=_("Kun hvis tjekket afviser virksomheden. Undtagelsen logges."),
    )


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Årsag"), max_length=300, required=False)
