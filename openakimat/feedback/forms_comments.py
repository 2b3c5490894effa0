"""The comment form with its self-hosted CAPTCHA (django-simple-captcha), and the moderators' form.

The CAPTCHA comes two ways: a picture of characters (the default), or, for whoever can't read it, a
question in words in the page's language ("How much is 3 plus 4?"), both checked by the library
against its own store. A new challenge is a plain link (the page again), so it works without
JavaScript. The picture's text alternative says what it is, never what it shows."""

import random

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import COMMENT_EMAIL_MAX, COMMENT_NAME_MAX, COMMENT_REASON_MAX, COMMENT_TEXT_MAX

IMAGE, TEXT = "image", "text"


def words_challenge() -> tuple[str, str]:
    """A sum of two small numbers, kept as "3+4"; the page asks it in words."""
    a, b = random.randint(1, 9), random.randint(1, 9)  # noqa: S311 (a CAPTCHA, not a secret)
    return f"{a}+{b}", str(a + b)


def question(challenge: str) -> str:
    a, _plus, b = challenge.partition("+")
    return _("How much is %(a)s plus %(b)s? Write the answer in digits.") % {"a": a, "b": b}


class CaptchaWidget(CaptchaTextInput):
    template_name = "feedback/comments/captcha_widget.html"

    def __init__(self, mode: str = IMAGE) -> None:
        self.mode = mode
        super().__init__(attrs={"inputmode": "numeric" if mode == TEXT else "text", "maxlength": "12"})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["mode"] = self.mode
        if self.mode == TEXT:
            store = CaptchaStore.objects.filter(hashkey=self._key).only("challenge").first()
            context["question"] = question(store.challenge) if store else ""
        return context


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=COMMENT_NAME_MAX,
        help_text=gettext_lazy("Shown with your comment, as you write it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=COMMENT_EMAIL_MAX,
        help_text=gettext_lazy("Never published. Moderators may write to you about your comment."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=COMMENT_TEXT_MAX,
        help_text=gettext_lazy(
            "Plain text, up to 2000 characters; emoji are welcome, links and markup are shown as text."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    captcha_mode = forms.ChoiceField(choices=[(IMAGE, IMAGE), (TEXT, TEXT)], widget=forms.HiddenInput, initial=IMAGE)

    def __init__(self, *args, mode: str = IMAGE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mode = TEXT if mode == TEXT else IMAGE
        self.fields["captcha"] = CaptchaField(
            label=_("Answer the question") if mode == TEXT else _("Type the characters you see in the picture"),
            widget=CaptchaWidget(mode),
            generator=words_challenge if mode == TEXT else None,
            error_messages={
                "invalid": gettext_lazy("The check answer was not right. Try the new one below."),
                "required": gettext_lazy("Answer the check, so we know a person is writing."),
            },
        )
        self.fields["captcha"].widget.generator = words_challenge if mode == TEXT else None
        self.initial["captcha_mode"] = mode


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[])
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=COMMENT_REASON_MAX, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
