"""Text as Messe stores and exports it: no control characters, and single-line values on one line.

Pasted text brings characters nobody sees: PowerPoint's line break inside a paragraph is U+000B, Word adds
U+000C and U+2028, terminals NUL and escape sequences. XML 1.0 refuses all of them (``schedule.xml`` would fail),
iCalendar and PostgreSQL refuse some, and a line break in a name prints an extra line on the badge. So:

* ``clean_line`` for one-line values (names, titles, every ``CharField``): line breaks and tabs become a space,
  other control characters go.
* ``clean_text`` for multi-line values (abstracts, notes, every ``TextField``): the other line breaks become
  ``\\n``; tab, ``\\n`` and ``\\r`` stay; other control characters go.

Both also drop lone surrogates and the non-characters U+FFFE/U+FFFF, which no encoder or XML parser accepts.
Leaf module: importable from models, services and exports alike.
"""

import re
from typing import Any

# Unicode line separators besides \n and \r: VT, FF, the ASCII file/group/record separators, NEL, LS, PS.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_DROPPED = [
    *(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r" and chr(code) not in _OTHER_BREAKS),
    "\x7f",
    *(chr(code) for code in range(0x80, 0xA0) if chr(code) not in _OTHER_BREAKS),
    *(chr(code) for code in range(0xD800, 0xE000)),  # lone surrogates (a str may hold them, UTF-8 cannot)
    "\ufffe",
    "\uffff",
]
_TEXT_TABLE = str.maketrans({**dict.fromkeys(_DROPPED), **dict.fromkeys(_OTHER_BREAKS, "\n")})
_LINE_TABLE = str.maketrans({**dict.fromkeys(_DROPPED), **dict.fromkeys(_OTHER_BREAKS + "\t\n\r", " ")})
_LINE_BREAK_CHARS = frozenset(_OTHER_BREAKS + "\t\n\r")
_RUNS_OF_SPACES = re.compile(" {2,}")


def clean_line(value: str) -> str:
    """``value`` on one line without control characters ("Erika\\nALL ACCESS" → "Erika ALL ACCESS")."""
    if value.isascii() and value.isprintable():
        return value  # nearly every value: nothing to do
    cleaned = value.translate(_LINE_TABLE)
    if not _LINE_BREAK_CHARS.isdisjoint(value):
        cleaned = _RUNS_OF_SPACES.sub(" ", cleaned).strip()
    return cleaned


def clean_text(value: str) -> str:
    """``value`` without control characters; its line breaks, whatever their kind, kept as line breaks."""
    if value.isascii() and value.isprintable():
        return value
    return value.translate(_TEXT_TABLE)


def clean_data(value: Any) -> Any:
    """A copy of JSON-shaped ``value`` whose strings (keys included) went through ``clean_text``: for exports of
    data stored before input was cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key) if isinstance(key, str) else key: clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    return value
