"""Mapping a file's values onto Messe's: formats, languages, roles, GUIDs, times.

Each function returns the value Messe stores and, when the file's value had to be changed to get there, a note
saying so (shown in the import's report; nothing is changed silently).
"""

import base64
import binascii
import datetime as dt
import re
import uuid

from django.utils.translation import gettext as _

from events.enums import Language, SessionFormat, SpeakerRole

_FORMATS = {
    "keynote": SessionFormat.KEYNOTE,
    "panel": SessionFormat.PANEL,
    "podium": SessionFormat.PANEL,
    "podiumsdiskussion": SessionFormat.PANEL,
    "discussion": SessionFormat.PANEL,
    "diskussion": SessionFormat.PANEL,
    "talk": SessionFormat.TALK,
    "lecture": SessionFormat.TALK,
    "vortrag": SessionFormat.TALK,
    "workshop": SessionFormat.WORKSHOP,
    "booth talk": SessionFormat.BOOTH_TALK,
    "booth_talk": SessionFormat.BOOTH_TALK,
    "standvortrag": SessionFormat.BOOTH_TALK,
}
_LANGUAGES = {
    "de": Language.GERMAN,
    "deu": Language.GERMAN,
    "ger": Language.GERMAN,
    "german": Language.GERMAN,
    "deutsch": Language.GERMAN,
    "en": Language.ENGLISH,
    "eng": Language.ENGLISH,
    "english": Language.ENGLISH,
    "englisch": Language.ENGLISH,
}
_ROLES = {
    "": SpeakerRole.SPEAKER,
    "speaker": SpeakerRole.SPEAKER,
    "referent": SpeakerRole.SPEAKER,
    "referentin": SpeakerRole.SPEAKER,
    "moderator": SpeakerRole.MODERATOR,
    "moderatorin": SpeakerRole.MODERATOR,
    "moderation": SpeakerRole.MODERATOR,
    "host": SpeakerRole.MODERATOR,
    "panelist": SpeakerRole.PANELIST,
    "panelistin": SpeakerRole.PANELIST,
}
_BASE64_GUID = re.compile(r"^[A-Za-z0-9_-]{22}(==)?$")
_DURATION = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def session_format(raw: str, *, strict: bool = False) -> tuple[str | None, str | None]:
    """A session format from a file's type (``Talk``, ``lecture``, ``podium``…). Unknown types become talks
    with a note; with ``strict`` (tables, where the organizer chose the values) they are refused (None)."""
    key = raw.strip().lower()
    if key in SessionFormat.values:
        return key, None
    if key in _FORMATS:
        value = _FORMATS[key]
        if key == str(SessionFormat(value).label).lower():
            return value, None
        return value, _("type “%(type)s” read as %(format)s") % {"type": raw, "format": value}
    if strict:
        return None, None
    return SessionFormat.TALK, _("type “%(type)s” is not a format of Messe: read as talk") % {"type": raw}


def language(raw: str, *, default: str) -> tuple[str, str | None]:
    """A session language (de/en) from a code or a name; anything else becomes ``default`` with a note."""
    key = raw.strip().lower()
    if key in Language.values:
        return key, None
    base = re.split(r"[-_]", key, maxsplit=1)[0]
    if base in _LANGUAGES:
        return _LANGUAGES[base], _("language “%(raw)s” read as %(language)s") % {
            "raw": raw,
            "language": _LANGUAGES[base],
        }
    if not key:
        return default, _("no language given: %(language)s assumed") % {"language": default}
    return default, _("language “%(raw)s” is not offered: %(language)s assumed") % {"raw": raw, "language": default}


def speaker_role(raw: str) -> str | None:
    """A speaker role (speaker, moderator, panelist) or None when unknown."""
    return _ROLES.get(raw.strip().lower())


def guid(raw: str) -> tuple[str | None, str | None]:
    """A UUID from a file's GUID: as is, or decoded from frab's 22-character base64 form (with a note).
    Anything else: None and a note (a new GUID is given)."""
    text = raw.strip()
    if not text:
        return None, None
    try:
        return str(uuid.UUID(text)), None
    except ValueError:
        pass
    if _BASE64_GUID.match(text):
        try:
            value = uuid.UUID(bytes=base64.urlsafe_b64decode(text[:22] + "=="))
        except (binascii.Error, ValueError):
            pass
        else:
            return str(value), _("GUID “%(guid)s” is base64: read as %(uuid)s") % {"guid": text, "uuid": value}
    return None, _("GUID “%(guid)s” is not a UUID: a new one is given") % {"guid": text}


def duration(raw: str) -> dt.timedelta | None:
    """``HH:MM`` (or ``HH:MM:SS``) as a timedelta; None when it cannot be read."""
    match = _DURATION.match(raw.strip())
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    if int(minutes) >= 60 or int(seconds or 0) >= 60:
        return None
    return dt.timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
