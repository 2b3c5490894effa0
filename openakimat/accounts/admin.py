from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.common.admin import ServiceAdminMixin
from openakimat.territory.models import Akimat, Department

from .admin_requests import GrantRequestAdmin
from .models import GrantRequest, GrantState, RoleGrant, User
from .permissions import can_grant_roles, grant_akimats_q
from .services import account_delete, account_reset_second_factor, account_save, role_grant, role_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are personal data: only superusers list them. Scoped administrators grant roles
    to an account by its username instead."""

    fieldsets = (*BaseUserAdmin.fieldsets, (_("Language"), {"fields": ["preferred_language"]}))
    actions = ["reset_second_factor"]

    def save_model(self, request, obj, form, change):
        account_save(actor=request.user, user=obj, changed=list(form.changed_data))

    def delete_model(self, request, obj):
        account_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_delete(actor=request.user, user=user)

    @admin.action(description=_("Reset the second factor (the person enrols a new authenticator)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            account_reset_second_factor(actor=request.user, user=user)
        self.message_user(request, _("The second factor was reset for the selected accounts."))

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RoleGrantForm(forms.ModelForm):
    username = forms.CharField(label=_("Username"), max_length=150)

    class Meta:
        model = RoleGrant
        fields = ["role", "akimat", "department"]

    def clean_username(self):
        try:
            return User.objects.get(username=self.cleaned_data["username"], is_active=True)
        except User.DoesNotExist:
            raise ValidationError(_("There is no active account with this username.")) from None

    def _post_clean(self):
        # The service validates the grant; skip the model's own validation of a user-less object.
        pass


@admin.register(RoleGrant)
class RoleGrantAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ["user", "role", "akimat", "department", "state", "granted_by", "created_at"]
    list_filter = ["state", "role"]
    search_fields = ["user__username", "akimat__name_en", "akimat__territory__kato"]
    list_select_related = ["user", "akimat__territory", "department", "granted_by"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(grant_akimats_q(request.user, prefix="akimat__"))

    def _grantable(self, request):
        return Akimat.objects.filter(grant_akimats_q(request.user))

    def has_module_permission(self, request):
        return self._grantable(request).exists()

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return can_grant_roles(request.user, obj.akimat)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a grant is revoked and given anew, never edited

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "akimat":
            kwargs["queryset"] = self._grantable(request).select_related("territory")
        if db_field.name == "department":
            kwargs["queryset"] = Department.objects.filter(
                grant_akimats_q(request.user, prefix="akimat__")
            ).select_related("akimat")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def call_service(self, request, form, obj, change):
        return role_grant(
            actor=request.user,
            user=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            akimat=form.cleaned_data["akimat"],
            department=form.cleaned_data.get("department"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.state == GrantState.PENDING:
            self.message_user(
                request,
                _(
                    "This role reads residents' personal data: it is requested and takes effect when another "
                    "administrator approves it under “Requests for roles”."
                ),
                messages.WARNING,
            )

    def delete_model(self, request, obj):
        role_revoke(actor=request.user, grant=obj)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            role_revoke(actor=request.user, grant=grant)


admin.site.register(GrantRequest, GrantRequestAdmin)


# Groups are not used (roles are grants), and authenticator devices change only through the
# audited sign-in and reset services.
for _model in (Group, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
