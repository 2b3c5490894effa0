from django.contrib import admin

from openakimat.accounts.permissions import Action, akimat_scope_q, has_permission

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended by services and never edited."""

    list_display = ["sequence", "at", "actor_label", "action", "object_type", "object_id", "akimat"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "object_id"]
    list_select_related = ["akimat"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(akimat_scope_q(request.user, Action.VIEW_AUDIT, prefix="akimat__"))

    def has_module_permission(self, request):
        from openakimat.territory.models import Akimat

        return Akimat.objects.filter(akimat_scope_q(request.user, Action.VIEW_AUDIT)).exists()

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return (
            obj.akimat is not None and has_permission(request.user, Action.VIEW_AUDIT, obj.akimat)
        ) or request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
