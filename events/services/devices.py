"""Gate scanners and booth staff devices: creation with a one-time setup code, token exchange, revocation."""

import base64
import datetime as dt
import io
import secrets

import qrcode
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from qrcode.constants import ERROR_CORRECT_M

from events import permissions
from events.errors import InvalidSetupCode, LeadsAreExhibitorsOnly, ValidationFailed
from events.models import CheckinList, Convention, Device, DeviceKind, Exhibitor
from events.tokens import hash_token

SETUP_CODE_VALIDITY = dt.timedelta(hours=24)
# How stale a device's "last seen" may get: every gate scans at once, so a device's requests write it once a minute.
LAST_SEEN_PRECISION = dt.timedelta(minutes=1)


hash_secret = hash_token


def new_setup_code() -> str:
    # Upper-case base32 fits QR alphanumeric mode and can be typed in when a camera fails.
    return base64.b32encode(secrets.token_bytes(10)).decode()


def setup_code_png(setup_code: str) -> bytes:
    image = qrcode.make(setup_code, error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def create_device(
    *,
    convention: Convention,
    name: str,
    kind: str,
    checkin_lists: list[CheckinList] | None = None,
    exhibitor: Exhibitor | None = None,
    created_by: User | None = None,
) -> tuple[Device, str]:
    """Create a gate device (scans on ``checkin_lists``) or a booth staff device (leads for ``exhibitor``).

    Returns the device and its one-time setup code, which is shown once and stored only as a hash. A booth
    device reads its exhibitor's leads, so ``created_by`` must be one of the exhibitor's managers and no organizer
    (``LeadsAreExhibitorsOnly`` otherwise); ``None`` is the system itself (the demo seed, a management command).
    """
    checkin_lists = checkin_lists or []
    if kind == DeviceKind.GATE and (exhibitor is not None or not checkin_lists):
        raise ValidationFailed(_("A gate device needs check-in lists and no exhibitor."))
    if kind == DeviceKind.BOOTH and (exhibitor is None or checkin_lists):
        raise ValidationFailed(_("A booth staff device needs an exhibitor and no check-in lists."))
    if any(item.convention_id != convention.pk for item in checkin_lists) or (
        exhibitor is not None and exhibitor.convention_id != convention.pk
    ):
        raise ValidationFailed(_("Check-in lists and exhibitor must belong to this convention."))
    if (
        kind == DeviceKind.BOOTH
        and created_by is not None
        and exhibitor is not None
        and not permissions.can_create_booth_device(created_by, exhibitor)
    ):
        raise LeadsAreExhibitorsOnly()
    setup_code = new_setup_code()
    with transaction.atomic():
        device = Device.objects.create(
            convention=convention,
            name=name,
            kind=kind,
            exhibitor=exhibitor,
            setup_code_hash=hash_secret(setup_code),
            setup_code_expires_at=timezone.now() + SETUP_CODE_VALIDITY,
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
        device.checkin_lists.set(checkin_lists)
    return device, setup_code


def activate_device(*, setup_code: str) -> tuple[Device, str]:
    """Exchange a setup code for the device's token (shown once, stored as a hash). A code works once."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    code_hash = hash_secret(setup_code.strip().upper())
    with transaction.atomic():
        # Conditional UPDATE: of two devices racing with the same code, exactly one gets a row count of 1.
        claimed = Device.objects.filter(
            setup_code_hash=code_hash, setup_code_expires_at__gt=now, revoked_at=None, token_hash=None
        ).update(setup_code_hash=None, token_hash=hash_secret(token), activated_at=now)
        if claimed != 1:
            raise InvalidSetupCode()
        device = Device.objects.select_related("convention", "exhibitor").get(token_hash=hash_secret(token))
    return device, token


def mark_device_seen(*, device: Device) -> Device:
    """Record that ``device`` used its token just now (a scan, a batch upload, a key download, its profile).

    Writes at most once a minute per device: nothing when the row already read says it was seen within the
    minute, else one conditional UPDATE (of two requests racing, one writes). A revoked device is never marked.
    """
    now = timezone.now()
    stale_before = now - LAST_SEEN_PRECISION
    if device.last_seen_at is not None and device.last_seen_at > stale_before:
        return device
    Device.objects.filter(
        Q(last_seen_at=None) | Q(last_seen_at__lt=stale_before), pk=device.pk, revoked_at=None
    ).update(last_seen_at=now)
    device.last_seen_at = now
    return device


def revoke_device(*, device: Device) -> Device:
    """Revoke a device: its token and any unused setup code stop working at once."""
    Device.objects.filter(pk=device.pk, revoked_at=None).update(revoked_at=timezone.now(), setup_code_hash=None)
    device.refresh_from_db()
    return device


def renew_setup_code(*, device: Device) -> str:
    """A new one-time setup code for a device that was not activated yet; the earlier code stops working."""
    setup_code = new_setup_code()
    renewed = Device.objects.filter(pk=device.pk, token_hash=None, revoked_at=None).update(
        setup_code_hash=hash_secret(setup_code), setup_code_expires_at=timezone.now() + SETUP_CODE_VALIDITY
    )
    if renewed != 1:
        raise InvalidSetupCode(_("This device is activated or revoked already; create a new one."))
    return setup_code


def update_gate_device(*, device: Device, name: str, checkin_lists: list[CheckinList]) -> Device:
    """Rename a gate device and choose the check-in lists it scans on (at least one, of its convention)."""
    if device.kind != DeviceKind.GATE:
        raise ValidationFailed(_("Only gate devices scan on check-in lists."))
    if not checkin_lists:
        raise ValidationFailed(fields={"checkin_lists": _("A gate device needs at least one check-in list.")})
    if any(item.convention_id != device.convention_id for item in checkin_lists):
        raise ValidationFailed(fields={"checkin_lists": _("Check-in lists of this convention only.")})
    with transaction.atomic():
        Device.objects.filter(pk=device.pk).update(name=name.strip())
        device.checkin_lists.set(checkin_lists)
    device.refresh_from_db()
    return device
