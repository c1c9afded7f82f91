"""Halls, rooms and tracks: public (released) and organizer (live) shapes."""

from rest_framework import serializers

from api.serializers.common import ChoiceField, ConventionObjectField, ModelSerializer
from events.enums import RoomKind
from events.errors import UnknownHall
from events.models import Hall, Room, Track


class HallSerializer(ModelSerializer):
    class Meta:
        model = Hall
        fields = ["id", "name"]


class PublicRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = ChoiceField(choices=RoomKind.choices)
    capacity = serializers.IntegerField(allow_null=True)
    hall = HallSerializer(allow_null=True)


class PublicTrackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_de = serializers.CharField()
    name_en = serializers.CharField()
    color = serializers.CharField()


class RoomSerializer(ModelSerializer):
    """A live room as organizers see and edit it."""

    hall = HallSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Room
        fields = ["id", "name", "kind", "capacity", "description", "position", "hall"]


class RoomInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = ChoiceField(choices=RoomKind.choices, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=1_000_000, allow_null=True, required=False)
    description = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    position = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    hall = ConventionObjectField(model=Hall, error=UnknownHall, allow_null=True, required=False)


class TrackSerializer(ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name_de", "name_en", "color", "position"]


class TrackInputSerializer(serializers.Serializer):
    name_de = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200)
    color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", max_length=7, required=False)
    position = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
