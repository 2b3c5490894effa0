from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import TimeStampedModel, TrilingualName, localized

kato_validator = RegexValidator(r"^\d{9}$", _("A KATO code has exactly 9 digits."))


# A territory's heavy columns: its boundary (GeoJSON, decoded on every read: about a millisecond a
# row for a district) and its search text. A page that shows a territory only by name defers them.
HEAVY_FIELDS = ("boundary", "search_text")


def heavy_fields(path: str = "") -> tuple[str, ...]:
    """The heavy columns of the territory reached by `path` ("akimat__territory"), for `defer()`."""
    return tuple(f"{path}__{name}" if path else name for name in HEAVY_FIELDS)


class TerritoryLevel(models.TextChoices):
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    CITY = "city", _("City of regional significance")
    RURAL_OKRUG = "rural_okrug", _("Rural okrug")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")


class Territory(TrilingualName, TimeStampedModel):
    """A KATO territory. `path` holds the ancestors' codes so that a subtree is a prefix match."""

    kato = models.CharField(_("KATO code"), max_length=9, unique=True, validators=[kato_validator])
    level = models.CharField(_("level"), max_length=16, choices=TerritoryLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=200, db_index=True, editable=False)
    # Lower-cased names in all three languages: a search that behaves the same on SQLite
    # (whose LIKE folds only ASCII case) and PostgreSQL.
    search_text = models.TextField(editable=False, default="")
    centre_name_kk = models.CharField(_("centre (Kazakh)"), max_length=200, blank=True)
    centre_name_ru = models.CharField(_("centre (Russian)"), max_length=200, blank=True)
    centre_name_en = models.CharField(_("centre (English)"), max_length=200, blank=True)
    centre_lat = models.DecimalField(_("centre latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    centre_lon = models.DecimalField(_("centre longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    centre_approximate = models.BooleanField(_("centre is approximate"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)

    class Meta:
        ordering = ["kato"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.CheckConstraint(
                condition=Q(kato__regex=r"^[0-9]{9}$"),
                name="territory_kato_9_digits",
                violation_error_message=_("A KATO code has exactly 9 digits."),
            ),
            models.CheckConstraint(
                condition=(Q(centre_lat__isnull=True) & Q(centre_lon__isnull=True))
                | (Q(centre_lat__gte=-90) & Q(centre_lat__lte=90) & Q(centre_lon__gte=-180) & Q(centre_lon__lte=180)),
                name="territory_centre_in_range",
            ),
            models.CheckConstraint(
                condition=Q(level="region", parent__isnull=True) | ~Q(level="region"),
                name="territory_region_has_no_parent",
            ),
        ]

    @property
    def centre_name(self) -> str:
        return localized(self, "centre_name")

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent is not None else ""
        return f"{prefix}{self.kato}/"

    def compute_search_text(self) -> str:
        return " ".join(n.casefold() for n in (self.name_kk, self.name_ru, self.name_en, self.kato) if n)


class AkimatKind(models.TextChoices):
    REGION = "region", _("Regional akimat")
    DISTRICT = "district", _("District akimat")
    CITY = "city", _("City akimat")
    RURAL_OKRUG = "rural_okrug", _("Rural okrug akimat")
    TOWN = "town", _("Town akimat")
    VILLAGE = "village", _("Village akimat")


class ServiceStatus(models.TextChoices):
    NONE = "none", _("Not planned")
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")


class Akimat(TrilingualName, TimeStampedModel):
    territory = models.OneToOneField(
        Territory, on_delete=models.PROTECT, related_name="akimat", verbose_name=_("territory")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AkimatKind.choices)
    address_kk = models.CharField(_("address (Kazakh)"), max_length=300, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours_kk = models.CharField(_("opening hours (Kazakh)"), max_length=300, blank=True)
    hours_ru = models.CharField(_("opening hours (Russian)"), max_length=300, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=300, blank=True)
    website = models.URLField(
        _("website"), blank=True, validators=[URLValidator(schemes=["http", "https"])], max_length=300
    )
    # Where the building is, for the map on the akimat's page; the territory's centre stands in
    # when it is not given.
    location_lat = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    location_lon = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    location_approximate = models.BooleanField(
        _("position is approximate"), default=False, help_text=_("Say so when the point is not the building itself.")
    )
    # The akim's office: who the akim is and when they receive residents. The akim is a public
    # official; their name is published by the akimat itself.
    akim_name_kk = models.CharField(_("akim (Kazakh)"), max_length=200, blank=True)
    akim_name_ru = models.CharField(_("akim (Russian)"), max_length=200, blank=True)
    akim_name_en = models.CharField(_("akim (English)"), max_length=200, blank=True)
    reception_kk = models.CharField(_("akim's reception of residents (Kazakh)"), max_length=300, blank=True)
    reception_ru = models.CharField(_("akim's reception of residents (Russian)"), max_length=300, blank=True)
    reception_en = models.CharField(_("akim's reception of residents (English)"), max_length=300, blank=True)
    service_status = models.CharField(
        _("service akimat status"), max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.NONE
    )
    service_opened_on = models.DateField(_("service akimat opened on"), null=True, blank=True)
    case_prefix = models.CharField(
        _("case number prefix"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2,6}$", _("Use 2–6 capital Latin letters, e.g. AKZ."))],
        help_text=_("Starts the numbers of applications registered here, e.g. AKZ-2026-000123."),
    )
    open_space = models.BooleanField(
        _("open space format"),
        default=False,
        help_text=_("The front office is one open, barrier-free hall instead of a corridor of offices."),
    )

    class Meta:
        ordering = ["territory__kato"]
        verbose_name = _("akimat")
        verbose_name_plural = _("akimats")
        constraints = [
            models.CheckConstraint(
                condition=Q(service_status="open", service_opened_on__isnull=False) | ~Q(service_status="open"),
                name="akimat_open_has_opening_date",
                violation_error_message=_("An open service akimat needs the date it opened."),
            ),
            models.CheckConstraint(
                condition=(Q(location_lat__isnull=True) & Q(location_lon__isnull=True))
                | (
                    # Spelled out: a comparison with NULL is unknown, which a CHECK lets through.
                    Q(location_lat__isnull=False)
                    & Q(location_lon__isnull=False)
                    & Q(location_lat__gte=-90)
                    & Q(location_lat__lte=90)
                    & Q(location_lon__gte=-180)
                    & Q(location_lon__lte=180)
                ),
                name="akimat_location_in_range",
                violation_error_message=_("Give both latitude and longitude, within their ranges, or neither."),
            ),
            models.UniqueConstraint(
                fields=["case_prefix"],
                condition=~Q(case_prefix=""),
                name="akimat_case_prefix_unique",
                violation_error_message=_("Another akimat already uses this case number prefix."),
            ),
        ]

    @property
    def address(self) -> str:
        return localized(self, "address")

    @property
    def hours(self) -> str:
        return localized(self, "hours")

    @property
    def akim_name(self) -> str:
        return localized(self, "akim_name")

    @property
    def reception(self) -> str:
        return localized(self, "reception")

    @property
    def number_prefix(self) -> str:
        """What starts the akimat's case numbers: its own prefix, or else its whole KATO code.
        Prefixes are letters, unique among akimats; KATO codes are nine digits, unique among
        territories: so no two akimats share one (the first digits of a KATO code are shared by
        every okrug of a district)."""
        return self.case_prefix or self.territory.kato


class DepartmentKind(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing and communal services")
    AGRICULTURE = "agriculture", _("Agriculture")
    EMPLOYMENT = "employment", _("Employment and social programmes")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry")
    OTHER = "other", _("Other")


class Department(TrilingualName, TimeStampedModel):
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="departments", verbose_name=_("akimat"))
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["akimat__territory__kato", "kind", "name_en"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            # One department of each fixed kind per akimat; any number of "other" ones.
            models.UniqueConstraint(
                fields=["akimat", "kind"],
                condition=~Q(kind="other"),
                name="department_one_per_kind",
                violation_error_message=_("This akimat already has a department of this kind."),
            ),
            models.UniqueConstraint(
                fields=["akimat", "name_en"],
                name="department_unique_name",
                violation_error_message=_("This akimat already has a department with this name."),
            ),
        ]
