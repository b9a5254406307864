from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaekst.interactions.choices import InteractionKind
from vaekst.interactions.models import Person
from vaekst.register.models import Company


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(
        label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighed (minutter)"), required=False, min_value=0, max_value=24 * 60
    )
    subject = forms.CharField(label=_("Emne"), max_length=300)
    notes = forms.CharField(
        label=_("Noter"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    persons = forms.ModelMultipleChoiceField(
        label=_("Kontaktpersoner"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        company: Company,
        persons: Any = None,
        listed: list[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        """`persons` is the queryset the chosen contacts must come from; `listed`, when the
        caller has read those contacts already, is offered as the choices instead of reading
        them again (the answer is still checked against `persons`)."""
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate(), "kind": "meeting"})
        super().__init__(*args, **kwargs)
        persons_field = self.fields["persons"]
        assert isinstance(persons_field, forms.ModelMultipleChoiceField)
        persons_field.queryset = (
            persons if persons is not None else Person.objects.filter(company=company)
        )
        if listed is not None:
            persons_field.choices = [
                (person.pk, persons_field.label_from_instance(person)) for person in listed
            ]
        _style(self)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    role = forms.CharField(label=_("Rolle i virksomheden"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
