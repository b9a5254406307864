"""Forms of the firm's programme pages: who takes part, and the confirmation of a
cancellation. The enrolment services decide whether the firm may."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vaekst.portal.forms import StyledForm


class EnrolForm(StyledForm):
    participant_name = forms.CharField(label=_("Deltagerens navn"), max_length=200)
    participant_email = forms.EmailField(label=_("Deltagerens e-mail"))

    @classmethod
    def for_user(cls, user: Any, *, prefix: str) -> "EnrolForm":
        """The firm's user is the participant unless the form says otherwise."""
        return cls(
            prefix=prefix,
            initial={
                "participant_name": user.get_full_name() or user.username,
                "participant_email": user.email,
            },
        )


class CancelEnrolmentForm(StyledForm):
    reason = forms.CharField(
        label=_("Hvorfor melder I fra?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
