from django.contrib import admin
from django.contrib.admin.utils import construct_change_message
from django.http import HttpRequest

from openakimat.common.admin import ServiceAdminMixin
from openakimat.territory.admin import ScopedAdmin
from openakimat.territory.models import Department

from . import permissions
from .models import LifeSituation, PublicService, RequiredDocument, ServiceOffering
from .services import (
    SERVICE_EDITABLE_FIELDS,
    DocumentSpec,
    life_situation_save,
    public_service_create,
    public_service_update,
    service_offer,
    service_withdraw,
)


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    fields = ["order", "name_kk", "name_ru", "name_en", "mandatory", "file_types"]
    extra = 1


@admin.register(PublicService)
class PublicServiceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The national register: superusers only. Documents are saved with the service, through
    `public_service_update`, in the inline's order."""

    list_display = ["code", "name_en", "department_kind", "term_value", "term_unit", "fee", "is_active"]
    list_filter = ["department_kind", "is_active", "online"]
    search_fields = ["code", "search_text"]
    inlines = [RequiredDocumentInline]

    def get_fields(self, request, obj=None):
        return ["code", *sorted(SERVICE_EDITABLE_FIELDS)]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a service leaves the register by being made inactive

    def call_service(self, request, form, obj, change):
        if change:
            changed = {n: form.cleaned_data[n] for n in form.changed_data if n in SERVICE_EDITABLE_FIELDS}
            return public_service_update(actor=request.user, service=PublicService.objects.get(pk=obj.pk), **changed)
        fields = {n: form.cleaned_data[n] for n in SERVICE_EDITABLE_FIELDS if n in form.cleaned_data}
        return public_service_create(actor=request.user, code=form.cleaned_data["code"], **fields)

    def save_related(self, request, form, formsets, change):
        rows = []
        for formset in formsets:
            for f in formset.forms:
                data = getattr(f, "cleaned_data", None)
                if not data or data.get("DELETE") or not data.get("name_en"):
                    continue
                rows.append((data.get("order") or 0, data))
        rows.sort(key=lambda r: r[0])
        documents = [
            DocumentSpec(d["name_en"], d["name_ru"], d["name_kk"], d["mandatory"], d["file_types"]) for _o, d in rows
        ]
        public_service_update(actor=request.user, service=form.instance, documents=documents)

    def construct_change_message(self, request, form, formsets, add=False):
        # The documents were saved by the service, not by the inline formsets, which so have no
        # record of new, changed or deleted objects for the admin's log entry to list (asking them
        # failed with an AttributeError): the entry names the service's changed fields.
        return construct_change_message(form, [], add)


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(ServiceAdminMixin, ScopedAdmin):
    """Which department of an akimat offers which service, for those who manage its catalogue."""

    akimat_prefix = "department__akimat__"
    change_allowed = staticmethod(permissions.can_manage_catalogue)
    list_display = ["service", "department"]
    list_filter = ["service__department_kind"]
    list_select_related = ["service", "department__akimat__territory"]
    fields = ["service", "department"]

    def akimat_of(self, obj):
        return obj.department.akimat

    def get_readonly_fields(self, request, obj=None):
        return ["service", "department"] if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_add_permission(self, request):
        return self._manageable_departments(request).exists()

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return permissions.can_manage_catalogue(request.user, obj.department.akimat)

    def _manageable_departments(self, request):
        scope = permissions.catalogue_akimats_q(request.user, prefix="akimat__")
        return Department.objects.filter(scope, is_active=True).select_related("akimat__territory")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = self._manageable_departments(request)
        elif db_field.name == "service":
            kwargs["queryset"] = PublicService.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def call_service(self, request, form, obj, change):
        return service_offer(
            actor=request.user, service=form.cleaned_data["service"], department=form.cleaned_data["department"]
        )

    def delete_model(self, request, obj):
        service_withdraw(actor=request.user, offering=obj)

    def delete_queryset(self, request, queryset):
        for offering in queryset:
            service_withdraw(actor=request.user, offering=offering)


@admin.register(LifeSituation)
class LifeSituationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Life situations group the register's services: national like the register, superusers only."""

    list_display = ["slug", "name_en", "order"]
    fields = ["slug", "name_kk", "name_ru", "name_en", "order", "services"]
    filter_horizontal = ["services"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def call_service(self, request, form, obj, change):
        data = form.cleaned_data
        return life_situation_save(
            actor=request.user,
            slug=obj.slug if change else data["slug"],
            name_kk=data["name_kk"],
            name_ru=data["name_ru"],
            name_en=data["name_en"],
            order=data["order"],
            service_codes=[s.code for s in data["services"]],
        )
