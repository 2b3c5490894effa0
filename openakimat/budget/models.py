"""Budgets of territories by the functional classification, their execution month by month, the
projects they fund, and the rollups that public pages read.

Money is tenge as Decimal (two places). Sources publish thousands of tenge; the importer records the
source's unit on the budget and converts. Each territory with a budget of its own (district, town,
village, rural okrug) has one budget per year in versions: 0 is the approved budget, 1, 2, … each
adjustment. Only the latest version of a year is current, and the rollups are of current versions.
"""

from datetime import date

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import TimeStampedModel, TrilingualName, localized
from openakimat.territory.models import Territory


class Phase(models.TextChoices):
    APPROVED = "approved", _("Approved")
    ADJUSTED = "adjusted", _("Adjusted plan")
    CONTRACTED = "contracted", _("Contracted")
    PAID = "paid", _("Paid")


class ClassLevel(models.IntegerChoices):
    """Levels of the functional classification of expenditure. A code is the dotted path of the
    levels' own codes: "07" group, "07.1" subgroup, "07.1.451" administrator, "07.1.451.015"
    program, "07.1.451.015.011" subprogram."""

    GROUP = 1, _("Functional group")
    SUBGROUP = 2, _("Functional subgroup")
    ADMINISTRATOR = 3, _("Budget program administrator")
    PROGRAM = 4, _("Budget program")
    SUBPROGRAM = 5, _("Budget subprogram")


# Digits of each level's own code.
LEVEL_WIDTHS = (2, 1, 3, 3, 3)
classification_code_validator = RegexValidator(
    r"^\d{2}(\.\d(\.\d{3}(\.\d{3}(\.\d{3})?)?)?)?$",
    _("A classification code is like 07, 07.1, 07.1.451, 07.1.451.015 or 07.1.451.015.011."),
)


class Classification(TrilingualName):
    """A node of the functional classification (national; names in three languages)."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[classification_code_validator])
    level = models.PositiveSmallIntegerField(_("level"), choices=ClassLevel.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("classification code")
        verbose_name_plural = _("classification codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="classification_parent_iff_not_group",
            ),
        ]

    @property
    def group_code(self) -> str:
        return self.code[:2]


class Budget(TimeStampedModel):
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), help_text=_("0: approved; 1, 2, …: adjustments"))
    approved_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_kk = models.CharField(_("decision (Kazakh)"), max_length=300, blank=True)
    decision_ru = models.CharField(_("decision (Russian)"), max_length=300, blank=True)
    decision_en = models.CharField(_("decision (English)"), max_length=300, blank=True)
    source_unit = models.PositiveIntegerField(
        _("source unit, tenge"), default=1000, help_text=_("1000 when the source gave thousands of tenge")
    )
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        ordering = ["territory__kato", "-year", "-version"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["territory", "year", "version"], name="budget_unique_version"),
            models.UniqueConstraint(
                fields=["territory", "year"], condition=Q(is_current=True), name="budget_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory.kato} {self.year} v{self.version}"

    @property
    def decision(self) -> str:
        return localized(self, "decision")


class BudgetLine(models.Model):
    """One line of a budget: a program or subprogram with its amounts in each phase."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="+")
    economic_code = models.CharField(_("economic specific"), max_length=8, blank=True)
    approved = models.DecimalField(_("approved"), max_digits=18, decimal_places=2, default=0)
    adjusted = models.DecimalField(_("adjusted plan"), max_digits=18, decimal_places=2, default=0)
    contracted = models.DecimalField(_("contracted"), max_digits=18, decimal_places=2, default=0)
    paid = models.DecimalField(_("paid"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        ordering = ["budget", "classification__code", "economic_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "classification", "economic_code"], name="budgetline_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}: {self.classification_id}"


class Payment(models.Model):
    """Cash execution of a line in one month (the sum over months is the line's `paid`).

    The biggest table (ten million rows at country size), written only by the budget services,
    which insert a line's payments with the line and delete them before it. So the reference to the
    line is not a database constraint: checking it row by row at every commit made a country-size
    import spend most of its time in the commit. The unique (line, month) index serves look-ups by
    line, so the reference has no index of its own either."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="payments", db_constraint=False, db_index=False
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=[MaxValueValidator(12)])
    amount = models.DecimalField(_("paid"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="payment_unique_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="payment_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}/{self.month}"


class Rollup(models.Model):
    """Totals of a territory's current budget of a year at one classification level: `code` is a
    classification code of that level, or "" with level 0 for the whole budget. Rebuilt on import;
    public reads come from here and never scan the lines."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()  # 0 total, 1 group … 5 subprogram
    code = models.CharField(max_length=20, blank=True)
    approved = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    adjusted = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    contracted = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    paid = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "year", "level", "code"], name="rollup_unique"),
        ]
        indexes = [models.Index(fields=["year", "level", "code"], name="rollup_year_level")]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.year} {self.code or 'total'}"


class MonthlyRollup(models.Model):
    """Paid per month of a territory's current budget, in total ("") and per functional group."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=2, blank=True)
    month = models.PositiveSmallIntegerField()
    paid = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "year", "code", "month"], name="monthlyrollup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.year}-{self.month:02d} {self.code or 'total'}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PROCUREMENT = "procurement", _("Procurement")
    IN_PROGRESS = "in_progress", _("Works in progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


bin_validator = RegexValidator(r"^\d{12}$", _("A BIN has 12 digits."))


class Project(TrilingualName, TimeStampedModel):
    """An object the budget pays for: a road, a school roof, a water main, street lights."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="projects", verbose_name=_("village or okrug")
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    contractor_name = models.CharField(_("contractor"), max_length=300, blank=True)
    contractor_bin = models.CharField(_("contractor's BIN"), max_length=12, blank=True, validators=[bin_validator])
    contract_amount = models.DecimalField(
        _("contract amount, tenge"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    paid_to_date = models.DecimalField(
        _("paid so far, tenge"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the contractor has been paid up to now, from every budget; empty when not known."),
    )
    procurement_ref = models.CharField(_("procurement reference"), max_length=100, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0, validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)

    class Meta:
        ordering = ["territory__kato", "slug"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="project_progress_range"),
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lon__isnull=True)) | (Q(lat__isnull=False) & Q(lon__isnull=False)),
                name="project_coordinates_complete",
            ),
        ]

    @property
    def description(self) -> str:
        return localized(self, "description")

    def is_overdue(self, today: date | None = None) -> bool:
        """Still not finished after its planned end: derived from the dates, never typed in."""
        if self.planned_end is None or self.actual_end is not None:
            return False
        if self.status == ProjectStatus.COMPLETED:
            return False
        return self.planned_end < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ProjectFunding(models.Model):
    """Which budget pays for a project: a territory's budget of a year, by classification code
    (stable across versions, unlike the line rows an import replaces)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount, tenge"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["year", "classification__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "territory", "year", "classification"], name="funding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year} {self.classification_id}"


class ProgressReport(models.Model):
    """Progress of a project on a date: the history the project page draws."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress, %"), validators=[MaxValueValidator(100)])
    note_kk = models.CharField(_("note (Kazakh)"), max_length=300, blank=True)
    note_ru = models.CharField(_("note (Russian)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "on"]
        constraints = [models.UniqueConstraint(fields=["project", "on"], name="progressreport_unique_date")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.on}: {self.progress}%"

    @property
    def note(self) -> str:
        return localized(self, "note")


class ProjectFile(models.Model):
    """A dated photo or document of a project; public, like the project."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="projects/%Y/")
    taken_on = models.DateField(_("date"))
    caption_kk = models.CharField(_("caption (Kazakh)"), max_length=300, blank=True)
    caption_ru = models.CharField(_("caption (Russian)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.taken_on}"

    @property
    def caption(self) -> str:
        return localized(self, "caption")
