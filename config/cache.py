"""The cache is an optimisation: when Redis is unreachable, Messe answers from the database.

``DegradingRedisCache`` is Django's Redis cache whose every operation turns a connection or timeout error into a
miss: reads return the default, writes and deletes do nothing, ``add`` reports success (so rate limits let
requests through rather than refusing everyone). After a failure the process leaves Redis alone for
``RETRY_AFTER_SECONDS`` (no connect attempt per cache call while it is down), then tries again.

What it costs: while the cache is down every page and export is rendered from the database, and rate limits are
not enforced. Entries deleted while Redis was unreachable (the latest-release pointer after a release) are not
deleted there: when Redis comes back with its old data, such entries live until they expire (30 seconds for
the latest release; rendered exports and pages are keyed by the release id and never stale).
"""

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.ConnectionError, redis.TimeoutError, OSError)


class DegradingRedisCache(RedisCache):
    _down_until = 0.0

    def _guarded(self, operation: str, fallback: Any, call, *args: Any, **kwargs: Any) -> Any:
        now = time.monotonic()
        if now < self._down_until:
            return fallback
        try:
            return call(*args, **kwargs)
        except _redis_errors() as exc:
            if self._down_until <= now:
                logger.warning("cache unavailable (%s): answering without it for %ss", exc, RETRY_AFTER_SECONDS)
            type(self)._down_until = now + RETRY_AFTER_SECONDS
            return fallback

    def add(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded("add", True, super().add, key, value, version=version, **kwargs)

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, super().get, key, default, version=version)

    def set(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded("set", None, super().set, key, value, version=version, **kwargs)

    def touch(self, key, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded("touch", False, super().touch, key, version=version, **kwargs)

    def delete(self, key, version=None):
        return self._guarded("delete", False, super().delete, key, version=version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, super().get_many, keys, version=version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, super().has_key, key, version=version)

    def incr(self, key, delta=1, version=None):
        # A miss, as for a key that expired: callers (the rate limits) start counting again.
        result = self._guarded("incr", None, super().incr, key, delta, version=version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded("set_many", list(data), super().set_many, data, version=version, **kwargs)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, super().delete_many, keys, version=version)

    def clear(self):
        return self._guarded("clear", False, super().clear)
