"""Gate scanners and booth staff devices authenticate with ``Authorization: Device <token>``.

The token's SHA-256 is looked up among devices that are not revoked. ``request.user`` is a ``DeviceUser``
(authenticated, no Django account, no organizer rights) and ``request.auth`` the ``Device``.
"""

from functools import cache

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.authentication import KeywordTokenAuthentication, TokenHolder
from events import rows
from events.models import CheckinList, Convention, Device, DeviceKind
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

    def look_up(self, token: str, request) -> tuple[DeviceUser, Device] | None:
        device = active_device(token_hash=hash_secret(token), scan_list=_scan_list_of(request))
        return None if device is None else (DeviceUser(device), device)


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


@cache
def _device_sql(*, with_list: bool) -> str:
    sql = f"SELECT {rows.columns(Device, 'd')}, {rows.columns(Convention, 'c')}"
    if with_list:
        sql += f", {rows.columns(CheckinList, 'l')}"
    sql += f' FROM "{Device._meta.db_table}" d JOIN "{Convention._meta.db_table}" c ON c."id" = d."convention_id"'
    if with_list:
        # The rule of events.permissions.can_scan_on for devices: a gate device assigned to the list.
        assigned = CheckinList.devices.through._meta.db_table
        sql += (
            f' LEFT JOIN "{CheckinList._meta.db_table}" l ON l."id" = %s AND l."convention_id" = d."convention_id"'
            f""" AND c."slug" = %s AND d."kind" = '{DeviceKind.GATE.value}'"""
            f' AND EXISTS (SELECT 1 FROM "{assigned}" a WHERE a."checkinlist_id" = l."id" AND a."device_id" = d."id")'
        )
    return sql + ' WHERE d."token_hash" = %s AND d."revoked_at" IS NULL'


_BIGINT_MAX = 2**63 - 1


def active_device(*, token_hash: str, scan_list: tuple[str, int] | None = None) -> Device | None:
    """The device (with its convention) holding the token with this hash, unless revoked.

    With ``scan_list`` (convention slug, list id), the same statement reads that check-in list if the device may
    scan on it: ``device.scan_lists`` maps ``scan_list`` to the list (with its convention) or ``None``.
    Every gate scan authenticates, so this is hand-written SQL rather than a compiled queryset (``events.rows``).
    """
    if scan_list is not None and not 0 < scan_list[1] <= _BIGINT_MAX:
        scan_list = None  # no such list; an out-of-range id would make PostgreSQL refuse the statement
    params = [token_hash] if scan_list is None else [scan_list[1], scan_list[0], token_hash]
    with rows.cursor() as cursor:
        cursor.execute(_device_sql(with_list=scan_list is not None), params)
        row = cursor.fetchone()
    if row is None:
        return None
    device, after = rows.build(Device, row)
    device.convention, after = rows.build(Convention, row, after)
    if scan_list is not None:
        checkin_list = None
        if row[after] is not None:
            checkin_list, _ = rows.build(CheckinList, row, after)
            checkin_list.convention = device.convention
        device.scan_lists = {scan_list: checkin_list}
    return device


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Device <token>`` in the OpenAPI schema."""

    target_class = "api.device_authentication.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Device <token>"}
