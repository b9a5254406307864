"""Forms of the satisfaction surveys: the firm's answer (a 1–5 scale per question and a
comment) and the national administrator's next version of the questions. They validate
input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.growthplans.forms import StyledForm
from vaekst.programmes.models import SurveyQuestion
from vaekst.programmes.services.surveys import MAX_QUESTIONS, QuestionText

SCALE_CHOICES = [
    ("1", _("1 – Meget utilfreds")),
    ("2", _("2 – Utilfreds")),
    ("3", _("3 – Hverken tilfreds eller utilfreds")),
    ("4", _("4 – Tilfreds")),
    ("5", _("5 – Meget tilfreds")),
]


class SurveyForm(StyledForm):
    """One radio group per question of the version, and an optional comment."""

    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=5000,
        help_text=_("Hvad var godt, og hvad kan gøres bedre?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        comment = self.fields.pop("comment")
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.shown_text,
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vælg et svar fra 1 til 5.")},
            )
        self.fields["comment"] = comment

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{question.pk}"] for question in self.questions]

    def scores(self) -> dict[int, int]:
        return {
            question.pk: int(self.cleaned_data[f"q{question.pk}"]) for question in self.questions
        }


class PublishForm(StyledForm):
    """The questions of the next version: up to MAX_QUESTIONS rows (blank rows are left
    out) and which of them is the overall question."""

    overall = forms.TypedChoiceField(
        label=_("Samlet tilfredshedsspørgsmål"),
        help_text=_("Det spørgsmål, der tæller i andelen af tilfredse."),
        coerce=int,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        overall = self.fields.pop("overall")
        for number in range(1, MAX_QUESTIONS + 1):
            self.fields[f"text_{number}"] = forms.CharField(
                label=_("Spørgsmål %(number)s") % {"number": number},
                required=False,
                max_length=300,
            )
            self.fields[f"text_en_{number}"] = forms.CharField(
                label=_("Spørgsmål %(number)s på engelsk") % {"number": number},
                required=False,
                max_length=300,
            )
        overall.choices = [  # type: ignore[attr-defined]
            (str(number), _("Spørgsmål %(number)s") % {"number": number})
            for number in range(1, MAX_QUESTIONS + 1)
        ]
        self.fields["overall"] = overall
        for name, field in self.fields.items():
            if name != "overall":
                field.widget.attrs.setdefault("class", "form-input")

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"text_{number}"], self[f"text_en_{number}"])
            for number in range(1, MAX_QUESTIONS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        overall = data.get("overall")
        if overall and not (data.get(f"text_{overall}") or "").strip():
            self.add_error("overall", _("Det samlede spørgsmål skal have en tekst."))
        if not any((data.get(f"text_{n}") or "").strip() for n in range(1, MAX_QUESTIONS + 1)):
            raise forms.ValidationError(_("Skriv mindst ét spørgsmål."))
        return data

    def questions(self) -> list[QuestionText]:
        data = self.cleaned_data
        return [
            QuestionText(
                text=data[f"text_{number}"],
                text_en=data[f"text_en_{number}"],
                is_overall=number == data["overall"],
            )
            for number in range(1, MAX_QUESTIONS + 1)
            if data[f"text_{number}"].strip()
        ]

    @classmethod
    def initial_from(cls, questions: list[SurveyQuestion]) -> dict[str, Any]:
        """The rows prefilled from the version in force, to edit into the next."""
        initial: dict[str, Any] = {}
        for number, question in enumerate(questions[:MAX_QUESTIONS], start=1):
            initial[f"text_{number}"] = question.text
            initial[f"text_en_{number}"] = question.text_en
            if question.is_overall:
                initial["overall"] = str(number)
        return initial
