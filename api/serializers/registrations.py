"""Shapes of registrations: the public sign-up form, the attendee's view, the organizer's list."""

from rest_framework import serializers

from api.serializers.common import ChoiceField
from events.enums import Language, RefundStatus
from events.models import Registration, RegistrationStatus

MAX_ANSWERS = 50


class AnswerValueField(serializers.JSONField):
    """An answer is text, a choice (text) or a yes/no; anything else is refused before the domain sees it."""

    def to_internal_value(self, data):
        if data is not None and not isinstance(data, str | bool):
            raise serializers.ValidationError("Answer with text or true/false.")
        if isinstance(data, str) and len(data) > 1000:
            raise serializers.ValidationError("At most 1000 characters.")
        return data


class RegistrationInputSerializer(serializers.Serializer):
    ticket_type = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)
    organization = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    language = ChoiceField(choices=Language.choices, default=Language.GERMAN)
    answers = serializers.DictField(child=AnswerValueField(allow_null=True), required=False, default=dict)
    accept_terms = serializers.BooleanField(help_text="Must be true: the attendee accepts the terms.")
    share_contact_with_exhibitors = serializers.BooleanField(
        default=False, help_text="Optional: exhibitors whose booth scans the badge receive the contact details."
    )
    newsletter = serializers.BooleanField(default=False)
    voucher = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")

    def validate_answers(self, value: dict) -> dict:
        if len(value) > MAX_ANSWERS:
            raise serializers.ValidationError(f"At most {MAX_ANSWERS} answers.")
        return value


class RegistrationUpdateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    organization = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = ChoiceField(choices=Language.choices, required=False)

    def validate(self, attrs: dict) -> dict:
        unknown = set(self.initial_data) - set(self.fields) if isinstance(self.initial_data, dict) else set()
        if unknown:
            raise serializers.ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
        return attrs


class TicketTypeBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_de = serializers.CharField()
    name_en = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    # A plain Serializer on purpose: registration is the hot path at a ticket launch, and a ModelSerializer
    # re-inspects the model on every response.
    code = serializers.CharField(read_only=True)
    status = ChoiceField(choices=RegistrationStatus.choices, read_only=True)
    ticket_type = TicketTypeBriefSerializer(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    organization = serializers.CharField(read_only=True)
    job_title = serializers.CharField(read_only=True)
    language = ChoiceField(choices=Language.choices, read_only=True)
    answers = serializers.JSONField(read_only=True)
    consent_terms_at = serializers.DateTimeField(read_only=True)
    consent_share_contact_at = serializers.DateTimeField(read_only=True, allow_null=True)
    consent_newsletter_at = serializers.DateTimeField(read_only=True, allow_null=True)
    voucher = serializers.CharField(source="voucher.code", read_only=True, allow_null=True)
    price = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    currency = serializers.CharField(source="ticket_type.currency", read_only=True)
    hold_expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    checkout_url = serializers.SerializerMethodField()
    refund_status = ChoiceField(choices=RefundStatus.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    cancelled_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_checkout_url(self, registration: Registration) -> str | None:
        if registration.status != RegistrationStatus.PENDING_PAYMENT:
            return None
        return registration.stripe_checkout_url or None


class NewRegistrationSerializer(RegistrationSerializer):
    access_token = serializers.CharField(
        read_only=True, help_text="Shown once: use as 'Authorization: Bearer <token>'."
    )
