"""Shapes of ticket types, vouchers and registration questions (public listing and organizer editing)."""

import datetime as dt
import re
from typing import cast

from django.db import models
from rest_framework import serializers

from api.serializers.common import ChoiceField, ModelSerializer, PlausibleDateTimeField
from events.enums import QuestionKind, VoucherKind
from events.models import Question, TicketType, Voucher

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


# Datetimes far from today cannot be written back in RFC 3339 once rendered in Europe/Berlin (see
# PlausibleDateTimeField), so organizers' dates are kept within this century.
PLAUSIBLE_DATETIMES = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.DateTimeField: PlausibleDateTimeField,
}


class TicketTypePublicSerializer(ModelSerializer):
    available = serializers.SerializerMethodField(help_text="Seats left; null when there is no quota.")

    class Meta:
        model = TicketType
        fields = [
            "id",
            "name_de",
            "name_en",
            "description_de",
            "description_en",
            "price",
            "currency",
            "valid_days",
            "sale_starts_at",
            "sale_ends_at",
            "allowed_email_domains",
            "max_per_order",
            "available",
        ]
        read_only_fields = fields

    def get_available(self, ticket_type: TicketType) -> int | None:
        if ticket_type.quota is None:
            return None
        return max(0, ticket_type.quota - ticket_type.quota_used)


class TicketTypeSerializer(ModelSerializer):
    """Organizer's read and write shape. ``quota_used`` is read-only: only registrations move it."""

    serializer_field_mapping = PLAUSIBLE_DATETIMES

    valid_days = serializers.ListField(child=serializers.DateField(), required=False, max_length=31)
    allowed_email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), required=False, max_length=500
    )
    price = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, required=False)
    currency = ChoiceField(choices=[("EUR", "Euro")], required=False)
    available = serializers.SerializerMethodField()

    class Meta:
        model = TicketType
        fields = [
            "id",
            "name_de",
            "name_en",
            "description_de",
            "description_en",
            "price",
            "currency",
            "valid_days",
            "quota",
            "quota_used",
            "available",
            "sale_starts_at",
            "sale_ends_at",
            "allowed_email_domains",
            "max_per_order",
            "refund_deadline",
            "is_active",
            "position",
            "is_exhibitor_pass",
            "exhibitor_passes_base",
            "exhibitor_sqm_per_pass",
        ]
        read_only_fields = ["id", "quota_used", "available"]

    def get_available(self, ticket_type: TicketType) -> int | None:
        if ticket_type.quota is None:
            return None
        return max(0, ticket_type.quota - ticket_type.quota_used)

    def validate_valid_days(self, days: list[dt.date]) -> list[str]:
        convention = self.context["convention"]
        outside = [day for day in days if not convention.start_date <= day <= convention.end_date]
        if outside:
            raise serializers.ValidationError("Every valid day must be a day of the convention.")
        return sorted({day.isoformat() for day in days})

    def validate_allowed_email_domains(self, domains: list[str]) -> list[str]:
        cleaned = [domain.strip().lower().lstrip("@") for domain in domains]
        wrong = [domain for domain in cleaned if not DOMAIN.match(domain)]
        if wrong:
            raise serializers.ValidationError(f"Not a domain: {wrong[0]}")
        return cleaned

    def validate(self, attrs: dict) -> dict:
        starts = attrs.get("sale_starts_at", getattr(self.instance, "sale_starts_at", None))
        ends = attrs.get("sale_ends_at", getattr(self.instance, "sale_ends_at", None))
        if starts and ends and ends <= starts:
            raise serializers.ValidationError({"sale_ends_at": "The sale must end after it starts."})
        if "max_per_order" in attrs and attrs["max_per_order"] < 1:
            raise serializers.ValidationError({"max_per_order": "At least 1."})
        return attrs


class VoucherSerializer(ModelSerializer):
    serializer_field_mapping = PLAUSIBLE_DATETIMES
    code = serializers.RegexField(r"^[A-Za-z0-9_-]{3,40}$", max_length=40)
    value = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, required=False)
    ticket_types = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=TicketType.objects.none())

    class Meta:
        model = Voucher
        fields = [
            "id",
            "code",
            "kind",
            "value",
            "usage_limit",
            "times_used",
            "ticket_types",
            "valid_until",
            "is_active",
            "comment",
        ]
        read_only_fields = ["id", "times_used"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        convention = self.context.get("convention")
        if convention is not None:
            ticket_types = cast(serializers.ManyRelatedField, self.fields["ticket_types"])
            ticket_types.child_relation.queryset = TicketType.objects.filter(  # type: ignore[arg-type]  # stubs' descriptor
                convention=convention
            )

    def validate(self, attrs: dict) -> dict:
        kind = attrs.get("kind", getattr(self.instance, "kind", VoucherKind.FREE))
        value = attrs.get("value", getattr(self.instance, "value", 0))
        if kind == VoucherKind.PERCENT and value > 100:
            raise serializers.ValidationError({"value": "A percentage is at most 100."})
        return attrs


class QuestionSerializer(ModelSerializer):
    identifier = serializers.RegexField(r"^[a-z0-9_-]{1,50}$", max_length=50)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=100)

    class Meta:
        model = Question
        fields = ["id", "identifier", "label_de", "label_en", "kind", "choices", "required", "position"]
        read_only_fields = ["id"]

    def validate(self, attrs: dict) -> dict:
        kind = attrs.get("kind", getattr(self.instance, "kind", QuestionKind.TEXT))
        choices = attrs.get("choices", getattr(self.instance, "choices", []))
        if kind == QuestionKind.CHOICE and not choices:
            raise serializers.ValidationError({"choices": "A choice question needs choices."})
        return attrs
