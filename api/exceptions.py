"""One place that turns every error into ``{"code": ..., "message": ..., "fields"?: {...}}`` with a 4xx status.

Domain errors carry their own code and status; DRF's validation and HTTP errors are mapped onto the same shape
so clients can branch on ``code`` and show ``message``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from events.errors import DomainError


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
        return "The input is not valid."
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def _field_codes(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _field_codes(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_field_codes(item) for item in detail]
    return str(detail)


def messe_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
        if exc.fields:
            body["fields"] = exc.fields
        body.update(exc.extra)
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else None
        message = "; ".join(exc.messages) or "The input is not valid."
        exc = exceptions.ValidationError(detail=fields or {"non_field_errors": exc.messages})
        response = exception_handler(exc, context)
        assert response is not None
        response.data = {"code": "invalid", "message": message, **({"fields": fields} if fields else {})}
        return response
    if isinstance(exc, IntegrityError):
        # Services check uniqueness first; two concurrent writes can still both pass that check, and then the
        # database constraint decides. The loser gets a conflict, not a 500.
        return Response(
            {"code": "conflict", "message": "The change conflicts with data saved at the same time; try again."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"code": "request_too_large", "message": "The request body is too large."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": _first_message(exc.detail),
            "fields": _field_codes(exc.detail) if isinstance(exc.detail, dict) else None,
        }
        if response.data["fields"] is None:
            del response.data["fields"]
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        if isinstance(code, (dict, list)):
            code = exc.default_code
        if isinstance(exc, exceptions.ParseError):
            code = "malformed_request"
        response.data = {"code": str(code), "message": _first_message(exc.detail)}
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            response.data["retry_after"] = int(wait)
    if response.status_code >= 500:  # never expected for client errors; keep the shape anyway
        response.status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    return response
