"""Every error answer has one shape: ``{"code", "message"}`` JSON under ``/api/``, the site's error page elsewhere.

Errors arise in three places: views and DRF (``api.exceptions``), Django's own handlers (``handler400`` for a
disallowed Host or too many form fields, ``handler403``/``404``/``500``, the CSRF failure view) and responses that
views or middleware build by hand (a bare 405 from ``require_GET``). The handlers below cover the second,
``ErrorShapeMiddleware`` the third, and ``UnsafeInputMiddleware`` refuses input no view can use (a NUL byte),
before it reaches a database that would answer it with an exception.
"""

import gzip
import json
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.legal import errors as legal_errors

API_PREFIX = "/api/"
# Probes answer JSON for load balancers and operators, also when they fail (503 with the failing check).
_PROBE_PATHS = frozenset({"/healthz", "/readyz"})

# Codes the API uses for an HTTP status when nothing more specific is known (DRF's codes where it has one).
_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
}
_PAGE_MESSAGES = {
    400: gettext_lazy("The address or the data sent cannot be processed. Please check the link or form."),
    403: gettext_lazy("You do not have access to this page."),
    404: gettext_lazy("This page does not exist (any more). Please check the address."),
    405: gettext_lazy("This page cannot be used this way."),
    500: gettext_lazy("Something went wrong on our side. Please try again in a moment."),
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


_TITLES = {
    400: gettext_lazy("Bad request"),
    403: gettext_lazy("Access denied"),
    404: gettext_lazy("Page not found"),
    405: gettext_lazy("Method not allowed"),
    413: gettext_lazy("Request too large"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
}


def _title(status: int) -> str:
    if status in _TITLES:
        return str(_TITLES[status])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("Error")


def api_error(status: int, *, code: str = "", message: str = "") -> JsonResponse:
    """The API's error answer for ``status`` (``code`` and ``message`` default to the status's own)."""
    default_code = _STATUS_CODES.get(status, "server_error" if status >= 500 else "bad_request")
    default_message = _("Something went wrong on our side.") if status >= 500 else f"{_title(status)}."
    return JsonResponse({"code": code or default_code, "message": message or default_message}, status=status)


def error_page(request: HttpRequest, status: int, *, message: str = "") -> HttpResponse:
    """The site's error page for any status, in the layout of ``web.legal``'s 404/403/500 pages. Rendered
    without the request (no context processors, no database, never the Host header, which may be the error)."""
    default = _PAGE_MESSAGES.get(status // 100 * 100 if status >= 500 else status, _PAGE_MESSAGES[400])
    context = {
        "status": status,
        "title": _title(status),
        "message": message or default,
        "language": translation.get_language(),
        "language_links": [],
        "lang_query": "",
        "time_zone": settings.TIME_ZONE,
        "site_legal_slug": "",
    }
    try:
        content = render_to_string("pages/error.html", context)
    except Exception:
        content = format_html(
            "<!DOCTYPE html><title>{}</title><h1>{}</h1><p>{}</p>", status, context["title"], context["message"]
        )
    return HttpResponse(content, status=status, content_type="text/html; charset=utf-8")


def error_response(request: HttpRequest, status: int, *, code: str = "", message: str = "") -> HttpResponse:
    if is_api_request(request):
        return api_error(status, code=code, message=message)
    return error_page(request, status, message=message)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: a disallowed Host, too many form or query fields, a malformed multipart body."""
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: JSON for the API, the styled page (``web.legal.errors``) for everything else."""
    if is_api_request(request):
        return api_error(403, message=_("You may not do this."))
    return legal_errors.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: URLs under ``/api/`` that match no route answer in the API's error shape."""
    if is_api_request(request):
        return api_error(404, message=_("No API endpoint at this address."))
    return legal_errors.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: never an HTML traceback page for API clients, never Django's bare page for visitors."""
    if is_api_request(request):
        return api_error(500)
    return legal_errors.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent without (or with an outdated) security token."""
    return error_response(
        request,
        403,
        code="csrf_failed",
        message=_("The form has expired or was sent from another site. Please reload the page and try again."),
    )


def _has_error_shape(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    content = response.content
    try:
        if response.get("Content-Encoding") == "gzip":  # GZipMiddleware runs inside this one
            content = gzip.decompress(content)
        body = json.loads(content)
    except (ValueError, OSError, EOFError):
        return False
    return isinstance(body, dict) and isinstance(body.get("code"), str) and isinstance(body.get("message"), str)


def _is_html_page(response: HttpResponse) -> bool:
    # A template-rendered page, not Django's bare answers (an empty 405 from require_POST, "Bad Request" text).
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    # Compressed (GZipMiddleware runs inside this one): only rendered pages are long enough to be compressed.
    return response.has_header("Content-Encoding") or b"<html" in response.content[:1000]


def _plain_message(response: HttpResponse) -> str:
    """A short plain-text body ("There is no such consent.") is the message; anything else is not shown."""
    if not response.get("Content-Type", "").startswith("text/plain") or len(response.content) > 300:
        return ""
    return response.content.decode(response.charset or "utf-8", errors="replace").strip()


class ErrorShapeMiddleware:
    """Give hand-built error responses the shape of their audience: ``{code, message}`` for the API, the site's
    page for pages. Responses that already have it (nearly all of them) pass through untouched.

    Placed right after ``RequestIdMiddleware`` so that errors answered by any later middleware are covered.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming:
            return response
        if is_api_request(request):
            if _has_error_shape(response):
                return response
            shaped = api_error(response.status_code, message=_plain_message(response))
        elif (
            request.path_info in _PROBE_PATHS
            or _is_html_page(response)  # a page a view rendered for the error (a form with its errors)
            or _has_error_shape(response)  # a JSON endpoint outside /api/ that answers in the API's shape
        ):
            return response
        else:
            shaped = error_page(request, response.status_code, message=_plain_message(response))
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                shaped[header] = response[header]
        return shaped


def _has_nul(value: str) -> bool:
    return "\x00" in value or "%00" in value


class UnsafeInputMiddleware:
    """Refuse a NUL byte in the path, the query string, the credentials or a form body with a 400.

    No legitimate client sends one, Django passes it through to views, and PostgreSQL refuses it in any text
    value with an exception: without this a crafted link (``/api/v1/events/x%00/``) answers 500. JSON bodies
    are checked by the API's parser (``api.parsers``), which also refuses lone surrogates and deep nesting.
    Placed before the session and authentication middleware, which look up the cookie and token.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if (
            "\x00" in request.path_info
            or _has_nul(meta.get("QUERY_STRING", ""))
            or "\x00" in meta.get("HTTP_AUTHORIZATION", "")
            or "\x00" in meta.get("HTTP_COOKIE", "")
            or (
                meta.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
                and self._form_has_nul(request)
            )
        ):
            return error_response(
                request, 400, code="invalid_characters", message=_("The request contains a NUL character.")
            )
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request: HttpRequest) -> bool:
        try:
            body = request.body  # bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; the form is parsed from it later
        except Exception:
            return False
        return b"\x00" in body or b"%00" in body
