"""A small writer of iCalendar text (RFC 5545) for the few property types Messe's calendars use.

Schedule feeds (500 events) and calendar invites (tens of thousands after a release) are written here rather
than through ``icalendar``'s component model, which costs about 0.3 ms of CPU per event for building,
validating and folding objects that are thrown away at once. The output is byte for byte what ``icalendar``
writes for the same properties (same escaping, parameter quoting, property order and folding), which the tests
check against it; ``icalendar`` is still used for parsing and for VTIMEZONE components.
"""

import datetime as dt
import re
from collections.abc import Iterable

from events.text import clean_text

CRLF = "\r\n"
FOLD_LIMIT = 75  # octets per line, as icalendar folds: a line never reaches the limit
_PARAMETER_ESCAPES = re.compile(r'\^|\r\n|\r|\n|"')
_PARAMETER_REPLACEMENTS = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_QUOTED_IN_ANY_PARAMETER = re.compile("[,;:’]")  # RFC 5545 asks for quotes around these


def escape_text(value: str) -> str:
    r"""A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped.

    Also reads a literal ``\N`` as a line break first, as ``icalendar`` does, and drops control characters
    (RFC 5545 allows none but the line breaks escaped here), whenever the value was stored.
    """
    return (
        clean_text(value)
        .replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def parameter_value(value: str, *, quote_if: str = "") -> str:
    """A parameter value with RFC 6868 escapes, in double quotes when it holds ``,;:`` (or a ``quote_if``
    character: names in CN are quoted when they hold a space or an apostrophe)."""
    escaped = _PARAMETER_ESCAPES.sub(lambda match: _PARAMETER_REPLACEMENTS[match.group(0)], clean_text(value))
    if _QUOTED_IN_ANY_PARAMETER.search(escaped) or any(char in value for char in quote_if):
        return f'"{escaped}"'
    return escaped


def utc_datetime(value: dt.datetime) -> str:
    """A DATE-TIME in UTC form (``20250930T080000Z``); seconds only, like every calendar client writes."""
    value = value.astimezone(dt.UTC)
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def local_datetime(value: dt.datetime) -> str:
    """A DATE-TIME as wall-clock time, to be written with the TZID parameter of its zone."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def fold(line: str) -> str:
    """Fold a content line so that no physical line reaches 75 octets (continuations start with a space).

    A fold never separates a backslash or caret escape from the character it escapes.
    """
    if len(line) < FOLD_LIMIT and line.isascii():
        return line  # nearly every line: no octet counting needed
    parts: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = 1 if char < "\x80" else len(char.encode())
        if current and octets + size >= FOLD_LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current = [carried]
                octets = len(carried)
            else:
                parts.append("".join(current))
                current = []
                octets = 0
        current.append(char)
        octets += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


def content_lines(properties: Iterable[tuple[str, str]]) -> str:
    """``(name with parameters, value)`` pairs as folded content lines, each ending in CRLF."""
    return "".join(fold(f"{name}:{value}") + CRLF for name, value in properties)


def component(name: str, properties: Iterable[tuple[str, str]], *, children: Iterable[str] = ()) -> str:
    """``BEGIN:name``, the properties, the already written ``children`` and ``END:name``."""
    return f"BEGIN:{name}{CRLF}{content_lines(properties)}{''.join(children)}END:{name}{CRLF}"
