"""The scan endpoint validates with ``scan_input`` (ScanInputSerializer's fields, built once); it must accept and
refuse exactly what the serializer does, with the same values and messages."""

import pytest
from rest_framework import serializers

from api.serializers.checkin import ScanInputSerializer, scan_input

CODE = "A" * 143
NONCE = "gate-s-1-000001"


def via_serializer(data):
    serializer = ScanInputSerializer(data=data)
    if serializer.is_valid():
        return True, dict(serializer.validated_data)
    return False, serializer.errors


def via_scan_input(data):
    try:
        return True, scan_input(data)
    except serializers.ValidationError as exc:
        return False, exc.detail


@pytest.mark.parametrize(
    "data",
    [
        {"code": CODE, "nonce": NONCE},
        {"code": f"  {CODE}\n", "nonce": NONCE, "direction": "exit", "device": " Gate S-1 "},
        {"code": CODE, "nonce": NONCE, "scanned_at": "2025-09-30T09:05:00+02:00"},
        {"code": CODE, "nonce": NONCE, "scanned_at": "2025-09-30T09:05:00"},
        {"code": CODE, "nonce": NONCE, "scanned_at": "1850-01-01T00:00:00Z"},
        {"code": CODE, "nonce": NONCE, "scanned_at": "yesterday"},
        {"code": CODE, "nonce": NONCE, "scanned_at": None},
        {"code": CODE, "nonce": NONCE, "direction": "sideways"},
        {"code": CODE, "nonce": NONCE, "direction": None},
        {"code": CODE, "nonce": NONCE, "device": "x" * 101},
        {"code": CODE, "nonce": NONCE, "device": None},
        {"code": 12345678, "nonce": 87654321},
        {"code": True, "nonce": NONCE},
        {"code": "", "nonce": NONCE},
        {"code": "   ", "nonce": "short"},
        {"code": "x" * 1001, "nonce": "has spaces in it"},
        {"code": ["a"], "nonce": {"a": 1}},
        {"nonce": NONCE},
        {},
        [],
        "code",
        None,
    ],
)
def test_scan_input_agrees_with_the_serializer(data):
    assert via_scan_input(data) == via_serializer(data)


def test_missing_direction_and_device_take_the_defaults():
    assert scan_input({"code": CODE, "nonce": NONCE}) == {
        "code": CODE,
        "nonce": NONCE,
        "direction": "entry",
        "device": "",
    }
