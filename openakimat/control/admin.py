"""Instructions in the admin: read-only, narrowed to those the staff member reaches (the same
`permissions.instructions_q` as the inbox). Every change goes through the staff pages and the
services, which check the policy, write the timeline and the audit log."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import permissions
from .models import Instruction, InstructionEvent


class EventInline(admin.TabularInline):
    model = InstructionEvent
    fields = ["at", "kind", "text", "old_deadline", "new_deadline", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "status", "deadline", "extension_count", "department", "akimat"]
    list_filter = ["status", "source_kind"]
    search_fields = ["number", "title"]
    list_select_related = ["department", "akimat"]
    inlines = [EventInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(permissions.instructions_q(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_open_instructions(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return permissions.can_open_instructions(request.user)
        return permissions.can_view(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
