"""Exhibitors: the public shape (no contact e-mail, no staff) and the organizer's live shape."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import ChoiceField, ConventionObjectField, ModelSerializer
from api.serializers.sessions import PublicSessionSummarySerializer
from api.serializers.venue import HallSerializer
from events.enums import MaterialKind
from events.errors import UnknownHall
from events.models import Booth, Exhibitor, ExhibitorMaterial, Hall
from events.services.uploads import media_path


class BoothSerializer(ModelSerializer):
    hall = HallSerializer()

    class Meta:
        model = Booth
        fields = ["hall", "number", "size_sqm"]


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    url = serializers.URLField(max_length=500)


def well_formed_links(links: Any) -> list[dict[str, str]]:
    """Links as the API promises them; entries edited by hand in the admin may not be ``{"title", "url"}``."""
    if not isinstance(links, list):
        return []
    return [
        {"title": str(link.get("title") or link["url"]), "url": str(link["url"])}
        for link in links
        if isinstance(link, dict) and link.get("url")
    ]


class PublicMaterialSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ExhibitorMaterial
        fields = ["title", "kind", "url"]

    def get_url(self, material: ExhibitorMaterial) -> str:
        if material.file:
            return self.context["request"].build_absolute_uri(media_path(material.file.name or ""))
        return material.url


class PublicExhibitorSerializer(ModelSerializer):
    booth = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    materials = PublicMaterialSerializer(source="public_materials", many=True)
    booth_talks = serializers.SerializerMethodField()

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "slug",
            "name",
            "profile_de",
            "profile_en",
            "logo_url",
            "website",
            "links",
            "booth",
            "materials",
            "booth_talks",
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, exhibitor: Exhibitor) -> list[dict[str, str]]:
        return well_formed_links(exhibitor.links)

    @extend_schema_field(BoothSerializer(allow_null=True))
    def get_booth(self, exhibitor: Exhibitor) -> dict[str, Any] | None:
        booth = getattr(exhibitor, "booth", None)
        return BoothSerializer(booth).data if booth is not None else None

    @extend_schema_field(PublicSessionSummarySerializer(many=True))
    def get_booth_talks(self, exhibitor: Exhibitor) -> list[dict[str, Any]]:
        """Booth talks come from the released programme, like every other session."""
        return self.context["programme"].sessions_by_exhibitor.get(exhibitor.pk, [])


class ExhibitorFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Searches name, profile and booth number.")
    hall = serializers.IntegerField(required=False, min_value=1, max_value=2**31, help_text="Hall id.")


class MaterialSerializer(ModelSerializer):
    kind = ChoiceField(choices=MaterialKind.choices, default=MaterialKind.LINK)
    url = serializers.URLField(max_length=200, allow_blank=True, required=False)
    is_public = serializers.BooleanField(default=True)
    position = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)

    class Meta:
        model = ExhibitorMaterial
        fields = ["title", "kind", "url", "is_public", "position"]
        extra_kwargs = {"title": {"max_length": 200}}


class StaffMemberSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    is_manager = serializers.BooleanField(default=False)


class StaffMemberOutputSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    is_manager = serializers.BooleanField()


class ExhibitorSerializer(ModelSerializer):
    """A live exhibitor as organizers see it, contact e-mail and staff included."""

    booth = BoothSerializer(read_only=True, allow_null=True)
    links = serializers.SerializerMethodField()
    materials = MaterialSerializer(many=True)
    staff = StaffMemberOutputSerializer(many=True)

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "slug",
            "name",
            "profile_de",
            "profile_en",
            "logo_url",
            "website",
            "links",
            "contact_email",
            "booth",
            "materials",
            "staff",
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, exhibitor: Exhibitor) -> list[dict[str, str]]:
        return well_formed_links(exhibitor.links)


class BoothInputSerializer(serializers.Serializer):
    hall = ConventionObjectField(model=Hall, error=UnknownHall, help_text="Hall id.")
    number = serializers.CharField(max_length=20)
    size_sqm = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, allow_null=True, required=False, default=None
    )


class ExhibitorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=100)
    profile_de = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    profile_en = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    logo_url = serializers.URLField(max_length=200, allow_blank=True, required=False)
    website = serializers.URLField(max_length=200, allow_blank=True, required=False)
    links = LinkSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]  # max_length goes to the ListSerializer
    contact_email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    booth = BoothInputSerializer(allow_null=True, required=False, help_text="`null` removes the booth.")
    materials = MaterialSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]  # max_length goes to the ListSerializer
    staff = StaffMemberSerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]  # max_length goes to the ListSerializer

    def validate_links(self, links: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [{"title": link["title"], "url": link["url"]} for link in links]
