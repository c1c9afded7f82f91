"""Rate limits for the endpoints the public internet hammers during a ticket rush and at the gates.

The counters live in the default cache, which is Redis in production (``CACHE_URL=redis://…``), so every web
worker shares them. Rates come from the environment through ``settings.MESSE_THROTTLE_RATES`` and are read at
request time. A throttled request answers 429 with a ``Retry-After`` header and
``{"code": "throttled", "message", "retry_after"}`` (rendered by ``api.exceptions``).

Each limit is a fixed window counted with the cache's atomic ``incr``, unlike DRF's ``SimpleRateThrottle``,
which reads, appends to and writes back a list of timestamps: concurrent requests from one flood would overwrite
each other's entries and slip through, and at 600 scans a minute every scan would move a 600-entry list to and
from Redis. The price of a fixed window is that a client may spend its allowance at the end of one window and
again at the start of the next.

Attach them per view: ``throttle_classes = [RegistrationRateThrottle]``.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from config.proxies import client_ip

_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"30/min"`` → ``(30, 60)``: allowed requests and window length in seconds."""
    count, _, period = rate.partition("/")
    return int(count), _PERIOD_SECONDS[period[0]]


class MesseRateThrottle(BaseThrottle):
    """A fixed-window limit of ``settings.MESSE_THROTTLE_RATES[scope]`` requests per identity."""

    scope: str
    timer = staticmethod(time.time)

    def identity(self, request: Request) -> str:
        return f"ip:{client_ip(request)}"

    def allow_request(self, request: Request, view) -> bool:
        rate = settings.MESSE_THROTTLE_RATES.get(self.scope)
        if rate is None:
            return True
        allowed, window_seconds = parse_rate(rate)
        now = self.timer()
        window = int(now // window_seconds)
        self.retry_after = (window + 1) * window_seconds - now
        # Hashed so that a credential used as identity never sits in the cache in clear text.
        digest = hashlib.sha256(self.identity(request).encode()).hexdigest()[:32]
        key = f"throttle:{self.scope}:{window}:{digest}"
        return self._count(key, timeout=window_seconds + 1) <= allowed

    @staticmethod
    def _count(key: str, *, timeout: int) -> int:
        if cache.add(key, 1, timeout=timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=timeout)
            return 1

    def wait(self) -> float:
        return self.retry_after


class RegistrationRateThrottle(MesseRateThrottle):
    """Registrations per client IP (``MESSE_THROTTLE_REGISTRATION``)."""

    scope = "registration"


class ContactRateThrottle(MesseRateThrottle):
    """Forms that send an e-mail on a stranger's request (accessibility feedback, "send me my link again") per
    client IP (``MESSE_THROTTLE_CONTACT``)."""

    scope = "contact"


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


class LoginRateThrottle(MesseRateThrottle):
    """Password sign-ins (the organizer page and the admin site) per client IP (``MESSE_THROTTLE_LOGIN``)."""

    scope = "login"


class LoginAccountRateThrottle(MesseRateThrottle):
    """Password sign-ins per account name, from any address (``MESSE_THROTTLE_LOGIN_ACCOUNT``): guessing one
    organizer's password from many addresses is slowed down too."""

    scope = "login_account"

    def identity(self, request: Request) -> str:
        return "username:" + str(request.POST.get("username", ""))[:150].strip().casefold()
