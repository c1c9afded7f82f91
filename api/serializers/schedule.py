from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import ChoiceField, ModelSerializer
from events.models import ScheduleRelease
from events.selectors.schedule import WARNING_CODES


class ScheduleWarningSerializer(serializers.Serializer):
    """One warning; further keys depend on ``code`` (see ``events.selectors.schedule``)."""

    code = ChoiceField(choices=list(WARNING_CODES))
    message = serializers.CharField()
    session_id = serializers.IntegerField()


@extend_schema_field(ScheduleWarningSerializer(many=True))
class WarningsField(serializers.JSONField):
    """Warnings as stored, with every code-specific key (a serializer would drop them)."""


class ReleaseInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReleaseSerializer(ModelSerializer):
    """A release as its organizers see it, with the warnings at release time."""

    changelog = serializers.JSONField(help_text="new, moved, cancelled and changed sessions; see the API docs")
    warnings = WarningsField()

    class Meta:
        model = ScheduleRelease
        fields = ["version", "released_at", "comment", "changelog", "warnings"]


class PublicReleaseSerializer(ModelSerializer):
    """A release as the public sees it: version and changelog, no warnings."""

    changelog = serializers.JSONField()

    class Meta:
        model = ScheduleRelease
        fields = ["version", "released_at", "comment", "changelog"]
