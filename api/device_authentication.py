"""Gate scanners and booth staff devices authenticate with ``Authorization: Device <token>``.

The token's SHA-256 is looked up among devices that are not revoked. ``request.user`` is a ``DeviceUser``
(authenticated, no Django account, no organizer rights) and ``request.auth`` the ``Device``.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from events.models import Device
from events.services.devices import hash_secret


class DeviceUser:
    """The user behind a device token. Not a Django account: permissions come from the device's scope."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, device: Device):
        self.device = device

    def __str__(self) -> str:
        return f"device {self.device.pk} {self.device.name}"


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Device"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2 or len(header[1]) > 200:
            raise exceptions.AuthenticationFailed("Malformed device token.")
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Malformed device token.") from exc
        device = (
            Device.objects.select_related("convention").filter(token_hash=hash_secret(token), revoked_at=None).first()
        )
        if device is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked device token.")
        return DeviceUser(device), device

    def authenticate_header(self, request) -> str:
        return self.keyword


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Device <token>`` in the OpenAPI schema."""

    target_class = "api.device_authentication.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Device <token>"}
