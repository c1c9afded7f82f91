from rest_framework import serializers

from api.serializers.common import ModelSerializer, StoredFileField
from events.enums import MaterialKind
from events.models import AgendaItem, OutboundMessage, SessionMaterial, WorkshopSignup
from events.selectors.agenda import waitlist_position


class AgendaSessionInputSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=2**62)


class AgendaItemSerializer(ModelSerializer):
    session = serializers.IntegerField(source="session_id")
    title_de = serializers.CharField(source="session.title_de")
    title_en = serializers.CharField(source="session.title_en")
    start = serializers.DateTimeField(source="session.start")
    end = serializers.DateTimeField(source="session.end")
    room = serializers.CharField(source="session.room.name", default=None)

    class Meta:
        model = AgendaItem
        fields = ["session", "title_de", "title_en", "start", "end", "room", "created_at"]


class PreferencesSerializer(serializers.Serializer):
    calendar_invites_for_bookmarks = serializers.BooleanField()


class FeedTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.CharField()


class SignupSerializer(ModelSerializer):
    session = serializers.IntegerField(source="session_id")
    position = serializers.SerializerMethodField()

    class Meta:
        model = WorkshopSignup
        fields = ["session", "status", "position", "created_at", "confirmed_at"]

    def get_position(self, signup: WorkshopSignup) -> int | None:
        return waitlist_position(signup=signup)


class OrganizerSignupSerializer(ModelSerializer):
    code = serializers.CharField(source="registration.code")
    name = serializers.CharField(source="registration.full_name")
    email = serializers.EmailField(source="registration.email")

    class Meta:
        model = WorkshopSignup
        fields = ["code", "name", "email", "status", "created_at", "confirmed_at"]


class WaitlistedSignupSerializer(OrganizerSignupSerializer):
    position = serializers.IntegerField()

    class Meta(OrganizerSignupSerializer.Meta):
        fields = ["position", *OrganizerSignupSerializer.Meta.fields]


class WorkshopSignupsSerializer(serializers.Serializer):
    """Documents the organizer's view of one workshop: seats, who holds them, who waits in which order."""

    capacity = serializers.IntegerField(allow_null=True)
    confirmed_count = serializers.IntegerField()
    waitlist_count = serializers.IntegerField()
    confirmed = OrganizerSignupSerializer(many=True)
    waitlist = WaitlistedSignupSerializer(many=True)


class OutboundMessageSerializer(ModelSerializer):
    class Meta:
        model = OutboundMessage
        fields = [
            "id",
            "kind",
            "recipient",
            "language",
            "subject",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
            "next_attempt_at",
        ]


class SessionMaterialSerializer(ModelSerializer):
    file = StoredFileField(required=False, allow_null=True)

    class Meta:
        model = SessionMaterial
        fields = ["id", "title", "kind", "url", "file", "is_published", "created_at", "distributed_at"]
        read_only_fields = ["id", "created_at", "distributed_at"]
        # Defaults also for form and multipart uploads that leave them out (the service needs both).
        extra_kwargs = {"is_published": {"default": True}, "kind": {"default": MaterialKind.LINK}}

    def validate(self, attrs):
        if not attrs.get("url") and not attrs.get("file"):
            raise serializers.ValidationError({"url": "Give a link or upload a file."})
        return attrs
