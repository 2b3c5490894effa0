"""The rating form: a score from 1 to 5 as radio buttons in a fieldset, and an optional plain-text
comment. The services check both again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RATING_COMMENT_MAX


def score_choices() -> list[tuple[int, object]]:
    return [
        (5, _("5 — very good")),
        (4, _("4 — good")),
        (3, _("3 — acceptable")),
        (2, _("2 — poor")),
        (1, _("1 — very poor")),
    ]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How was the service?"),
        choices=score_choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=RATING_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Plain text, up to 1000 characters. Only the akimat's staff read it, without your name or "
            "number; it is never published. Don't write your name or phone."
        ),
    )


class ApplicationRatingForm(RatingForm):
    """The rating from the tracking page: the case's number and tracking code come with it, in the
    body of the POST (never in an address), and are checked again."""

    number = forms.CharField(widget=forms.HiddenInput, max_length=40)
    tracking_code = forms.CharField(widget=forms.HiddenInput, max_length=40)
