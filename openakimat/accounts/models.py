from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.common.actor import Scope
from openakimat.common.models import TimeStampedModel
from openakimat.common.roles import DEPARTMENT_ROLES, Role

__all__ = ["DEPARTMENT_ROLES", "GrantRequest", "GrantState", "Role", "RoleGrant", "User"]


class User(AbstractUser):
    """Residents and staff alike. What a staff member may do comes from their role grants."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="kk"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def scopes(self) -> tuple[Scope, ...]:
        """The user's roles as plain scopes (see `common.actor`), read once per user object."""
        cached: tuple[Scope, ...] | None = self.__dict__.get("_scopes")
        if cached is None:
            cached = tuple(
                Scope(role=g.role, akimat_id=g.akimat_id, path=g.akimat.territory.path, department_id=g.department_id)
                for g in RoleGrant.objects.filter(user=self, state=GrantState.ACTIVE)
                .select_related("akimat__territory")
                .only("role", "akimat_id", "department_id", "akimat__territory__path")
            )
            self.__dict__["_scopes"] = cached
        return cached

    def forget_scopes(self) -> None:
        """Read the roles afresh next time (after a grant or a revocation)."""
        self.__dict__.pop("_scopes", None)


class GrantState(models.TextChoices):
    """Only an active grant gives a role. A grant of a role that reads residents' data waits as a
    request until a second administrator approves or rejects it."""

    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")


# A rejected request is kept as a record and doesn't stop the same role being asked for again.
_LIVE = ~Q(state=GrantState.REJECTED)


class RoleGrant(TimeStampedModel):
    """A role for one akimat, and through it for the akimat's territory subtree.

    `granted_by` gave the role or, for a request, asked for it; `decided_by` approved or rejected
    the request (never the same person, nor the one who receives the role)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants", verbose_name=_("account")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    akimat = models.ForeignKey(
        "territory.Akimat", on_delete=models.PROTECT, related_name="grants", verbose_name=_("akimat")
    )
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("department"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    state = models.CharField(_("state"), max_length=8, choices=GrantState.choices, default=GrantState.ACTIVE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=500, blank=True)

    class Meta:
        ordering = ["akimat__territory__kato", "role", "user__username"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "akimat"],
                condition=Q(department__isnull=True) & _LIVE,
                name="grant_unique_akimat_role",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "akimat", "department"],
                condition=Q(department__isnull=False) & _LIVE,
                name="grant_unique_department_role",
                violation_error_message=_("This person already has this role here."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in DEPARTMENT_ROLES], department__isnull=False)
                | (~Q(role__in=[r.value for r in DEPARTMENT_ROLES]) & Q(department__isnull=True)),
                name="grant_department_iff_department_role",
                violation_error_message=_("Specialists and heads belong to a department; other roles do not."),
            ),
            models.CheckConstraint(condition=Q(state__in=GrantState.values), name="grant_state_valid"),
            # The two-person rule, kept by the database too: whoever decided a request neither
            # asked for it nor receives the role.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=models.F("user")) & ~Q(decided_by=models.F("granted_by"))),
                name="grant_decided_by_another_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.akimat}"


class GrantRequest(RoleGrant):
    """Requests for role grants waiting for a second administrator: a view of the grants for the
    admin page where they are approved or rejected."""

    class Meta:
        proxy = True
        verbose_name = _("request for a role")
        verbose_name_plural = _("requests for roles")
