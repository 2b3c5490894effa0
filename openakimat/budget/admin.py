"""Budgets in the admin: a read-only list (budgets change only by import) and the upload page where
finance staff load a CSV template file or a Fiscal Data Package for the territories of their
akimat — the same importer as the `import_budget` command, errors listed on the form."""

from functools import reduce
from operator import or_

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openakimat.accounts.permissions import POLICY, Action, akimats_where, is_staff_member, user_grants

from .importers import UNITS, ImportFailed, guess_format, import_budget
from .models import Budget

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def can_import(user) -> bool:
    """Whether the user may load budgets of some territory (the service checks which ones)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(g.role in POLICY[Action.MANAGE_BUDGET] for g in user_grants(user))


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
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Read-only: budgets change by import only (the button on the list)."""

    list_display = ["territory", "year", "version", "is_current", "source_unit", "source_name", "updated_at"]
    list_filter = ["year", "is_current"]
    search_fields = ["territory__kato", "territory__name_kk", "territory__name_ru", "territory__name_en"]
    list_select_related = ["territory"]
    change_list_template = "admin/budget/budget/change_list.html"

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        user = request.user
        if getattr(user, "is_superuser", False) and user.is_active:
            return qs
        paths = sorted({a.territory.path for a in akimats_where(user, Action.VIEW_STAFF_AREA)})
        if not paths:
            return qs.none()
        return qs.filter(reduce(or_, (Q(territory__path__startswith=p) for p in paths)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_member(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff_member(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="budget_budget_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not can_import(request.user):
            raise PermissionDenied(_("Only finance staff can import budgets."))
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
                form.add_error(None, _("Nothing was saved: the file has %(count)s problem(s).")
                               % {"count": len(exc.errors)})  # fmt: skip
                for message in exc.errors:
                    form.add_error(None, message)
            else:
                messages.success(request, result.summary())
                if form.cleaned_data["dry_run"]:
                    return redirect(reverse("admin:budget_budget_import"))
                return redirect(reverse("admin:budget_budget_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a budget"),
            "form": form,
            "docs": "docs/budget-import.md",
        }
        return TemplateResponse(request, "admin/budget/budget/import_form.html", context)
