"""Who may read the audit log: administrators, akims and anti-corruption observers, for the
akimats in their scope (a regional grant reaches the districts' entries)."""

from django.db.models import Model, Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role

READ_AUDIT = (Role.ADMIN, Role.OBSERVER, Role.AKIM)


def can_view_audit(actor: Actor | None, akimat: Model | None) -> bool:
    """An entry of `akimat` (entries of no akimat — imports, the system — only root reads)."""
    if akimat is None:
        return policy.is_root(actor)
    return policy.reaches_path(actor, READ_AUDIT, akimat.territory.path)  # type: ignore[attr-defined]


def audit_q(actor: Actor | None, prefix: str = "akimat__") -> Q:
    """A filter on audit entries (or, with prefix="", on akimats) the actor may read."""
    return policy.path_q(actor, READ_AUDIT, f"{prefix}territory__path")


def can_open_audit(actor: Actor | None) -> bool:
    """Whether the audit log is in the actor's admin at all."""
    return policy.is_root(actor) or bool(policy.scopes(actor, READ_AUDIT))
