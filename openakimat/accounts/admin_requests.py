"""The admin page of requests for roles that read residents' data: the administrators of the akimat
see what waits, and another administrator than the one who asked approves or rejects it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors

from .models import GrantState, RoleGrant
from .permissions import approval_refusal, can_grant_roles, can_reject_grant, grant_akimats_q
from .services import role_grant_approve, role_grant_reject


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to reject; the person who asked sees it."),
    )


class GrantRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "akimat", "department", "granted_by", "created_at", "decide"]
    list_filter = ["role"]
    search_fields = ["user__username", "akimat__name_en", "akimat__territory__kato"]
    list_select_related = ["user", "akimat__territory", "department", "granted_by"]

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request).filter(state=GrantState.PENDING)
        return qs.filter(grant_akimats_q(request.user, prefix="akimat__"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        from openakimat.territory.models import Akimat

        return Akimat.objects.filter(grant_akimats_q(request.user)).exists()

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return can_grant_roles(request.user, obj.akimat)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # asked for under "Role grants → Add"

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # decided on its own page, through the services

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a request is rejected (with a reason), not deleted here

    @admin.display(description=_("decision"))
    def decide(self, obj: RoleGrant) -> str:
        url = reverse("admin:accounts_grantrequest_decide", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Approve or reject"))

    def get_urls(self):
        return [
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="accounts_grantrequest_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = self.get_queryset(request).filter(pk=pk).first()
        if grant is None:
            raise Http404
        form = DecisionForm(request.POST or None)
        status = 200
        decision = next((d for d in ("approve", "reject") if d in request.POST), "")
        if request.method == "POST" and decision and form.is_valid():
            try:
                if decision == "approve":
                    role_grant_approve(actor=request.user, grant=grant)
                    messages.success(request, _("The request is approved: the role is in effect."))
                else:
                    role_grant_reject(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
                    messages.success(request, _("The request is rejected."))
                return redirect(reverse("admin:accounts_grantrequest_changelist"))
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
        elif request.method == "POST":
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Request for a role"),
            "grant": grant,
            "form": form,
            "approval_refusal": approval_refusal(request.user, grant),
            "may_reject": can_reject_grant(request.user, grant),
        }
        return TemplateResponse(request, "admin/accounts/grantrequest/decide.html", context, status=status)
