"""Conventions: the public shape (from the latest release) and the organizer's live shape."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework import serializers

from api.serializers.common import ChoiceField, LocalTimeField, ModelSerializer, ReleaseStampSerializer
from events.enums import Language
from events.models import Convention, OpeningHours
from events.services.conventions import LEGAL_FIELDS


class PublicConventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    acronym = serializers.CharField()
    name = serializers.CharField()
    venue = serializers.CharField()
    city = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_zone = serializers.CharField()
    languages = serializers.ListField(child=ChoiceField(choices=Language.choices))
    website = serializers.CharField()
    release = ReleaseStampSerializer(help_text="The schedule release this data comes from.")


class OpeningHoursSerializer(ModelSerializer):
    opens_at = LocalTimeField()
    closes_at = LocalTimeField()

    class Meta:
        model = OpeningHours
        fields = ["date", "opens_at", "closes_at", "closes_next_day"]


class ConventionSerializer(ModelSerializer):
    """A live convention as its organizers see it."""

    opening_hours = OpeningHoursSerializer(many=True)

    class Meta:
        model = Convention
        fields = [
            "id",
            "slug",
            "acronym",
            "name",
            "venue",
            "city",
            "start_date",
            "end_date",
            "time_zone",
            "languages",
            "website",
            "is_public",
            "opening_hours",
            *LEGAL_FIELDS,
        ]


class ConventionInputSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=64)
    acronym = serializers.RegexField(
        r"^[a-z0-9_-]{4,}$", max_length=64, help_text="At least 4 characters of a-z, 0-9, _ and -."
    )
    name = serializers.CharField(max_length=200)
    venue = serializers.CharField(max_length=200, allow_blank=True, required=False)
    city = serializers.CharField(max_length=100, allow_blank=True, required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_zone = serializers.CharField(max_length=64, required=False)
    languages = serializers.ListField(
        child=ChoiceField(choices=Language.choices), min_length=1, max_length=2, required=False
    )
    website = serializers.URLField(max_length=200, allow_blank=True, required=False)
    is_public = serializers.BooleanField(required=False)
    imprint_de = serializers.CharField(max_length=20000, allow_blank=True, required=False, help_text="Impressum.")
    imprint_en = serializers.CharField(max_length=20000, allow_blank=True, required=False)
    privacy_de = serializers.CharField(
        max_length=50000, allow_blank=True, required=False, help_text="Datenschutzerklärung."
    )
    privacy_en = serializers.CharField(max_length=50000, allow_blank=True, required=False)
    accessibility_de = serializers.CharField(
        max_length=20000, allow_blank=True, required=False, help_text="Erklärung zur Barrierefreiheit (BITV 2.0)."
    )
    accessibility_en = serializers.CharField(max_length=20000, allow_blank=True, required=False)
    terms_de = serializers.CharField(max_length=50000, allow_blank=True, required=False, help_text="Terms.")
    terms_en = serializers.CharField(max_length=50000, allow_blank=True, required=False)
    legal_contact_email = serializers.EmailField(
        allow_blank=True, required=False, help_text="Receives accessibility feedback (default: the organizers)."
    )
    opening_hours = OpeningHoursSerializer(  # type: ignore[call-arg]  # max_length goes to the ListSerializer
        many=True, required=False, max_length=366, help_text="When given, replaces all opening hours."
    )

    def validate_time_zone(self, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise serializers.ValidationError("Unknown time zone.") from exc
        return value

    def validate_languages(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate_slug(self, value: str) -> str:
        clash = Convention.objects.filter(slug=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError("A convention with this slug exists already.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "opening_hours" in attrs:
            attrs["opening_hours"] = [dict(day) for day in attrs["opening_hours"]]
        return attrs
