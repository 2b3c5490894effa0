from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiKey
from .services import api_key_deactivate


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Superusers see the keys and switch them off; keys are created with
    `manage.py create_open311_key`, which shows the key once, or by civic developers themselves
    (keys.py), whose project is shown."""

    list_display = ["name", "prefix", "akimat", "project", "is_active", "created_at", "last_used_at"]
    list_select_related = ["akimat", "signup"]
    list_filter = ["is_active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["name", "akimat", "prefix", "is_active", "created_at", "last_used_at"]
    actions = ["deactivate"]

    @admin.display(description=_("Project"))
    def project(self, obj: ApiKey) -> str:
        """The project a civic developer named when asking for the key (self-service keys only)."""
        signup = getattr(obj, "signup", None)
        return signup.project if signup is not None else ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Switch the selected keys off"))
    def deactivate(self, request: HttpRequest, queryset):
        count = 0
        for key in queryset.filter(is_active=True):
            api_key_deactivate(actor=request.user, key=key)
            count += 1
        message = ngettext("%(count)d key switched off.", "%(count)d keys switched off.", count) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
