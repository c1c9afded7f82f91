from rest_framework import serializers

from events.selectors.leads import PERSONAL_FIELDS, lead_data

__all__ = ["PERSONAL_FIELDS", "LeadInputSerializer", "LeadUpdateSerializer", "lead_data"]


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


class LeadUpdateSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    rating = serializers.IntegerField(min_value=0, max_value=5, required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), max_length=30, required=False)
    answers = serializers.DictField(child=serializers.CharField(max_length=500, allow_blank=True), required=False)
