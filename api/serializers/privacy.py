from rest_framework import serializers

from api.serializers.common import ModelSerializer
from events.models import AuditEntry, Registration


class ConsentsInputSerializer(serializers.Serializer):
    share_contact = serializers.BooleanField(
        required=False, help_text="Share name, organization, job title and e-mail with exhibitors who scan the badge."
    )
    newsletter = serializers.BooleanField(required=False)

    def validate(self, attrs: dict) -> dict:
        unknown = set(self.initial_data) - set(self.fields) if isinstance(self.initial_data, dict) else set()
        if unknown:
            raise serializers.ValidationError({name: "Unknown consent." for name in sorted(unknown)})
        if not attrs:
            raise serializers.ValidationError("Give share_contact, newsletter or both.")
        return attrs


class ConsentsSerializer(ModelSerializer):
    terms_at = serializers.DateTimeField(source="consent_terms_at")
    share_contact_at = serializers.DateTimeField(source="consent_share_contact_at", allow_null=True)
    newsletter_at = serializers.DateTimeField(source="consent_newsletter_at", allow_null=True)

    class Meta:
        model = Registration
        fields = ["code", "terms_at", "share_contact_at", "newsletter_at"]


class ErasureSerializer(ModelSerializer):
    class Meta:
        model = Registration
        fields = ["code", "status", "erased_at"]


class AuditEntrySerializer(ModelSerializer):
    registration: "serializers.SlugRelatedField[Registration]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "action",
            "actor_kind",
            "actor_label",
            "object_type",
            "object_id",
            "registration",
            "request_id",
            "details",
        ]
