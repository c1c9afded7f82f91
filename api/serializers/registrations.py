"""Shapes of registrations: the public sign-up form, the attendee's view, the organizer's list."""

from rest_framework import serializers

from events.enums import Language
from events.models import Registration

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
    language = serializers.ChoiceField(choices=Language.choices, default=Language.GERMAN)
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
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    def validate(self, attrs: dict) -> dict:
        unknown = set(self.initial_data) - set(self.fields) if isinstance(self.initial_data, dict) else set()
        if unknown:
            raise serializers.ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
        return attrs


class TicketTypeBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_de = serializers.CharField()
    name_en = serializers.CharField()


class RegistrationSerializer(serializers.ModelSerializer):
    ticket_type = TicketTypeBriefSerializer()
    currency = serializers.CharField(source="ticket_type.currency")
    checkout_url = serializers.SerializerMethodField()
    voucher = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "code",
            "status",
            "ticket_type",
            "first_name",
            "last_name",
            "email",
            "organization",
            "job_title",
            "language",
            "answers",
            "consent_terms_at",
            "consent_share_contact_at",
            "consent_newsletter_at",
            "voucher",
            "price",
            "currency",
            "hold_expires_at",
            "checkout_url",
            "refund_status",
            "created_at",
            "confirmed_at",
            "cancelled_at",
        ]
        read_only_fields = fields

    def get_checkout_url(self, registration: Registration) -> str | None:
        if registration.status != "pending_payment":
            return None
        return registration.stripe_checkout_url or None


class NewRegistrationSerializer(RegistrationSerializer):
    access_token = serializers.CharField(help_text="Shown once: use as 'Authorization: Bearer <token>'.")

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "access_token"]
        read_only_fields = fields
