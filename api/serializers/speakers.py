"""Speakers: the public shape (never with e-mail) and the organizer's live shape (with e-mail)."""

from typing import Any

from rest_framework import serializers

from api.serializers.common import ModelSerializer, PlausibleDateTimeField
from api.serializers.sessions import PublicSessionSummarySerializer
from events.models import Speaker, SpeakerUnavailability


class PublicSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guid = serializers.UUIDField()
    name = serializers.CharField()
    organization = serializers.CharField()
    bio_de = serializers.CharField()
    bio_en = serializers.CharField()
    photo_url = serializers.CharField()


class PublicSpeakerDetailSerializer(PublicSpeakerSerializer):
    sessions = PublicSessionSummarySerializer(many=True)


class UnavailabilitySerializer(ModelSerializer):
    start = PlausibleDateTimeField()
    end = PlausibleDateTimeField()
    note = serializers.CharField(max_length=200, allow_blank=True, required=False)

    class Meta:
        model = SpeakerUnavailability
        fields = ["start", "end", "note"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": ["Must be after start."]})
        return attrs


class SpeakerSerializer(ModelSerializer):
    """A live speaker as organizers see them, e-mail included."""

    unavailabilities = UnavailabilitySerializer(many=True, read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "guid", "name", "organization", "bio_de", "bio_en", "photo_url", "email", "unavailabilities"]


class SpeakerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    organization = serializers.CharField(max_length=200, allow_blank=True, required=False)
    bio_de = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    bio_en = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    photo_url = serializers.URLField(max_length=200, allow_blank=True, required=False)
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    unavailabilities = UnavailabilitySerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]  # max_length goes to the ListSerializer
