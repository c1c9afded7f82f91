"""Gate scanners and booth staff devices authenticate with ``Authorization: Device <token>``.

The token's SHA-256 is looked up among devices that are not revoked. ``request.user`` is a ``DeviceUser``
(authenticated, no Django account, no organizer rights) and ``request.auth`` the ``Device``. Each use of the
token marks the device as seen (``events.services.devices.mark_device_seen``, at most one write a minute).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.authentication import KeywordTokenAuthentication, TokenHolder
from events.models import Device
from events.selectors.devices import ScanListRead, active_device
from events.services.devices import hash_secret, mark_device_seen


class DeviceUser(TokenHolder):
    """The user behind a device token. Permissions come from the device's scope.

    ``scan_list`` is the check-in list of a scan route, read with the device (see ``_scan_list_of``).
    """

    def __init__(self, device: Device, *, scan_list: ScanListRead | None = None):
        self.device = device
        self.scan_list = scan_list

    def __str__(self) -> str:
        return f"device {self.device.pk} {self.device.name}"


class DeviceTokenAuthentication(KeywordTokenAuthentication):
    keyword = "Device"
    unknown_message = "Unknown or revoked device token."

    def look_up(self, token: str, request) -> tuple[DeviceUser, Device] | None:
        found = active_device(token_hash=hash_secret(token), scan_list=_scan_list_of(request))
        if found is None:
            return None
        # Every use of the token counts as "seen" (what the organizers' gates page shows), at most once a minute.
        device = mark_device_seen(device=found.device)
        return DeviceUser(device, scan_list=found.scan_list), device


def _scan_list_of(request) -> tuple[str, int] | None:
    """(convention slug, list id) on the routes that scan at a check-in list, else ``None``.

    Their views set ``reads_scan_list_with_device``: the statement that finds the device then also reads the list,
    and ``events.selectors.checkin.checkin_list_for_scanner`` takes it from the device instead of asking the
    database again (one statement fewer on every gate scan).
    """
    context = getattr(request, "parser_context", None) or {}
    if not getattr(context.get("view"), "reads_scan_list_with_device", False):
        return None
    kwargs = context.get("kwargs") or {}
    slug, list_id = kwargs.get("slug"), kwargs.get("list_id")
    return (slug, list_id) if isinstance(slug, str) and isinstance(list_id, int) else None


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Device <token>`` in the OpenAPI schema."""

    target_class = "api.device_authentication.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Device <token>"}
