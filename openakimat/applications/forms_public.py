"""The resident's forms: applying online and tracking an application by its receipt.

The forms check what they can say about one field (is a file there, is it the right type); the
service function stays the authority on everything else, and its ValidationError dict is turned
back into messages on the fields with `common.forms.add_service_errors` and `SERVICE_FIELDS`.
"""

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openakimat.catalogue.formfields import FieldGroup, FormField, clean_value, service_groups
from openakimat.catalogue.models import PublicService, RequiredDocument, ServiceOffering
from openakimat.common.iin import IdentityNumberError, iin_validate
from openakimat.common.phone import phone_normalise
from openakimat.common.uploads import EXTENSION_ALIASES, check_upload

from .drafts import Draft, DraftFile

# Keys of the service's ValidationError dict → the form field the message belongs to.
SERVICE_FIELDS = {
    "applicant_iin": "iin",
    "applicant_name": "full_name",
    "applicant_phone": "phone",
    "applicant_email": "email",
    "consent": "consent",
    "offering": "offering",
}
ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "jpg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "tif": ".tif,.tiff,image/tiff",
}
MAX_NAME = 120


def document_field_name(document: RequiredDocument) -> str:
    return f"document_{document.pk}"


def answer_field_name(spec: FormField) -> str:
    return f"answer_{spec.name}"


class AnswerField(forms.Field):
    """One of the service's own fields; checked by `formfields.clean_value`, the same check the
    service and the API make."""

    def __init__(self, spec: FormField, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(label=spec.label, help_text=spec.help, required=False, **kwargs)

    def clean(self, value: Any) -> Any:
        return clean_value(self.spec, value, timezone.localdate())


def _answer_widget(spec: FormField) -> forms.Widget:
    attrs = {"autocomplete": spec.autocomplete} if spec.autocomplete else {}
    if spec.type == "long_text":
        return forms.Textarea(attrs={**attrs, "rows": 4, "maxlength": spec.max_length})
    if spec.type == "date":
        return forms.DateInput(attrs={**attrs, "type": "date"}, format="%Y-%m-%d")
    if spec.type == "number":
        return forms.TextInput(attrs={**attrs, "inputmode": "numeric", "class": "input-short"})
    if spec.type == "choice":
        choices = [(c.value, c.label) for c in spec.choices]
        if len(choices) <= 4:
            return forms.RadioSelect(choices=choices)
        return forms.Select(choices=[("", _("Choose…")), *choices])
    return forms.TextInput(attrs={**attrs, "maxlength": spec.max_length})


def offering_label(offering: ServiceOffering) -> str:
    return f"{offering.department.akimat.name} — {offering.department.name}"


class ErrorAwareForm(forms.Form):
    """Points each input with an error at its message, and every input at its hint, for screen
    readers (aria-describedby, aria-invalid)."""

    def annotate(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if self.errors.get(name):
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class ApplyForm(ErrorAwareForm):
    offering = forms.TypedChoiceField(
        label=_("Where to apply"),
        coerce=int,
        help_text=_("The akimat whose front office registers the application and hands you the result."),
        error_messages={
            "required": _("Choose the akimat where you will collect the result."),
            "invalid_choice": _("Choose the akimat where you will collect the result."),
        },
    )
    iin = forms.CharField(
        label=_("IIN"),
        max_length=20,
        help_text=_("Your individual identification number: 12 digits."),
        error_messages={"required": _("Enter your IIN.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        help_text=_("We send the tracking code and news of the application here, e.g. +7 701 123 4567."),
        error_messages={"required": _("Enter your phone number.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages we send you"),
        choices=settings.LANGUAGES,
        error_messages={"required": _("Choose a language."), "invalid_choice": _("Choose a language.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above."),
        error_messages={"required": _("Tick the box to agree to the processing of your personal data.")},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        service: PublicService,
        offerings: list[ServiceOffering],
        draft: Draft | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.draft = draft
        # The service's own questions, group by group (each a fieldset of the form).
        self.groups: list[tuple[FieldGroup, list[str]]] = []
        for group in service_groups(service):
            names = []
            for spec in group.fields:
                name = answer_field_name(spec)
                self.fields[name] = AnswerField(spec, widget=_answer_widget(spec))
                self.fields[name].optional = not spec.required
                if spec.type == "date" and spec.not_future:
                    self.fields[name].widget.attrs["max"] = timezone.localdate().isoformat()
                names.append(name)
            self.groups.append((group, names))
        self.offerings = {o.pk: o for o in offerings}
        self.fields["offering"].choices = ([] if len(offerings) == 1 else [("", _("Choose…"))]) + [
            (o.pk, offering_label(o)) for o in offerings
        ]
        if len(offerings) == 1:
            self.initial.setdefault("offering", offerings[0].pk)
        self.initial.setdefault("language", get_language() or settings.LANGUAGE_CODE)
        self.initial.setdefault("idempotency_key", str(uuid.uuid4()))
        if self.is_bound and not _is_uuid(self.data.get("idempotency_key")):
            self.renew_key()
        limit = filesizeformat(settings.UPLOAD_MAX_BYTES)
        self.documents: list[tuple[str, RequiredDocument]] = []
        for document in service.documents.all():
            name = document_field_name(document)
            types = [EXTENSION_ALIASES.get(t, t) for t in document.file_type_list]
            self.fields[name] = forms.FileField(
                label=document.name,
                required=False,  # a mandatory one may be kept from the last try: checked in clean()
                allow_empty_file=True,  # the upload check says which file was empty
                help_text=_("%(types)s, up to %(limit)s.")
                % {"types": ", ".join(t.upper() for t in types), "limit": limit},
                error_messages={
                    "required": _("Attach the document “%(name)s”.") % {"name": document.name},
                    "invalid": _("The file could not be read. Choose it again."),
                },
                widget=forms.FileInput(attrs={"accept": ",".join(ACCEPT.get(t, f".{t}") for t in types)}),
            )
            self.fields[name].mandatory = document.mandatory
            kept = draft.files.get(document.pk) if draft is not None else None
            self.fields[name].kept = kept
            if document.mandatory and kept is None:
                self.fields[name].widget.attrs["required"] = True  # said to assistive technology
            self.documents.append((name, document))

    def annotate(self) -> None:
        super().annotate()
        # The checkbox's label is short; the text above it says what is agreed to.
        attrs = self.fields["consent"].widget.attrs
        attrs["aria-describedby"] = " ".join(filter(None, ["consent-text", attrs.get("aria-describedby", "")]))
        for name, _document in self.documents:
            if self.fields[name].kept is not None:
                attrs = self.fields[name].widget.attrs
                kept = f"{self[name].auto_id}_kept"
                attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby", ""), kept]))

    @property
    def answer_groups(self) -> list[tuple[FieldGroup, list[forms.BoundField]]]:
        return [(group, [self[name] for name in names]) for group, names in self.groups]

    @property
    def service_fields(self) -> dict[str, str]:
        """`SERVICE_FIELDS` with the service's own fields: `fields.<name>` → `answer_<name>`."""
        own = {f"fields.{name[len('answer_') :]}": name for _group, names in self.groups for name in names}
        return {**SERVICE_FIELDS, **own}

    def answers(self) -> dict[str, Any]:
        return {
            name[len("answer_") :]: self.cleaned_data[name]
            for _group, names in self.groups
            for name in names
            if self.cleaned_data.get(name) not in (None, "")
        }

    @property
    def kept_files(self) -> bool:
        return any(getattr(self.fields[name], "kept", None) for name, _document in self.documents)

    @property
    def document_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _document in self.documents]

    @property
    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("iin", "full_name", "phone", "email", "language")]

    def clean_offering(self) -> ServiceOffering:
        return self.offerings[self.cleaned_data["offering"]]

    def clean_iin(self) -> str:
        # Checked here too, so that every mistake shows at once; the service checks again.
        iin = "".join(self.cleaned_data["iin"].split())
        try:
            iin_validate(iin)
        except IdentityNumberError as exc:
            raise ValidationError(str(exc), code="iin") from None
        return iin

    def clean_phone(self) -> str:
        return phone_normalise(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(_("Enter a valid e-mail address or leave it empty."), code="email") from None
        return email

    def clean_idempotency_key(self) -> str:
        raw = self.cleaned_data.get("idempotency_key") or ""
        return str(uuid.UUID(raw)) if _is_uuid(raw) else ""

    def renew_key(self) -> None:
        """A new key for the form as shown again: the next sending is a new application."""
        self.data = self.data.copy()
        self.data["idempotency_key"] = str(uuid.uuid4())

    def removing(self, name: str) -> bool:
        """The resident ticked "remove" next to a file kept from the last try."""
        return self.is_bound and self.data.get(f"{name}-remove") == "1"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.checked: dict[str, Any] = {}
        for name, document in self.documents:
            upload = self.cleaned_data.get(name)
            if not upload:
                kept = self.fields[name].kept
                if document.mandatory and (kept is None or self.removing(name)) and name not in self.errors:
                    self.add_error(name, _("Attach the document “%(name)s”.") % {"name": document.name})
                continue
            upload.name = short_name(upload.name)
            try:
                self.checked[name] = check_upload(upload, upload.name, document.file_type_list)
            except ValidationError as exc:
                self.add_error(name, exc)
        return cleaned

    def keep_files(self, draft: Draft) -> None:
        """After a mistake: keep every file that passed its check in the draft, drop the ones the
        resident removed, and show the form with what is kept."""
        for name, document in self.documents:
            checked = getattr(self, "checked", {}).get(name)
            upload = self.files.get(name) if checked is not None and name not in self.errors else None
            if upload is not None:
                draft.keep(document.pk, upload, upload.name, checked.extension, checked.size)
            elif self.removing(name):
                draft.remove(document.pk)
            self.fields[name].kept = draft.files.get(document.pk)
            if self.fields[name].kept is not None:
                self.fields[name].widget.attrs.pop("required", None)

    def uploads(self) -> list[tuple[Any, RequiredDocument]]:
        """The files to register: those sent now, and those kept from the last try."""
        found = []
        for name, document in self.documents:
            upload = self.cleaned_data.get(name)
            kept: DraftFile | None = self.fields[name].kept
            if upload:
                found.append((upload, document))
            elif kept is not None and self.draft is not None and not self.removing(name):
                found.append((self.draft.open(document.pk), document))
        return found


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def short_name(name: str) -> str:
    """A file name the upload check accepts: folders dropped, at most 120 characters with its
    extension kept (phones name photos at length)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].lstrip(".") or "document"
    if len(name) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 8:
        return name[:MAX_NAME]
    return f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}"


class TrackForm(ErrorAwareForm):
    number = forms.CharField(
        label=_("Application number"),
        max_length=40,
        help_text=_("As on your receipt, e.g. AKZ-2026-000123."),
        error_messages={"required": _("Enter the application number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("13 letters and digits from your receipt; dashes and spaces don't matter."),
        error_messages={"required": _("Enter the tracking code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
