"""Forms of the firm's pages. They validate input; the growth-plan services decide what the
user may do. Every plan change carries the revision the page was rendered from."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import ActionStatus, MilestoneStatus
from vaekst.organisations.models import Organisation


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.HiddenInput)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class RevisionForm(StyledForm):
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MilestoneProgressForm(RevisionForm):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    progress = forms.IntegerField(
        label=_("Fremdrift (%)"), min_value=0, max_value=100, required=False
    )
    progress_note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionStatusForm(RevisionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class CommentForm(StyledForm):
    body = forms.CharField(
        label=_("Kommentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptPartnershipForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Jeg har læst partnerskabet og accepterer det på virksomhedens vegne."),
        error_messages={"required": _("Bekræft, at du accepterer partnerskabet.")},
    )


class InviteForm(StyledForm):
    email = forms.EmailField(label=_("Kollegaens e-mailadresse"))


class InvitationAcceptForm(StyledForm):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    username = forms.RegexField(
        label=_("Brugernavn"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Brug kun bogstaver, tal og tegnene @ . + - _")},
    )
    password1 = forms.CharField(
        label=_("Adgangskode"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskoden"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif first:
            try:
                validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ShareForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), empty_label=None
    )
    goals = forms.BooleanField(label=_("Mål"), required=False, initial=True)
    milestones = forms.BooleanField(label=_("Milepæle"), required=False, initial=True)
    actions = forms.BooleanField(label=_("Aktiviteter"), required=False)
    mapping = forms.BooleanField(label=_("Kortlægning"), required=False)

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners
        field.to_field_name = "public_id"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(part) for part in ("goals", "milestones", "actions", "mapping")):
            raise forms.ValidationError(_("Vælg mindst én del af planen."))
        return data
