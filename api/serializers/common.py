"""Pieces every resource's serializers share: the error body and references to a convention's objects."""

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.errors import DomainError


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    code = serializers.CharField(help_text="Stable machine-readable error code, e.g. `not_found`, `room_clash`.")
    message = serializers.CharField(help_text="Human-readable explanation.")
    # Documents the error shape only (never bound to data), so shadowing ``Serializer.fields`` is harmless here.
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per-field problems, when the input was invalid."
    )


@extend_schema_field({"type": "integer", "nullable": True})
class ConventionObjectField(serializers.Field):
    """An id of an object that must belong to the convention in ``context["convention"]``.

    An id of another convention's object is treated exactly like one that does not exist and raises the given
    domain error (e.g. ``UnknownRoom`` → 400 ``unknown_room``), which the API renders with its own code.
    """

    default_error_messages = {"incorrect_type": "Expected an integer id, got {data_type}."}

    def __init__(self, *, model: type[Model], error: type[DomainError], **kwargs: Any):
        self.model = model
        self.error = error
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Model:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        obj = self.model._default_manager.filter(pk=data, convention=self.context["convention"]).first()
        if obj is None:
            raise self.error(fields={self.field_name or "": [f"Unknown id {data}."]})
        return obj

    def to_representation(self, value: Model) -> int:
        return value.pk


class PlausibleDateTimeField(serializers.DateTimeField):
    """A datetime within years 2000–2099, the span a convention's programme can plausibly use.

    Far-away years are not just implausible: rendered in Europe/Berlin, a time before 1893 carries the local mean
    time offset (+00:53:28), which is not a valid RFC 3339 offset, so it could not be read back by clients.
    """

    default_error_messages = {"implausible": "Must lie between the years 2000 and 2099."}

    def to_internal_value(self, value: Any):
        parsed = super().to_internal_value(value)
        if not 2000 <= parsed.year <= 2099:
            self.fail("implausible")
        return parsed


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$", "example": "09:00:00"}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time without offset (``HH:MM[:SS]``). OpenAPI's ``format: time`` means RFC 3339's
    full-time, which requires an offset, so the schema states the pattern instead."""


class ChoiceField(serializers.ChoiceField):
    """A choice whose error lists the valid values, so a client sees at once what it may send."""

    default_error_messages = {"invalid_choice": '"{input}" is not a valid choice. Valid choices: {valid}.'}

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            self.fail("invalid_choice", input=data, valid=", ".join(self.choice_strings_to_values))


class ModelSerializer(serializers.ModelSerializer):
    """DRF's model serializer whose choice fields (from a model's ``choices``) list the valid values too."""

    serializer_choice_field = ChoiceField


class ReleaseStampSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    released_at = serializers.DateTimeField()


ERROR_RESPONSES = {400: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERROR_RESPONSES = {400: ErrorSerializer, 401: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def validate_input(
    serializer_class: type[serializers.Serializer],
    *,
    data: Any,
    instance: Any = None,
    context: dict[str, Any] | None = None,
    patch: bool = False,
) -> dict[str, Any]:
    """Validate a write body; raises the usual 400 on bad input.

    For a PATCH only the top-level fields that are sent are validated. DRF's ``partial=True`` would also make
    the fields of nested items optional (a booth without a hall, an unavailability without an end), so
    instead the missing top-level fields are made optional and everything sent is validated in full.
    """
    serializer = serializer_class(data=data, instance=instance, context=context or {})
    if patch:
        sent = data if isinstance(data, dict) else {}
        for name, field in serializer.fields.items():
            if name not in sent:
                field.required = False
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class StoredFileField(serializers.FileField):
    """An uploaded file on input; on output the absolute link of Messe's ``/media/`` view for it (never the
    storage backend's own URL, which may be a pre-signed S3 link that expires)."""

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        from events.services.uploads import media_path

        request = self.context.get("request")
        path = media_path(value.name)
        return request.build_absolute_uri(path) if request is not None else path
