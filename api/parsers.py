"""The API's JSON parser: DRF's, refusing what no client needs and every layer behind it would trip over.

* Nesting deeper than ``MAX_DEPTH``: a 2 KB body of 1,000 brackets makes the decoder (and any recursive
  validation after it) exceed Python's recursion limit.
* NUL characters and lone surrogates (``"\\u0000"``, ``"\\ud800"``) in any string or key: PostgreSQL refuses NUL
  in text and JSONB, a lone surrogate cannot be encoded as UTF-8 (not by the database driver, not by the JSON
  renderer echoing it in an error message).

Each answers 400 ``malformed_request``. Both checks are skipped by a byte count on the raw body when they
cannot apply (no ``\\u`` escape, fewer brackets than ``MAX_DEPTH``), so a scan's small body costs nothing extra.
"""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 32


def _too_deep(data: Any) -> bool:
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _unsafe_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _has_unsafe_string(data: Any) -> bool:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if _unsafe_text(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


class MesseJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read()
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        try:
            parse_constant = strict_constant if self.strict else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and _too_deep(data):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
        if b"\\u" in raw and _has_unsafe_string(data):
            raise ParseError("JSON parse error - NUL characters and lone surrogates are not allowed.")
        return data
