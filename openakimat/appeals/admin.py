"""Appeals in the admin: a read-only list for those the policy lets see them, without the author's
details or the text (the staff pages show those, to those who may read them). Appeals change only
through the staff pages, which call the services."""

from django.contrib import admin
from django.http import HttpRequest

from . import permissions
from .models import Appeal


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["number", "akimat", "topic", "status", "due_on", "department", "published"]
    list_filter = ["status", "topic", "published"]
    search_fields = ["number"]
    fields = [
        "number",
        "akimat",
        "territory",
        "topic",
        "status",
        "department",
        "registered_at",
        "due_on",
        "extension_reason",
        "answered_at",
        "answered_in_term",
        "published",
        "published_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request).select_related("akimat", "department")
        return qs.filter(permissions.appeals_q(request.user)).defer(
            "text", "name", "phone", "email", "answer", "answer_draft"
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_open_appeals(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Appeal | None = None) -> bool:
        if obj is None:
            return permissions.can_open_appeals(request.user)
        return permissions.can_view(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Appeal | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Appeal | None = None) -> bool:
        return False
