"""The public pages where a civic developer gets an Open311 API key: sign up, confirm by the link
sent to their e-mail (the key is shown once, after pressing a button: a mail scanner that follows
the link does not use it up), and switch the key off by the other link."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from openakimat.common.ratelimit import SUBMISSIONS, RateLimited, hit, hit_for

from . import keys, selectors


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name or your organisation's"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, help_text=_("We send the link to your key here; it is never published.")
    )
    project = forms.CharField(
        label=_("Project"),
        max_length=200,
        help_text=_("What will use the key, e.g. “a city app for reporting potholes”."),
    )
    jurisdiction = forms.ChoiceField(label=_("Akimat"), help_text=_("The key submits reports to this akimat."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.akimats = {a.territory.kato: a for a in selectors.jurisdictions()}
        choices = [(kato, f"{a.name} ({kato})") for kato, a in self.akimats.items()]
        self.fields["jurisdiction"].choices = choices  # type: ignore[attr-defined]
        for name in ("name", "email", "project"):
            self.fields[name].widget.attrs["autocomplete"] = {"name": "name", "email": "email"}.get(name, "off")


def _rate_limited(request: HttpRequest, email: str) -> bool:
    try:
        hit(f"{SUBMISSIONS}-open311-key", request, limit=keys.signup_limit())
        hit_for("open311-key-email", email.lower(), limit=3)
    except RateLimited:
        return True
    return False


@never_cache
@sensitive_post_parameters("email", "name")
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _rate_limited(request, data["email"]):
            return render(request, "open311/key_signup.html", {"form": form, "limited": True}, status=429)
        try:
            keys.signup_create(
                name=data["name"],
                email=data["email"],
                project=data["project"],
                akimat=form.akimats[data["jurisdiction"]],
                language=translation.get_language() or "kk",
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except forms.ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return render(request, "open311/key_sent.html", {})
    status = 400 if request.method == "POST" else 200
    return render(request, "open311/key_signup.html", {"form": form}, status=status)


@never_cache
@sensitive_variables("raw", "token")
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        issued = keys.signup_confirm(token)
        if issued is not None:
            signup, raw = issued
            response = render(request, "open311/key_shown.html", {"signup": signup, "raw": raw})
            response["Cache-Control"] = "no-store"
            return response
    elif keys.signup_for_confirmation(token) is not None:
        return render(request, "open311/key_confirm.html", {})
    return render(request, "open311/key_link_used.html", {}, status=404)


@never_cache
@sensitive_variables("token")
def revoke(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        if keys.signup_revoke(token) is not None:
            return render(request, "open311/key_revoked.html", {})
    elif keys.signup_for_revocation(token) is not None:
        return render(request, "open311/key_revoke.html", {})
    return render(request, "open311/key_link_used.html", {}, status=404)
