"""Request-wide middleware: the request id with its access log line, and the Content-Security-Policy header."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

from config.logs import REQUEST_ID_HEADER, accept_request_id, current_request_id, new_request_id
from config.proxies import client_ip

access_log = logging.getLogger("messe.access")
_PROBE_PATHS = frozenset({"/healthz", "/readyz"})


class RequestIdMiddleware:
    """Give every request an id, taken from ``X-Request-ID`` when a proxy set a sane one, echoed on the response.

    Placed first so that even redirects and errors from later middleware carry the header, and every log line
    written while the request runs has the id (``config.logs.RequestIdFilter``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx/5xx responses ("django.request") after the middleware
        # chain returns. The request_finished signal clears it instead.
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if request.path in _PROBE_PATHS and response.status_code < 400:
            return response  # a healthy probe every few seconds per pod is noise, a failing one is news
        if not access_log.isEnabledFor(logging.INFO):
            return response  # LOG_LEVEL=WARNING: skip building the line's fields on every request
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "client_ip": client_ip(request),
            },
        )
        return response


def _forget_request_id(**_kwargs: object) -> None:
    current_request_id.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="messe_forget_request_id")


class ContentSecurityPolicyMiddleware:
    """Set ``settings.MESSE_CONTENT_SECURITY_POLICY`` on responses that do not choose their own policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.MESSE_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class PagesMessageMiddleware(MessageMiddleware):
    """Django's messages (the admin's and the pages' notices) for everything but ``/api/``.

    The API never shows a flash message, and setting up the message storage was measurable on every gate scan.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        return super().__call__(request)
