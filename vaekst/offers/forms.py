from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.offers.choices import AllowanceUnit, OfferKind
from vaekst.offers.models import Offer
from vaekst.offers.selectors import OfferFilter, offer_owners
from vaekst.organisations.models import Organisation


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)


class OfferFilterForm(forms.Form):
    """The catalogue's filters: owner (national level or a house), kind and level."""

    owner = forms.TypedChoiceField(label=_("Udbyder"), required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *OfferKind.choices]
    )
    level = forms.ChoiceField(label=_("Niveau"), required=False)

    def __init__(self, *args: Any, levels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.TypedChoiceField)
        owner_field.choices = [("", _("Alle udbydere"))] + [
            (str(o.public_id), o.name) for o in offer_owners()
        ]
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [("", _("Alle niveauer")), *levels.items()]
        _style(self)

    def to_filter(self) -> OfferFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        owner = data.get("owner")
        return OfferFilter(
            owner=owner or None, kind=data.get("kind") or "", level=data.get("level") or ""
        )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    """An offer's fields, with one allowance field per level (empty: the level may not use
    it) and one unit for them all."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Partnere"),
        queryset=Organisation.objects.partners().order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    unit = forms.ChoiceField(label=_("Enhed for tildelingerne"), choices=AllowanceUnit.choices)

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "rationale",
            "regional_strategy",
            "municipal_priorities",
            "funding_source",
            "partners",
            "starts_on",
            "ends_on",
            "capacity",
            "is_published",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "regional_strategy": forms.Textarea(attrs={"rows": 3}),
            "municipal_priorities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, levels: dict[str, str], is_core: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        if not is_core:
            # The growth mapping is the national core service; houses add other kinds.
            kind_field.choices = [
                (value, label)
                for value, label in OfferKind.choices
                if value != OfferKind.GROWTH_MAPPING
            ]
        allowances = (
            {a.level_key: a for a in self.instance.allowances.all()} if self.instance.pk else {}
        )
        for key, name in levels.items():
            existing = allowances.get(key)
            self.fields[f"allowance_{key}"] = forms.DecimalField(
                label=_("Tildeling: %(level)s") % {"level": name},
                required=False,
                min_value=Decimal("0.5"),
                max_digits=7,
                decimal_places=1,
                initial=existing.quantity if existing else None,
                help_text=_("Tom: niveauet har ikke adgang."),
            )
            if existing:
                self.fields["unit"].initial = existing.unit
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data

    def offer_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "partners"}

    def allowances(self) -> dict[str, Decimal | None]:
        return {key: self.cleaned_data.get(f"allowance_{key}") for key in self.levels}


class OverrideForm(forms.Form):
    """A caseworker's override: which offer, why (required), how much extra, until when."""

    offer = forms.TypedChoiceField(label=_("Tilbud"))
    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv, hvorfor virksomheden skal have adgang. Begrundelsen logges."),
    )
    extra_quantity = forms.DecimalField(
        label=_("Ekstra omfang"),
        required=False,
        help_text=_("Tomt giver tilbuddets standardomfang (det laveste niveaus tildeling)."),
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=1,
    )
    valid_until = forms.DateField(label=_("Gælder til"), required=False, widget=DATE)

    def __init__(self, *args: Any, offers: list[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {str(offer.public_id): offer for offer in offers}
        offer_field = self.fields["offer"]
        assert isinstance(offer_field, forms.TypedChoiceField)
        offer_field.choices = [(key, offer.shown_title) for key, offer in self.offers.items()]
        offer_field.coerce = self.offers.__getitem__
        _style(self)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Skriv en begrundelse for undtagelsen."))
        return reason
