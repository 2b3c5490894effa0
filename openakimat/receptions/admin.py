"""The receptions in the scoped admin: read-only, for those who open the receptions' staff pages.
Every change goes through the staff pages and their services; the sign-ups, which hold residents'
names and phones, are not in the admin at all."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from openakimat.common import policy

from . import permissions
from .models import RaisedProblem, Reception


class _ReadOnly(admin.ModelAdmin):
    prefix = ""
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request).select_related(f"{self.prefix}akimat")
        return qs.filter(policy.path_q(request.user, permissions.SEE, f"{self.prefix}akimat__territory__path"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_open_receptions(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return permissions.can_open_receptions(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Reception)
class ReceptionAdmin(_ReadOnly):
    list_display = ["starts_at", "host_name_en", "kind", "akimat", "capacity", "status"]
    list_filter = ["kind", "status"]
    exclude = ["version"]


@admin.register(RaisedProblem)
class RaisedProblemAdmin(_ReadOnly):
    prefix = "reception__"
    list_display = ["reception", "topic", "department", "village"]
    list_filter = ["topic"]
    exclude = ["signup"]
