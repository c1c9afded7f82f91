"""The audit log of access to personal data: one ``AuditEntry`` per read, export, change or erasure.

Views call ``record_access`` after they have decided the caller may see the data; services that change personal
data (erasure, consent changes, retention) write their own entry in their transaction.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from config.logs import current_request_id
from events.enums import AuditAction, AuditActorKind
from events.models import AuditEntry, Convention, Registration


def actor_fields(actor: object) -> dict[str, Any]:
    """The actor columns for a request's user: an account, a device, an attendee (bearer token) or nobody."""
    from events.permissions import device_of

    device = device_of(actor)
    if device is not None:
        return {"actor_kind": AuditActorKind.DEVICE, "actor_device": device, "actor_label": device.name[:150]}
    registration = getattr(actor, "registration", None)
    if isinstance(registration, Registration):
        return {"actor_kind": AuditActorKind.ATTENDEE, "actor_label": registration.code}
    if actor is not None and getattr(actor, "pk", None) is not None and getattr(actor, "is_authenticated", False):
        username = actor.get_username() if isinstance(actor, AbstractBaseUser) else str(actor)
        return {"actor_kind": AuditActorKind.USER, "actor_user": actor, "actor_label": username[:150]}
    return {"actor_kind": AuditActorKind.SYSTEM, "actor_label": ""}


def record_access(
    *,
    actor: object,
    action: AuditAction,
    convention: Convention | None,
    object_type: str,
    object_id: str = "",
    registration: Registration | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry; ``actor`` is ``request.user`` (or ``None`` for system jobs).

    The request id comes from the logging context, so an entry can be matched with the request's log lines.
    """
    return AuditEntry.objects.create(
        convention=convention,
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        registration=registration,
        request_id=(current_request_id.get() or "")[:64],
        details=details or {},
        **actor_fields(actor),
    )
