"""Speakers: the public shape (never with e-mail) and the organizer's live shape (with e-mail)."""

from typing import Any

from rest_framework import serializers

from api.serializers.common import ModelSerializer, PlausibleDateTimeField
from api.serializers.sessions import PublicSessionSummarySerializer
from events.enums import SpeakerRole, SpeakerState
from events.models import SessionSpeaker, Speaker, SpeakerUnavailability


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


class SpeakerRoleSerializer(ModelSerializer):
    """One of the speaker's sessions and their answer to it."""

    session_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    state = serializers.ChoiceField(choices=SpeakerState.choices)

    class Meta:
        model = SessionSpeaker
        fields = ["session_id", "role", "state", "note", "invited_at", "reminded_at", "answered_at"]


class SpeakerSerializer(ModelSerializer):
    """A live speaker as organizers see them, e-mail, availability and answers included."""

    unavailabilities = UnavailabilitySerializer(many=True, read_only=True)
    sessions = SpeakerRoleSerializer(many=True, read_only=True, source="session_roles")
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Speaker
        fields = [
            "id",
            "guid",
            "name",
            "organization",
            "job_title",
            "bio_de",
            "bio_en",
            "photo_url",
            "email",
            "language",
            "unavailabilities",
            "sessions",
        ]

    def get_photo_url(self, speaker: Speaker) -> str:
        from events.services.speakers import photo_link

        return photo_link(speaker)


class ResendInvitationSerializer(serializers.Serializer):
    session_id = serializers.IntegerField(help_text="The session whose invitation goes out again.")


class ResendInvitationResultSerializer(serializers.Serializer):
    queued = serializers.BooleanField(
        help_text="False when the speaker has no e-mail address or the invitation went out within the last minute."
    )


class SpeakerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    organization = serializers.CharField(max_length=200, allow_blank=True, required=False)
    bio_de = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    bio_en = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    photo_url = serializers.URLField(max_length=200, allow_blank=True, required=False)
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    job_title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=["de", "en"], required=False)
    unavailabilities = UnavailabilitySerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]  # max_length goes to the ListSerializer
