from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended by services and never edited."""

    list_display = ["sequence", "at", "actor_label", "action", "object_type", "object_id", "akimat", "sealed"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "object_id"]
    list_select_related = ["akimat"]

    @admin.display(boolean=True, description=_("sealed"))
    def sealed(self, obj):
        return obj.is_sealed

    def get_queryset(self, request):
        return super().get_queryset(request).filter(permissions.audit_q(request.user))

    def has_module_permission(self, request):
        return permissions.can_open_audit(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return permissions.can_view_audit(request.user, obj.akimat)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
