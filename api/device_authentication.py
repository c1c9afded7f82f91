"""Gate scanners and booth staff devices authenticate with ``Authorization: Device <token>``.

The token's SHA-256 is looked up among devices that are not revoked. ``request.user`` is a ``DeviceUser``
(authenticated, no Django account, no organizer rights) and ``request.auth`` the ``Device``.
"""

from django.db import connection
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.authentication import KeywordTokenAuthentication, TokenHolder
from events import rows
from events.models import Convention, Device
from events.services.devices import hash_secret


class DeviceUser(TokenHolder):
    """The user behind a device token. Permissions come from the device's scope."""

    def __init__(self, device: Device):
        self.device = device

    def __str__(self) -> str:
        return f"device {self.device.pk} {self.device.name}"


class DeviceTokenAuthentication(KeywordTokenAuthentication):
    keyword = "Device"
    unknown_message = "Unknown or revoked device token."

    def look_up(self, token: str) -> tuple[DeviceUser, Device] | None:
        device = active_device(token_hash=hash_secret(token))
        return None if device is None else (DeviceUser(device), device)


def active_device(*, token_hash: str) -> Device | None:
    """The device (with its convention) holding the token with this hash, unless revoked.

    Every gate scan authenticates, so this is hand-written SQL rather than a compiled queryset (``events.rows``).
    """
    sql = (
        f"SELECT {rows.columns(Device, 'd')}, {rows.columns(Convention, 'c')} "
        f'FROM "{Device._meta.db_table}" d JOIN "{Convention._meta.db_table}" c ON c."id" = d."convention_id" '
        'WHERE d."token_hash" = %s AND d."revoked_at" IS NULL'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    device, after = rows.build(Device, row)
    device.convention, _ = rows.build(Convention, row, after)
    return device


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Device <token>`` in the OpenAPI schema."""

    target_class = "api.device_authentication.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Device <token>"}
