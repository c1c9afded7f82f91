"""Base classes for the API's views.

Two families of endpoints:

* ``/api/v1/events/…`` — public, anonymous reads of the *released* programme (the latest schedule release).
* ``/api/v1/manage/events/{slug}/…`` — organizers (``Authorization: Token …``) read and write the *live*
  programme. Anyone who does not organize the convention gets 404, as if it did not exist.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from api.permissions import OrganizesConvention
from api.serializers.common import validate_input
from events.errors import NotFound
from events.models import Convention
from events.selectors.programme import ReleasedProgramme, released_programme

# Organizers use API tokens (or an admin login in the browser); attendee bearer tokens do not apply here.
ORGANIZER_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The convention's slug.")


def parse_id(value: str) -> int:
    """A path id; anything that is not a positive integer is simply not found."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise NotFound()
    return int(value)


class PublicProgrammeView(generics.GenericAPIView):
    """A public read of the latest release of the convention in the URL."""

    authentication_classes: list = []
    permission_classes: list = []

    def get_programme(self) -> ReleasedProgramme:
        return released_programme(slug=self.kwargs["slug"])


class PublicListView(PublicProgrammeView):
    """A paginated list of already-public representations (dicts), documented by ``serializer_class``."""

    def get_items(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_items())
        return self.get_paginated_response(page)


class OrganizerAPIView(APIView):
    """An endpoint of one convention (``slug`` in the URL) for its organizers: ``OrganizesConvention`` decides
    and resolves ``self.convention`` before any handler runs."""

    permission_classes = [OrganizesConvention]
    convention: Convention


class OrganizerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Live objects of one convention for its organizers.

    Subclasses name the read serializer (``serializer_class``) and the write serializer (``input_serializer``)
    and implement ``create_object``/``update_object``/``delete_object`` by calling one service each.
    """

    authentication_classes = ORGANIZER_AUTHENTICATION
    permission_classes = [OrganizesConvention]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer: type[Serializer]
    convention: Convention

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # OrganizesConvention has resolved self.convention
        # Times answer in the convention's zone, with its offset, as the public programme does.
        timezone.activate(ZoneInfo(self.convention.time_zone))

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["convention"] = getattr(self, "convention", None)
        return context

    def validated_input(self, *, partial: bool, instance: Any = None) -> dict[str, Any]:
        return validate_input(
            self.input_serializer,
            data=self.request.data,
            instance=instance,
            context=self.get_serializer_context(),
            patch=partial,
        )

    def reload(self, obj: Any) -> Any:
        return self.get_queryset().get(pk=obj.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.create_object(self.validated_input(partial=False))
        return Response(self.get_serializer(self.reload(obj)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        obj = self.update_object(instance, self.validated_input(partial=True, instance=instance))
        return Response(self.get_serializer(self.reload(obj)).data)

    def perform_destroy(self, instance: Any) -> None:
        self.delete_object(instance)

    def create_object(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_object(self, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete_object(self, instance: Any) -> None:
        raise NotImplementedError
