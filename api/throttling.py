"""Rate limits for the endpoints the public internet hammers during a ticket rush and at the gates.

The counters live in the default cache, which is Redis in production (``CACHE_URL=redis://…``), so every web
worker shares them. Rates come from the environment through ``settings.MESSE_THROTTLE_RATES`` and are read at
request time, so a test or an operator change takes effect without re-importing the classes. A throttled
request answers 429 with a ``Retry-After`` header and ``{"code": "throttled", "message", "retry_after"}``
(rendered by ``api.exceptions``).

Attach them per view: ``throttle_classes = [RegistrationRateThrottle]``.
"""

import hashlib

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from config.proxies import client_ip


class MesseRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is looked up per request in ``settings.MESSE_THROTTLE_RATES[scope]``."""

    def __init__(self) -> None:
        # SimpleRateThrottle reads the rate in __init__; we defer that to get_rate() on every request.
        pass

    def get_rate(self) -> str | None:
        return settings.MESSE_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def identity(self, request: Request) -> str:
        return f"ip:{self.get_ident(request)}"

    def get_cache_key(self, request: Request, view) -> str:
        # Hash so that a token used as identity never appears in the cache in clear text.
        digest = hashlib.sha256(self.identity(request).encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}

    def allow_request(self, request: Request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class RegistrationRateThrottle(MesseRateThrottle):
    """Registrations per client IP (``MESSE_THROTTLE_REGISTRATION``)."""

    scope = "registration"


class TokenRateThrottle(MesseRateThrottle):
    """Token exchanges and logins per client IP (``MESSE_THROTTLE_AUTH_TOKEN``)."""

    scope = "auth_token"


class ScanRateThrottle(MesseRateThrottle):
    """Scans per device (``MESSE_THROTTLE_SCAN``).

    A gate device or booth scanner is identified by the credential it authenticated with, so gates sharing
    one NAT address do not starve each other; an unauthenticated caller falls back to its IP.
    """

    scope = "scan"

    def identity(self, request: Request) -> str:
        auth = request.auth
        auth_pk = getattr(auth, "pk", None)
        if auth is not None and auth_pk is not None:
            return f"{type(auth).__module__}.{type(auth).__qualname__}:{auth_pk}"
        user = request.user
        if user is not None and user.is_authenticated and getattr(user, "pk", None) is not None:
            return f"user:{user.pk}"
        return super().identity(request)
