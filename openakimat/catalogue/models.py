from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openakimat.common.models import TimeStampedModel, TrilingualName, localized
from openakimat.territory.models import Department, DepartmentKind

from .fees import Fee, service_fee
from .formfields import schema_check
from .search import words

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,31}$", _("A register code has 2–32 capital Latin letters, digits and dashes.")
)
file_types_validator = RegexValidator(
    r"^([a-z0-9]{1,8}(,[a-z0-9]{1,8})*)?$", _("List file types as short extensions separated by commas, e.g. pdf,jpg.")
)


class TermUnit(models.TextChoices):
    """The units of `openakimat.common.calendar.due_at`."""

    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


def format_term(value: int, unit: str) -> str:
    """A term for people: "15 working days", "15 рабочих дней", "15 жұмыс күні"."""
    if unit == TermUnit.MINUTES:
        text = ngettext("%(count)d minute", "%(count)d minutes", value)
    elif unit == TermUnit.HOURS:
        text = ngettext("%(count)d hour", "%(count)d hours", value)
    elif unit == TermUnit.WORKING_DAYS:
        text = ngettext("%(count)d working day", "%(count)d working days", value)
    else:
        text = ngettext("%(count)d calendar day", "%(count)d calendar days", value)
    return text % {"count": value}


def compute_search_texts(service: Any) -> tuple[str, str, str]:
    """The three tiers of search.py, normalised: names, synonyms and code; result and department
    (its name in each language); description and legal basis. Takes any object with the fields, so
    that the migration that added the tiers fills them for the services already stored."""

    def text(*fields: str) -> str:
        return " ".join(getattr(service, f"{field}_{lang}", "") for field in fields for lang in ("kk", "ru", "en"))

    department = []
    for lang in ("kk", "ru", "en"):
        with translation.override(lang):
            department.append(str(DepartmentKind(service.department_kind).label))
    tiers = (
        f"{text('name', 'synonyms')} {service.code}",
        f"{text('result')} {' '.join(department)}",
        text("description", "legal_basis"),
    )
    first, second, third = (" ".join(words(t)) for t in tiers)
    return first, second, third


class PublicService(TrilingualName, TimeStampedModel):
    """An entry of the register of public services that local executive bodies render."""

    code = models.CharField(_("register code"), max_length=32, unique=True, validators=[code_validator])
    department_kind = models.CharField(_("department"), max_length=32, choices=DepartmentKind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    result_kk = models.TextField(_("result (Kazakh)"), blank=True)
    result_ru = models.TextField(_("result (Russian)"), blank=True)
    result_en = models.TextField(_("result (English)"), blank=True)
    legal_basis_kk = models.TextField(_("legal basis (Kazakh)"), blank=True)
    legal_basis_ru = models.TextField(_("legal basis (Russian)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    term_value = models.PositiveIntegerField(_("legal term"))
    term_unit = models.CharField(_("legal term unit"), max_length=16, choices=TermUnit.choices)
    extended_term_value = models.PositiveIntegerField(_("extended term"), null=True, blank=True)
    extended_term_unit = models.CharField(_("extended term unit"), max_length=16, choices=TermUnit.choices, blank=True)
    extended_condition_kk = models.TextField(_("when the term is extended (Kazakh)"), blank=True)
    extended_condition_ru = models.TextField(_("when the term is extended (Russian)"), blank=True)
    extended_condition_en = models.TextField(_("when the term is extended (English)"), blank=True)
    # 0 is free; empty when the register sets no fixed amount in tenge: then either `fee_mrp` gives
    # it in monthly calculation indices (МРП, as the Tax Code sets state duties) or `fee_note` says
    # what is paid (a separately paid document). fees.py turns МРП into tenge for the current year.
    fee = models.DecimalField(_("fee, tenge"), max_digits=12, decimal_places=2, null=True, blank=True)
    fee_mrp = models.DecimalField(
        _("fee, monthly calculation indices (МРП)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    fee_note_kk = models.CharField(_("fee note (Kazakh)"), max_length=300, blank=True)
    fee_note_ru = models.CharField(_("fee note (Russian)"), max_length=300, blank=True)
    fee_note_en = models.CharField(_("fee note (English)"), max_length=300, blank=True)
    at_desk = models.BooleanField(_("at the front-office desk"), default=True)
    online = models.BooleanField(_("online"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # What the online form asks besides the resident's details (formfields.py); the statement is
    # generated from the answers. Empty: the generic "what do you ask for".
    form_fields = models.JSONField(_("form fields"), default=list, blank=True, validators=[schema_check])
    # The names people use besides the official one ("ЗАГС", "АХАЖ", "birth certificate"),
    # separated by commas; searched with the name.
    synonyms_kk = models.TextField(_("common names (Kazakh)"), blank=True)
    synonyms_ru = models.TextField(_("common names (Russian)"), blank=True)
    synonyms_en = models.TextField(_("common names (English)"), blank=True)
    # Services with a place are shown, in that order, on the catalogue's first page.
    popular_rank = models.PositiveSmallIntegerField(_("place among popular services"), null=True, blank=True)
    # The normalised texts of search.py, by tier: names, synonyms and code; result and department;
    # description and legal basis.
    search_text = models.TextField(editable=False, default="")
    search_text_related = models.TextField(editable=False, default="")
    search_text_context = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["department_kind", "code"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__isnull=True) | Q(fee__gte=0),
                name="publicservice_fee_not_negative",
                violation_error_message=_("The fee can't be negative."),
            ),
            models.CheckConstraint(
                condition=Q(fee_mrp__isnull=True) | (Q(fee_mrp__gt=0) & Q(fee__isnull=True)),
                name="publicservice_fee_mrp_positive_alone",
                violation_error_message=_(
                    "A fee in МРП must be more than zero and replaces the fee in tenge: give one of them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_value__gt=0),
                name="publicservice_term_positive",
                violation_error_message=_("The legal term must be longer than zero."),
            ),
            models.CheckConstraint(
                condition=(Q(extended_term_value__isnull=True) & Q(extended_term_unit=""))
                | (Q(extended_term_value__isnull=False) & Q(extended_term_value__gt=0) & ~Q(extended_term_unit="")),
                name="publicservice_extended_term_complete",
                violation_error_message=_("An extended term needs both its length and its unit."),
            ),
        ]

    def compute_search_texts(self) -> tuple[str, str, str]:
        return compute_search_texts(self)

    def search_texts(self) -> tuple[str, str, str]:
        return self.search_text, self.search_text_related, self.search_text_context

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def result(self) -> str:
        return localized(self, "result")

    @property
    def legal_basis(self) -> str:
        return localized(self, "legal_basis")

    @property
    def extended_condition(self) -> str:
        return localized(self, "extended_condition")

    @property
    def fee_note(self) -> str:
        return localized(self, "fee_note")

    @property
    def term(self) -> str:
        return format_term(self.term_value, self.term_unit)

    @property
    def extended_term(self) -> str:
        if self.extended_term_value is None:
            return ""
        return format_term(self.extended_term_value, self.extended_term_unit)

    @property
    def is_free(self) -> bool:
        return self.fee is not None and self.fee == 0

    @property
    def synonyms(self) -> str:
        return localized(self, "synonyms")

    @property
    def fee_info(self) -> Fee:
        """The fee to show: free, a fixed amount, or МРП with this year's amount (fees.py)."""
        return service_fee(self)


class RequiredDocument(TrilingualName, TimeStampedModel):
    service = models.ForeignKey(
        PublicService, on_delete=models.CASCADE, related_name="documents", verbose_name=_("public service")
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    file_types = models.CharField(
        _("accepted file types"), max_length=64, blank=True, default="pdf,jpg,png", validators=[file_types_validator]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["service", "order", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    @property
    def file_type_list(self) -> list[str]:
        return [t for t in self.file_types.split(",") if t]


class ServiceOffering(TimeStampedModel):
    """A public service rendered by a department of an akimat: where a resident applies."""

    service = models.ForeignKey(
        PublicService, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("public service")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("department")
    )

    class Meta:
        ordering = ["service", "department"]
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "department"],
                name="serviceoffering_unique",
                violation_error_message=_("This department already offers this service."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} — {self.department}"


class LifeSituation(TrilingualName, TimeStampedModel):
    """A moment of life ("a child is born", "looking for work") with the services it needs, as
    eGov groups them, so that a resident who does not know a service's name still finds it."""

    slug = models.SlugField(_("short name for the address"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    services = models.ManyToManyField(
        PublicService, related_name="life_situations", blank=True, verbose_name=_("public services")
    )

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
