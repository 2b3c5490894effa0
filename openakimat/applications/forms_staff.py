"""Forms of the staff pages. They parse and label the input; the services decide what is allowed
and say what is wrong, and `common.forms.add_service_errors` puts their messages next to the right
field."""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openakimat.catalogue.models import PublicService, RequiredDocument, ServiceOffering
from openakimat.territory.models import Department

from .models import ConsultationOutcome, IdDocument
from .services.moves import IdentityCheck
from .workflow import Transition

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class _Versioned(forms.Form):
    # The case's version when the page was rendered: a form from an old page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("open", _("Open cases")),
            ("ready", _("Ready for issue")),
            ("closed", _("Closed")),
            ("all", _("All")),
        ],
    )
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)
    q = forms.CharField(label=_("Case number"), required=False, max_length=24)

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d.pk, f"{d.name} — {d.akimat.name}") for d in departments
        ]


class MoveForm(_Versioned):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    basis = forms.CharField(
        label=_("Legal basis of the refusal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        note = self.fields["note"]
        if transition.name == "request_documents":
            note.label = _("Which documents are needed (the resident sees this)")
        elif transition.name == "refuse":
            note.label = _("Reason for the refusal (the resident sees this)")
        elif transition.name == "withdraw":
            note.label = _("Why the resident withdraws the application")
        elif transition.note_is_public:
            note.label = _("Note for the resident (optional)")
        else:
            note.label = _("Reason")
        note.required = transition.needs_note
        if not (transition.needs_note or transition.note_is_public):
            del self.fields["note"]
        if not transition.needs_basis:
            del self.fields["basis"]
        if transition.needs_identity:
            self.fields["id_document"] = forms.ChoiceField(
                label=_("Identity document the resident showed"),
                choices=[("", _("— choose —")), *IdDocument.choices],
                error_messages={"required": _("Choose the kind of identity document the resident showed.")},
            )
            self.fields["id_iin"] = forms.CharField(
                label=_("IIN on the document"),
                max_length=20,
                help_text=_("Type it from the document: it must be the applicant's IIN."),
                error_messages={"required": _("Type the IIN from the identity document.")},
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
            self.fields["id_seen"] = forms.BooleanField(
                label=_("I saw the original document, and its photo matches the person in front of me"),
                required=False,  # the service says what is missing, with the other checks
            )

    def identity(self) -> IdentityCheck | None:
        """The identity check typed into the hand-over form (None for other moves)."""
        if not self.transition.needs_identity:
            return None
        data = self.cleaned_data
        return IdentityCheck(
            document=data.get("id_document", ""), iin=data.get("id_iin", ""), seen=data.get("id_seen", False)
        )


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(_Versioned):
    assignee = _StaffChoice(label=_("Assign to"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class _DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.akimat.name}"


class TransferForm(_Versioned):
    department = _DepartmentChoice(label=_("Transfer to"), queryset=None, empty_label=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ExtendForm(_Versioned):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)


def _accept(document: RequiredDocument) -> str:
    return ",".join(f".{t}" for t in document.file_type_list)


def _document_field(document: RequiredDocument, *, required: bool) -> forms.FileField:
    label = document.name
    return forms.FileField(
        label=label,
        required=required,
        allow_empty_file=True,  # the service says "the file is empty" in its own words
        help_text=_("Formats: %(types)s") % {"types": ", ".join(t.upper() for t in document.file_type_list)},
        widget=forms.ClearableFileInput(attrs={"accept": _accept(document)}),
        error_messages={"required": _("Attach the mandatory document “%(name)s”.") % {"name": document.name}},
    )


class _DocumentFields:
    """One file input per document of the service's list, named `doc_<pk>`."""

    documents: list[RequiredDocument]

    def _add_document_fields(self, documents: list[RequiredDocument], *, enforce_mandatory: bool) -> None:
        self.documents = documents
        for doc in documents:
            field = _document_field(doc, required=enforce_mandatory and doc.mandatory)
            field.mandatory = enforce_mandatory and doc.mandatory  # type: ignore[attr-defined]
            self.fields[f"doc_{doc.pk}"] = field  # type: ignore[attr-defined]

    def document_fields(self) -> list[Any]:
        return [self[f"doc_{doc.pk}"] for doc in self.documents]  # type: ignore[index]

    def uploads(self) -> list[tuple[RequiredDocument, Any]]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return [(doc, data[f"doc_{doc.pk}"]) for doc in self.documents if data.get(f"doc_{doc.pk}")]


class AddDocumentsForm(_DocumentFields, forms.Form):
    def __init__(self, *args: Any, documents: list[RequiredDocument], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self._add_document_fields(documents, enforce_mandatory=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.uploads():
            raise ValidationError(_("Choose at least one file."))
        return data


class _FindableSelect(forms.Select):
    """A select whose options carry `data-find`: the service's names in the three languages and its
    code, lower-cased, for the desk's filter box (static/js/service-picker.js)."""

    def __init__(self, *args: Any, find: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.find = find or {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        text = self.find.get(option["value"])
        if text:
            option["attrs"]["data-find"] = text
        return option


def _findable(service: PublicService) -> str:
    return " ".join((service.name_kk, service.name_ru, service.name_en, service.code)).casefold().replace("ё", "е")


class OfferingForm(forms.Form):
    """Step 1 of desk intake: the service, grouped by the department that renders it, each named
    first and coded after ("Birth registration · CIV-01"), in the operator's language, so a queue
    of people can be served by typing a name in any of the three languages."""

    offering = forms.TypedChoiceField(
        label=_("Public service"),
        coerce=int,
        error_messages={"required": _("Choose the service the resident applies for.")},
    )

    def __init__(self, *args: Any, offerings: list[ServiceOffering], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for o in sorted(offerings, key=lambda o: o.service.name.casefold()):
            label = f"{o.department.name} — {o.department.akimat.name}"
            groups.setdefault(o.department_id, (label, []))[1].append((o.pk, f"{o.service.name} · {o.service.code}"))
        field = self.fields["offering"]
        # Departments in the order the selector gives (akimat, kind), services by name within each.
        order = list(dict.fromkeys(o.department_id for o in offerings))
        field.choices = [groups[d] for d in order]
        field.widget = _FindableSelect(
            choices=field.choices,
            find={o.pk: _findable(o.service) for o in offerings},
            attrs={
                "size": min(12, len(offerings) + len(order)),
                "data-service-picker": "",
                "required": True,
                "aria-describedby": "service-list-hint",
            },
        )


class ApplicantLookupForm(forms.Form):
    """The returning resident: their IIN and their consent to the look-up (the service checks both)."""

    iin = forms.CharField(
        label=_("The resident's IIN"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("The resident consents to the look-up of their earlier data"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "lookup")
        super().__init__(*args, **kwargs)


class IntakeForm(_DocumentFields, forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    # Filled from the resident's earlier application with their consent (recorded with the case).
    looked_up = forms.BooleanField(widget=forms.HiddenInput, required=False)
    # Where the resident came from ("queue:42", see applications/origins.py), checked by the service.
    origin = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    applicant_iin = forms.CharField(
        label=_("IIN"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    applicant_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    applicant_phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        help_text=_("For example +7 701 123 4567."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    applicant_email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Resident's language (receipt and messages)"), choices=LANGUAGE_CHOICES)
    consent = forms.BooleanField(
        label=_("The resident signed the consent to the processing of personal data"),
        error_messages={"required": _("Consent to the processing of personal data is required to apply.")},
    )

    def __init__(self, *args: Any, documents: list[RequiredDocument], language: str = "kk", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        kwargs["initial"].setdefault("language", language if language in ("kk", "ru", "en") else "kk")
        super().__init__(*args, **kwargs)
        self._add_document_fields(documents, enforce_mandatory=True)

    def applicant_fields(self) -> list[Any]:
        return [self[n] for n in ("applicant_iin", "applicant_name", "applicant_phone", "applicant_email", "language")]


class ConsultationForm(forms.Form):
    akimat = forms.TypedChoiceField(label=_("Front office"), coerce=int)
    service = forms.ModelChoiceField(
        label=_("Public service (optional)"), queryset=None, required=False, empty_label=_("— none —")
    )
    department = _DepartmentChoice(
        label=_("Department (optional)"), queryset=None, required=False, empty_label=_("— none —")
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        required=False,
        help_text=_("What the resident asked about, without personal data."),
    )
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=480, initial=5)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ConsultationOutcome.choices)

    def __init__(self, *args: Any, akimats: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["akimat"].choices = [(a.pk, a.name) for a in akimats]
        if len(akimats) == 1:
            self.fields["akimat"].widget = forms.HiddenInput()
            self.fields["akimat"].initial = akimats[0].pk
        ids = [a.pk for a in akimats]
        self.fields["department"].queryset = (
            Department.objects.filter(akimat_id__in=ids, is_active=True)
            .select_related("akimat")
            .order_by("akimat_id", "kind")
        )
        self.fields["service"].queryset = (
            PublicService.objects.filter(is_active=True, offerings__department__akimat_id__in=ids)
            .distinct()
            .only("code", "name_kk", "name_ru", "name_en")
            .order_by("code")
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.code} {s.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("service") and not (data.get("topic") or "").strip():
            self.add_error("topic", _("Say what the consultation was about: a service or a topic."))
        return data
