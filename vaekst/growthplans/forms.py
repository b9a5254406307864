"""Forms of the consultant-side pages. They validate input; the services decide what is
allowed. Every form that changes a plan carries the revision the editor started from."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.choices import (
    OWNER_PARTNER_KINDS,
    ActionOwnerKind,
    ActionStatus,
    GoalMetric,
    MilestoneStatus,
    OutcomeKind,
)
from vaekst.growthplans.models import PlanMilestone
from vaekst.offers.models import Offer
from vaekst.organisations.models import Organisation

DATE = {"type": "date"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.HiddenInput):
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


class RevisionForm(StyledForm):
    """The plan's revision when the editor opened it (optimistic locking)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# Mappings ----------------------------------------------------------------------------------


class MappingStartForm(StyledForm):
    held_on = date_field(_("Dato"), required=True)
    participants = forms.CharField(
        label=_("Deltagere"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MappingDetailsForm(StyledForm):
    """The session's details and the firm's ambition in three years."""

    held_on = date_field(_("Dato"), required=True)
    participants = forms.CharField(
        label=_("Deltagere"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ambition_jobs = forms.IntegerField(label=_("Flere job"), required=False)
    ambition_gross_profit = forms.IntegerField(label=_("Bruttofortjeneste (kr.)"), required=False)
    ambition_revenue = forms.IntegerField(label=_("Omsætning (kr.)"), required=False)
    ambition_export = forms.IntegerField(label=_("Eksport (kr.)"), required=False)
    target_year = forms.IntegerField(
        label=_("Målår"), required=False, min_value=2000, max_value=2100
    )
    barriers = forms.CharField(
        label=_("Barrierer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    capital_need = forms.IntegerField(label=_("Kapitalbehov (kr.)"), required=False, min_value=0)
    capital_note = forms.CharField(
        label=_("Om kapitalbehovet"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    actors = forms.ModelMultipleChoiceField(
        label=_("Aktører der skal involveres"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actors_other = forms.CharField(
        label=_("Andre aktører"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Noter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["actors"].queryset = partners  # type: ignore[attr-defined]


# Plans -------------------------------------------------------------------------------------


class PlanCreateForm(StyledForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Uden titel hedder planen »Vækstplan for« og virksomhedens navn."),
    )


class GoalForm(RevisionForm):
    metric = forms.ChoiceField(label=_("Mål for"), choices=GoalMetric.choices)
    description = forms.CharField(label=_("Beskrivelse"), max_length=300, required=False)
    baseline_value = forms.DecimalField(
        label=_("Udgangspunkt"),
        required=False,
        help_text=_("Tomt: registerets seneste tal."),
        max_digits=16,
        decimal_places=1,
    )
    target_value = forms.DecimalField(
        label=_("Mål"), required=False, max_digits=16, decimal_places=1
    )
    target_date = date_field(_("Dato"))


class MilestoneForm(RevisionForm):
    title = forms.CharField(label=_("Milepæl"), max_length=200)
    criterion = forms.CharField(
        label=_("Målbart kriterium"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = date_field(_("Dato"))
    status = forms.ChoiceField(
        label=_("Status"), choices=MilestoneStatus.choices, initial=MilestoneStatus.PLANNED
    )


class ActionForm(RevisionForm):
    title = forms.CharField(label=_("Aktivitet"), max_length=200)
    owner_kind = forms.ChoiceField(label=_("Ansvarlig"), choices=ActionOwnerKind.choices)
    owner_organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    owner_person = forms.CharField(
        label=_("Person"),
        max_length=200,
        required=False,
        help_text=_("Navngiv en privat rådgiver, kapitalkilde eller anden partner."),
    )
    due_on = date_field(_("Frist"))
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN
    )
    offer = forms.ModelChoiceField(
        label=_("Tilbud fra kataloget"), queryset=Offer.objects.none(), required=False
    )
    override_reason = forms.CharField(
        label=_("Begrundelse for at bruge tilbuddet alligevel"),
        required=False,
        help_text=_("Kun hvis tjekket afviser tilbuddet."),
    )
    milestone = forms.ModelChoiceField(
        label=_("Milepæl"), queryset=PlanMilestone.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        offers: Any = None,
        milestones: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            owner = self.fields["owner_organisation"]
            owner.queryset = organisations  # type: ignore[attr-defined]
            owner.choices = owner_choices(list(organisations))  # type: ignore[attr-defined]
        if offers is not None:
            self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
        if milestones is not None:
            self.fields["milestone"].queryset = milestones  # type: ignore[attr-defined]


def owner_choices(partners: list[Organisation]) -> list[Any]:
    """The partners grouped under the owner kind they fit (the services check the pairing)."""
    groups: list[Any] = [("", "---------")]
    for owner_kind, partner_kinds in OWNER_PARTNER_KINDS.items():
        fitting = [(p.pk, p.name) for p in partners if p.partner_kind in partner_kinds]
        if fitting:
            groups.append((ActionOwnerKind(owner_kind).label, fitting))
    return groups


class RemoveForm(RevisionForm):
    pass


class CommentForm(StyledForm):
    body = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


# Partnerships ------------------------------------------------------------------------------


class PartnershipForm(StyledForm):
    firm_commitment = forms.CharField(
        label=_("Virksomheden forpligter sig til"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    firm_milestones = forms.ModelMultipleChoiceField(
        label=_("Virksomhedens milepæle"),
        queryset=PlanMilestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    house_commitment = forms.CharField(
        label=_("Huset forpligter sig til"), widget=forms.Textarea(attrs={"rows": 3})
    )
    house_offers = forms.ModelMultipleChoiceField(
        label=_("Tilbud fra huset"),
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    house_hours = forms.DecimalField(
        label=_("Timer fra huset"), required=False, max_digits=7, decimal_places=1, min_value=0
    )
    starts_on = date_field(_("Start"))
    ends_on = date_field(_("Slut"))

    def __init__(self, *args: Any, milestones: Any = None, offers: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if milestones is not None:
            self.fields["firm_milestones"].queryset = milestones  # type: ignore[attr-defined]
        if offers is not None:
            self.fields["house_offers"].queryset = offers  # type: ignore[attr-defined]


class EndPartnershipForm(StyledForm):
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}))


# Referrals ---------------------------------------------------------------------------------


class ReferralForm(StyledForm):
    to_organisation = forms.ModelChoiceField(
        label=_("Henvis til"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(
        label=_("Besked"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["to_organisation"].queryset = organisations  # type: ignore[attr-defined]


class ReferralResponseForm(StyledForm):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Acceptér")), ("0", _("Afvis"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Bemærkning"), required=False)


class ReferralOutcomeForm(StyledForm):
    outcome_kind = forms.ChoiceField(label=_("Resultat"), choices=OutcomeKind.choices)
    outcome_amount = forms.IntegerField(
        label=_("Beløb (kr.)"), required=False, min_value=0, help_text=_("F.eks. rejst kapital.")
    )
    outcome_text = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
