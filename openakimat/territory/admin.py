from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openakimat.common.admin import ServiceAdminMixin
from openakimat.common.policy import is_staff

from . import permissions
from .models import Akimat, Department, Territory
from .services import (
    AKIMAT_EDITABLE_FIELDS,
    DEPARTMENT_EDITABLE_FIELDS,
    akimat_update,
    department_create,
    department_update,
)


class ScopedAdmin(admin.ModelAdmin):
    """Shows staff only the objects of akimats their grants reach, and lets the policy — not
    Django's model permissions — decide what they may change."""

    akimat_prefix = ""  # how to reach the akimat from this model, e.g. "akimat__"
    # The policy function that says whether the user may change an object's akimat.
    change_allowed = staticmethod(permissions.can_change_akimat)

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        return qs.filter(permissions.staff_akimats_q(request.user, prefix=self.akimat_prefix))

    def akimat_of(self, obj):
        return obj

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return is_staff(request.user)
        return self.change_allowed(request.user, self.akimat_of(obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["kind", "name_kk", "name_ru", "name_en", "is_active"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Akimat)
class AkimatAdmin(ServiceAdminMixin, ScopedAdmin):
    list_display = ["name_en", "kind", "service_status", "service_opened_on", "territory"]
    list_filter = ["kind", "service_status"]
    search_fields = ["name_kk", "name_ru", "name_en", "territory__kato"]
    readonly_fields = ["territory", "kind"]
    # Every editable field, grouped as the public page shows them (a test keeps the two lists equal).
    fieldsets = [
        (None, {"fields": ["territory", "kind", "name_kk", "name_ru", "name_en", "case_prefix"]}),
        (
            _("Contacts and hours"),
            {
                "fields": [
                    "address_kk",
                    "address_ru",
                    "address_en",
                    "phone",
                    "email",
                    "website",
                    "hours_kk",
                    "hours_ru",
                    "hours_en",
                ]
            },
        ),
        (_("Location"), {"fields": ["location_lat", "location_lon", "location_approximate"]}),
        (
            _("Akim's office"),
            {
                "fields": [
                    "akim_name_kk",
                    "akim_name_ru",
                    "akim_name_en",
                    "reception_kk",
                    "reception_ru",
                    "reception_en",
                ]
            },
        ),
        (_("Service akimat"), {"fields": ["service_status", "service_opened_on", "open_space"]}),
    ]
    inlines = [DepartmentInline]
    list_select_related = ["territory"]

    def call_service(self, request, form, obj, change):
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in AKIMAT_EDITABLE_FIELDS}
        return akimat_update(actor=request.user, akimat=Akimat.objects.get(pk=obj.pk), **changed)


@admin.register(Department)
class DepartmentAdmin(ServiceAdminMixin, ScopedAdmin):
    akimat_prefix = "akimat__"
    change_allowed = staticmethod(permissions.can_manage_departments)
    list_display = ["name_en", "kind", "akimat", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_kk", "name_ru", "name_en", "akimat__name_en"]
    list_select_related = ["akimat__territory"]

    def akimat_of(self, obj):
        return obj.akimat

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["akimat", "kind", "name_kk", "name_ru", "name_en"]
        return ["akimat", "kind", *sorted(DEPARTMENT_EDITABLE_FIELDS)]

    def get_readonly_fields(self, request, obj=None):
        return ["akimat", "kind"] if obj else []

    def has_add_permission(self, request):
        return self._manageable_akimats(request).exists()

    def _manageable_akimats(self, request):
        return Akimat.objects.filter(permissions.department_akimats(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "akimat":
            kwargs["queryset"] = self._manageable_akimats(request).select_related("territory")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def call_service(self, request, form, obj, change):
        if change:
            changed = {n: form.cleaned_data[n] for n in form.changed_data if n in DEPARTMENT_EDITABLE_FIELDS}
            return department_update(actor=request.user, department=Department.objects.get(pk=obj.pk), **changed)
        return department_create(
            actor=request.user,
            akimat=form.cleaned_data["akimat"],
            kind=form.cleaned_data["kind"],
            name_kk=form.cleaned_data["name_kk"],
            name_ru=form.cleaned_data["name_ru"],
            name_en=form.cleaned_data["name_en"],
        )


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """Read-only: territories come from the KATO classifier through `import_kato`."""

    list_display = ["kato", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["kato", "search_text"]
    exclude = ["boundary"]
    list_select_related = ["parent"]

    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
