"""Sessions: the public (released) shape, the filters of the public list, and the organizer's live shape."""

from typing import Any

from rest_framework import serializers

from api.serializers.common import ChoiceField, ConventionObjectField, ModelSerializer, PlausibleDateTimeField
from api.serializers.venue import PublicRoomSerializer, PublicTrackSerializer
from events.enums import Language, SessionFormat, SessionStatus, SpeakerRole
from events.errors import InvalidTimeRange, UnknownExhibitor, UnknownRoom, UnknownSpeaker, UnknownTrack
from events.models import Exhibitor, Room, Session, Speaker, Track


class PublicSessionSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organization = serializers.CharField()
    photo_url = serializers.CharField()
    role = ChoiceField(choices=SpeakerRole.choices)


class PublicSessionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guid = serializers.UUIDField()
    title_de = serializers.CharField()
    title_en = serializers.CharField()
    format = ChoiceField(choices=SessionFormat.choices)
    language = ChoiceField(choices=Language.choices)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = PublicRoomSerializer(allow_null=True)
    track = PublicTrackSerializer(allow_null=True)


class PublicSessionSerializer(PublicSessionSummarySerializer):
    abstract_de = serializers.CharField()
    abstract_en = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    exhibitor_id = serializers.IntegerField(allow_null=True, help_text="For booth talks: the hosting exhibitor.")
    speakers = PublicSessionSpeakerSerializer(many=True)


class SessionFilterSerializer(serializers.Serializer):
    day = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="YYYY-MM-DD in the convention's time zone."
    )
    track = serializers.IntegerField(required=False, min_value=1, max_value=2**31, help_text="Track id.")
    room = serializers.IntegerField(required=False, min_value=1, max_value=2**31, help_text="Room id.")
    format = ChoiceField(required=False, choices=SessionFormat.choices)
    language = ChoiceField(required=False, choices=Language.choices)
    q = serializers.CharField(
        required=False, max_length=200, help_text="Searches titles and abstracts (de, en) and speaker names."
    )


class ManageSessionFilterSerializer(serializers.Serializer):
    status = ChoiceField(required=False, choices=SessionStatus.choices)
    room = serializers.IntegerField(required=False, min_value=1, max_value=2**31, help_text="Room id.")
    track = serializers.IntegerField(required=False, min_value=1, max_value=2**31, help_text="Track id.")
    format = ChoiceField(required=False, choices=SessionFormat.choices)
    day = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="YYYY-MM-DD in the convention's time zone."
    )


class SessionRoleSerializer(serializers.Serializer):
    speaker = ConventionObjectField(model=Speaker, error=UnknownSpeaker, help_text="Speaker id.")
    role = ChoiceField(choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)


class SessionRoleOutputSerializer(serializers.Serializer):
    speaker = serializers.IntegerField(source="speaker_id")
    name = serializers.CharField(source="speaker.name")
    role = ChoiceField(choices=SpeakerRole.choices)


class SessionSerializer(ModelSerializer):
    """A live session as organizers see it, drafts and cancelled ones included."""

    track = serializers.IntegerField(source="track_id", allow_null=True)
    room = serializers.IntegerField(source="room_id", allow_null=True)
    exhibitor = serializers.IntegerField(source="exhibitor_id", allow_null=True)
    speakers = SessionRoleOutputSerializer(source="session_speakers", many=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "guid",
            "title_de",
            "title_en",
            "abstract_de",
            "abstract_en",
            "format",
            "track",
            "room",
            "start",
            "end",
            "language",
            "capacity",
            "expected_attendance",
            "status",
            "exhibitor",
            "speakers",
            "version",
        ]
        extra_kwargs = {
            "version": {
                "help_text": "Raised by every change. Send it back with a change to have it refused (409 "
                "`stale_edit`) if someone else changed the session since you read it."
            }
        }


class SessionInputSerializer(serializers.Serializer):
    title_de = serializers.CharField(max_length=300, allow_blank=True, required=False)
    title_en = serializers.CharField(max_length=300, allow_blank=True, required=False)
    abstract_de = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    abstract_en = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    format = ChoiceField(choices=SessionFormat.choices, required=False)
    track = ConventionObjectField(model=Track, error=UnknownTrack, allow_null=True, required=False)
    room = ConventionObjectField(model=Room, error=UnknownRoom, allow_null=True, required=False)
    start = PlausibleDateTimeField(allow_null=True, required=False)
    end = PlausibleDateTimeField(allow_null=True, required=False)
    language = ChoiceField(choices=Language.choices, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=1_000_000, allow_null=True, required=False)
    expected_attendance = serializers.IntegerField(min_value=0, max_value=1_000_000, allow_null=True, required=False)
    status = ChoiceField(choices=SessionStatus.choices, required=False)
    exhibitor = ConventionObjectField(model=Exhibitor, error=UnknownExhibitor, allow_null=True, required=False)
    speakers = SessionRoleSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]  # max_length goes to the ListSerializer
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=(
            "For changes: the version the change is based on. If the session has changed since, nothing is saved "
            "and the answer is 409 `stale_edit` with the session's `current` state. Without it the change applies "
            "to whatever is saved."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance: Session | None = self.instance
        title_de = attrs.get("title_de", instance.title_de if instance else "")
        title_en = attrs.get("title_en", instance.title_en if instance else "")
        if not (title_de or title_en):
            raise serializers.ValidationError({"title_en": ["A session needs a title in German or English."]})
        start = attrs.get("start", instance.start if instance else None)
        end = attrs.get("end", instance.end if instance else None)
        # Checked here as well as in the scheduling service so the database constraint never answers first.
        if start is not None and end is not None and end <= start:
            raise InvalidTimeRange(fields={"end": ["Must be after start."]})
        speakers = attrs.get("speakers") or []
        speaker_ids = [role["speaker"].pk for role in speakers]
        if len(speaker_ids) != len(set(speaker_ids)):
            raise serializers.ValidationError({"speakers": ["A speaker can appear only once in a session."]})
        return attrs
