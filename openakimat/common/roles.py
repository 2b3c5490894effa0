"""The staff roles. A role is always held for an akimat (and so for its territory subtree); the
department roles also name one department. Each app's `permissions.py` says which roles may take
which of its actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Front-office operator")
    SPECIALIST = "specialist", _("Department specialist")
    HEAD = "head", _("Department head")
    AKIM = "akim", _("Akim")
    FINANCE = "finance", _("Finance officer")
    OBSERVER = "observer", _("Anti-corruption observer")
    MODERATOR = "moderator", _("Moderator")
    # The akim's apparatus: schedules the akimat's meetings, publishes their minutes and the news.
    SECRETARIAT = "secretariat", _("Akimat secretariat")
    ADMIN = "admin", _("Administrator")


# Roles that work inside one department and so must name it.
DEPARTMENT_ROLES = (Role.HEAD, Role.SPECIALIST)  # a tuple: its order is written into the migration
ALL_ROLES = frozenset(Role)

# Roles that read residents' personal data: the front office and the observers see the applicant's
# IIN, name and contacts; the department roles and the akim open the case files and the documents
# a resident brought (identity papers, certificates). A grant of one of them takes effect only when
# a second administrator approves it (accounts.services.role_grant_approve).
PERSONAL_DATA_ROLES = frozenset({Role.OPERATOR, Role.OBSERVER, Role.SPECIALIST, Role.HEAD, Role.AKIM})
