from rest_framework import serializers

from events.models import Lead

PERSONAL_FIELDS = ("name", "organization", "job_title", "email")


class LeadInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=1000)
    nonce = serializers.RegexField(r"^[A-Za-z0-9_.:-]{8,64}$")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    rating = serializers.IntegerField(min_value=0, max_value=5, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), max_length=30, required=False)
    answers = serializers.DictField(child=serializers.CharField(max_length=500, allow_blank=True), required=False)

    def validate_answers(self, value):
        if len(value) > 30:
            raise serializers.ValidationError("At most 30 answers.")
        return value


def lead_data(lead: Lead) -> dict:
    """A lead as its exhibitor sees it. Without consent the personal keys are absent, not merely empty."""
    data = {
        "id": lead.pk,
        "reference": lead.pseudonym[:12],
        "consent": lead.has_consent,
        "notes": lead.notes,
        "rating": lead.rating,
        "tags": lead.tags,
        "answers": lead.answers,
        "scan_count": lead.scan_count,
        "first_scanned_at": serializers.DateTimeField().to_representation(lead.first_scanned_at),
        "last_scanned_at": serializers.DateTimeField().to_representation(lead.last_scanned_at),
    }
    if lead.has_consent:
        data.update({field: getattr(lead, field) for field in PERSONAL_FIELDS})
    else:
        data["reason"] = "no_consent"
    return data
