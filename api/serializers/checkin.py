from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.fields import SkipField

from api.serializers.common import ChoiceField, ModelSerializer, PlausibleDateTimeField
from events.models import CheckinList, Scan, ScanDirection, ScanReason, ScanResult

NONCE_PATTERN = r"^[A-Za-z0-9_.:-]{8,64}$"


class ScanInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=1000, trim_whitespace=True)
    nonce = serializers.RegexField(NONCE_PATTERN)
    scanned_at = PlausibleDateTimeField(required=False)
    direction = ChoiceField(choices=ScanDirection.choices, default=ScanDirection.ENTRY)
    device = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


# ScanInputSerializer's fields, built and bound once. A serializer deep-copies its declared fields on every
# instantiation, which on a gate scan cost more CPU than validating the five values (bench/scan_cpu.py).
_SCAN_INPUT_FIELDS = ScanInputSerializer().fields


def scan_input(data: Any) -> dict:
    """The validated fields of one scan, as ``ScanInputSerializer(data=data).validated_data`` would give them.

    The same fields run the same validation (they hold no per-request state); only the per-request copy of the
    fields is saved. Errors raise ``ValidationError`` with the serializer's messages, keyed by field.
    """
    if not isinstance(data, Mapping):
        ScanInputSerializer(data=data).is_valid(raise_exception=True)  # refused either way; it words the error
    values, errors = {}, {}
    for name, field in _SCAN_INPUT_FIELDS.items():
        try:
            values[name] = field.run_validation(field.get_value(data))
        except serializers.ValidationError as exc:
            errors[name] = exc.detail
        except SkipField:
            pass
    if errors:
        raise serializers.ValidationError(errors)
    return values


class ScanBatchInputSerializer(serializers.Serializer):
    scans = ScanInputSerializer(many=True, allow_empty=False, max_length=500)  # type: ignore[call-arg]  # max_length goes to the ListSerializer


class AnnulInputSerializer(serializers.Serializer):
    device = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


def attendee_data(scan: Scan) -> dict | None:
    registration = scan.registration
    if registration is None:
        return None
    return {
        "name": registration.full_name,
        "organization": registration.organization,
        "ticket_type": registration.ticket_type.name_in(registration.language),
    }


_DATETIME = serializers.DateTimeField()  # renders in the current time zone, as every datetime of the API


def scan_data(scan: Scan, *, replayed: bool) -> dict:
    data = {
        "result": scan.result,
        "reason": scan.reason or None,
        "attendee": attendee_data(scan),
        "nonce": scan.nonce,
        "direction": scan.direction,
        "scanned_at": _DATETIME.to_representation(scan.scanned_at),
        "replayed": replayed,
    }
    if scan.first_scan_at is not None:
        data["first_scan_at"] = _DATETIME.to_representation(scan.first_scan_at)
    if scan.annulled_at is not None:
        data["annulled_at"] = _DATETIME.to_representation(scan.annulled_at)
    return data


class ScanAttendeeSerializer(serializers.Serializer):
    """Documents ``attendee_data``."""

    name = serializers.CharField()
    organization = serializers.CharField()
    ticket_type = serializers.CharField(help_text="The ticket type's name in the attendee's language.")


class ScanResultSerializer(serializers.Serializer):
    """Documents the shape ``scan_data`` returns (``tests/api/test_scan_answer_shape.py`` keeps them equal)."""

    result = ChoiceField(choices=ScanResult.choices)
    reason = ChoiceField(choices=ScanReason.choices, allow_null=True, help_text="Why a scan was rejected.")
    attendee = ScanAttendeeSerializer(allow_null=True, help_text="Null when the badge names nobody known.")
    nonce = serializers.CharField()
    direction = ChoiceField(choices=ScanDirection.choices)
    scanned_at = serializers.DateTimeField()
    first_scan_at = serializers.DateTimeField(required=False, help_text="With already_checked_in: the entry's time.")
    annulled_at = serializers.DateTimeField(required=False, help_text="Only for an annulled scan.")
    replayed = serializers.BooleanField(help_text="True when the nonce was seen before: the earlier answer.")


class CheckinListSerializer(ModelSerializer):
    class Meta:
        model = CheckinList
        fields = ["id", "name", "kind", "room", "ticket_types", "days", "capacity", "inside_count"]
        read_only_fields = ["inside_count"]

    def validate_days(self, value):
        import datetime as dt

        if not isinstance(value, list):
            raise serializers.ValidationError("A list of ISO dates.")
        for item in value:
            try:
                dt.date.fromisoformat(item)
            except (TypeError, ValueError) as exc:
                raise serializers.ValidationError("A list of ISO dates.") from exc
        return value
