"""Public schedule exports of a release: c3voc ``schedule.json``, frab ``schedule.xml`` and iCalendar.

Everything is rendered from the release's frozen ``snapshot`` (never from the live tables), so an export of a
release never changes. That lets ``rendered_export`` keep the rendered bytes (plain and gzip-compressed) in the
Django cache keyed by release id and format, and lets the views answer ``If-None-Match`` from the release
version alone (``export_etag``).

Formats: https://c3voc.de/wiki/schedule (schema.json and schedule.xml.xsd); RFC 5545 for iCalendar.
"""

import gzip
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from events.errors import ScheduleNotReleased
from events.exports.c3voc_json import render_schedule_json
from events.exports.frab_xml import render_schedule_xml
from events.exports.ical import render_schedule_ics, session_ical_uid, session_sequences
from events.exports.programme import RENDER_REVISION
from events.models import ScheduleRelease

__all__ = [
    "RENDERERS",
    "export_etag",
    "forget_local_exports",
    "render_schedule_ics",
    "render_schedule_json",
    "render_schedule_xml",
    "rendered_export",
    "session_ical_uid",
    "session_sequences",
]

CACHE_SECONDS = 24 * 3600  # releases are immutable; the limit only bounds memory held for old releases


@dataclass(frozen=True)
class RenderedExport:
    content_type: str
    body: bytes
    gzipped: bytes
    stamp: str = ""  # random per rendering; see rendered_export


def export_etag(*, convention_id: int, version: int, format: str) -> str:
    """A strong ETag for one format of one release (the body of a release's export never changes)."""
    digest = hashlib.sha256(
        f"{convention_id}:{version}:{format}:{RENDER_REVISION}:{settings.SITE_URL}".encode()
    ).hexdigest()
    return f'"{digest[:24]}"'


# Exports held in each process's memory, most recently used last: a warm request then fetches a 16-byte stamp
# from the cache instead of the export (~0.6 MB to fetch and unpickle, more than the rest of the request).
# The copy is used only while the cache still holds the stamp it was rendered with, so clearing the cache
# still means rendering again. A few releases × formats bound the memory (~2 MB each).
LOCAL_EXPORTS = 12
_local_exports: OrderedDict[tuple[int, str, str, str], RenderedExport] = OrderedDict()
_local_lock = threading.Lock()


def rendered_export(*, release_id: int, format: str) -> RenderedExport:
    """The rendered export of a release: from this process's memory, else from the cache, else rendered (and
    kept in both). Raises ``ScheduleNotReleased`` when the release was deleted meanwhile."""
    key = f"messe:schedule-export:{RENDER_REVISION}:{release_id}:{format}"
    stamp_key = f"{key}:stamp"
    local_key = (release_id, format, RENDER_REVISION, settings.SITE_URL)
    with _local_lock:
        found = _local_exports.get(local_key)
    if found is not None and found.stamp and cache.get(stamp_key) == found.stamp:
        return found
    cached = cache.get(key)
    if cached is None:
        release = ScheduleRelease.objects.filter(pk=release_id).first()
        if release is None:
            raise ScheduleNotReleased()
        content_type, render = RENDERERS[format]
        body = render(release)
        # Level 6 is gzip's default: level 9 costs twice the CPU for ~1 % smaller files.
        cached = RenderedExport(
            content_type=content_type,
            body=body,
            gzipped=gzip.compress(body, 6, mtime=0),
            stamp=secrets.token_hex(8),
        )
        cache.set_many({key: cached, stamp_key: cached.stamp}, CACHE_SECONDS)
    elif cached.stamp and cache.get(stamp_key) != cached.stamp:
        cache.set(stamp_key, cached.stamp, CACHE_SECONDS)  # the stamp alone was evicted
    with _local_lock:
        _local_exports[local_key] = cached
        _local_exports.move_to_end(local_key)
        while len(_local_exports) > LOCAL_EXPORTS:
            _local_exports.popitem(last=False)
    return cached


def forget_local_exports() -> None:
    """Empty this process's memory of exports (tests: rolled-back transactions reuse release ids)."""
    with _local_lock:
        _local_exports.clear()


RENDERERS: dict[str, tuple[str, Callable[[ScheduleRelease], bytes]]] = {
    "json": ("application/json", render_schedule_json),
    "xml": ("application/xml; charset=utf-8", render_schedule_xml),
    "ics": ("text/calendar; charset=utf-8", render_schedule_ics),
}
