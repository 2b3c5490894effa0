"""Budgets in the admin: a read-only list (budgets change only by import) and the upload page where
finance staff load a CSV template file or a Fiscal Data Package for the territories of their
akimat — the same importer as the `import_budget` command, errors listed on the form."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from openakimat.common.admin import ServiceAdminMixin
from openakimat.common.policy import is_staff
from openakimat.common.upload_limits import upload_limit
from openakimat.territory.models import Territory
from openakimat.territory.permissions import staff_territories_q

from . import permissions
from .importers import UNITS, ImportFailed, ImportTooLarge, guess_format, import_budget
from .models import Budget, ProgressReport, Project, ProjectFile
from .projects import PROJECT_FIELDS, progress_report_add, project_file_add, project_save


def can_import(user) -> bool:
    """Whether the user may load budgets of some territory (the service checks which ones)."""
    return permissions.can_import_somewhere(user)


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A CSV file of the budget template, or a Fiscal Data Package as a .zip."),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[
            ("", gettext_lazy("From the file name")),
            ("csv", gettext_lazy("CSV template")),
            ("fdp", gettext_lazy("Fiscal Data Package (.zip)")),
        ],
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit of the amounts"),
        required=False,
        choices=[
            ("", gettext_lazy("As the file states (default: thousand tenge)")),
            ("thousand", gettext_lazy("Thousand tenge")),
            ("tenge", gettext_lazy("Tenge")),
        ],
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Only check the file, save nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BUDGET_IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload


def too_large_message() -> str:
    return _("The file is larger than %(size)s, the most a budget import takes.") % {
        "size": filesizeformat(settings.BUDGET_IMPORT_MAX_BYTES)
    }


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Read-only: budgets change by import only (the button on the list)."""

    list_display = ["territory", "year", "version", "is_current", "source_unit", "source_name", "updated_at"]
    list_filter = ["year", "is_current"]
    search_fields = ["territory__kato", "territory__name_kk", "territory__name_ru", "territory__name_en"]
    list_select_related = ["territory"]
    change_list_template = "admin/budget/budget/change_list.html"

    def get_queryset(self, request: HttpRequest):
        scope = staff_territories_q(request.user, "territory__")
        return super().get_queryset(request).filter(scope)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            # CSRF is checked in the view, once an oversized upload has been refused unread.
            path(
                "import/",
                self.admin_site.admin_view(upload_limit("BUDGET_IMPORT_MAX_BYTES")(csrf_exempt(self.import_view))),
                name="budget_budget_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not can_import(request.user):
            raise PermissionDenied(_("Only finance staff can import budgets."))
        # An upload over the cap was left unread (its declared length) or stopped as it passed the
        # cap (no length declared): see openakimat.common.upload_limits.
        handler = getattr(request, "capped_upload", None)
        if handler is not None:
            request.POST  # noqa: B018 — parsed here, through the capped handler
            if handler.exceeded:
                return self._render(request, BudgetImportForm(), errors=(too_large_message(),), status=413)
        return csrf_protect(self._import)(request)

    def _import(self, request: HttpRequest) -> HttpResponse:
        form = BudgetImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            unit = form.cleaned_data["unit"]
            try:
                upload.open("rb")
                result = import_budget(
                    upload.file,
                    actor=request.user,
                    source_name=upload.name,
                    format=form.cleaned_data["format"] or guess_format(upload.name),
                    unit=UNITS[unit] if unit else None,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFailed as exc:
                form.add_error(
                    None, _("Nothing was saved: the file has %(count)s problem(s).") % {"count": len(exc.errors)}
                )
                for message in exc.errors:
                    form.add_error(None, message)
                return self._render(request, form, status=413 if isinstance(exc, ImportTooLarge) else 200)
            messages.success(request, result.summary())
            if form.cleaned_data["dry_run"]:
                return redirect(reverse("admin:budget_budget_import"))
            return redirect(reverse("admin:budget_budget_changelist"))
        return self._render(request, form)

    def _render(
        self, request: HttpRequest, form: BudgetImportForm, *, errors: tuple[str, ...] = (), status: int = 200
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a budget"),
            "form": form,
            "import_errors": [*form.non_field_errors(), *errors],
            "docs": "docs/budget-import.md",
        }
        return TemplateResponse(request, "admin/budget/budget/import_form.html", context, status=status)


@admin.register(Project)
class ProjectAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Projects of territories in the user's scope, saved through `projects.project_save`."""

    list_display = ["slug", "name_ru", "territory", "status", "progress", "contract_amount"]
    list_filter = ["status"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en", "contractor_name"]
    list_select_related = ["territory"]

    def get_fields(self, request, obj=None):
        return ["slug", *sorted(PROJECT_FIELDS)]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "progress"] if obj else ["progress"]

    def get_queryset(self, request: HttpRequest):
        scope = staff_territories_q(request.user, "territory__")
        return super().get_queryset(request).filter(scope)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "territory":
            kwargs["queryset"] = Territory.objects.filter(permissions.budget_territories_q(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_import(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return can_import(request.user)
        return permissions.can_manage_budget(request.user, obj.territory)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def call_service(self, request, form, obj, change):
        editable = PROJECT_FIELDS - {"progress"}
        if change:
            changed = {n: form.cleaned_data[n] for n in form.changed_data if n in editable}
            return project_save(actor=request.user, project=Project.objects.get(pk=obj.pk), **changed)
        fields = {n: form.cleaned_data[n] for n in editable if n in form.cleaned_data}
        return project_save(actor=request.user, slug=form.cleaned_data["slug"], **fields)


class _ProjectChildAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Reports and files are added, never edited: history stays as it was written."""

    list_select_related = ["project"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(staff_territories_q(request.user, "project__territory__"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = Project.objects.filter(permissions.budget_territories_q(request.user, "territory__"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_import(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(_ProjectChildAdmin):
    list_display = ["project", "on", "progress"]
    fields = ["project", "on", "progress", "note_kk", "note_ru", "note_en"]

    def call_service(self, request, form, obj, change):
        data = form.cleaned_data
        return progress_report_add(
            actor=request.user,
            project=data["project"],
            on=data["on"],
            progress=data["progress"],
            note_kk=data.get("note_kk", ""),
            note_ru=data.get("note_ru", ""),
            note_en=data.get("note_en", ""),
        )


@admin.register(ProjectFile)
class ProjectFileAdmin(_ProjectChildAdmin):
    list_display = ["project", "kind", "taken_on"]
    fields = ["project", "kind", "file", "taken_on", "caption_kk", "caption_ru", "caption_en"]

    def call_service(self, request, form, obj, change):
        data = form.cleaned_data
        upload = data["file"]
        return project_file_add(
            actor=request.user,
            project=data["project"],
            kind=data["kind"],
            file=upload,
            name=upload.name,
            taken_on=data["taken_on"],
            caption_kk=data.get("caption_kk", ""),
            caption_ru=data.get("caption_ru", ""),
            caption_en=data.get("caption_en", ""),
        )
