"""Programme warnings (``events.selectors.schedule.schedule_warnings``) as sentences in the page's language.

The selector's own ``message`` is English; pages read the warning's ids and say it again through gettext. A code
this module does not know keeps the selector's message.
"""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.bilingual import field_in
from events.models import Convention, Room, Session, Speaker


def warning_texts(*, convention: Convention, warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each warning with ``text`` added (three queries, whatever the number of warnings)."""
    session_ids = {w["session_id"] for w in warnings} | {
        w["other_session_id"] for w in warnings if "other_session_id" in w
    }
    language = get_language()
    titles = {
        session.pk: field_in(session, "title", language)
        for session in Session.objects.filter(convention=convention, pk__in=session_ids).only(
            "pk", "title_de", "title_en"
        )
    }
    speaker_ids = {w["speaker_id"] for w in warnings if "speaker_id" in w}
    speakers = dict(Speaker.objects.filter(convention=convention, pk__in=speaker_ids).values_list("pk", "name"))
    room_ids = {w["room_id"] for w in warnings if "room_id" in w}
    rooms = dict(Room.objects.filter(convention=convention, pk__in=room_ids).values_list("pk", "name"))
    return [warning | {"text": _text(warning, titles, speakers, rooms)} for warning in warnings]


def describe_warnings(*, convention: Convention, warnings: list[dict[str, Any]]) -> None:
    """Add ``text`` to each of ``warnings`` in place (the board shares one warning between its two sessions'
    cards and its list)."""
    unique = list({id(warning): warning for warning in warnings}.values())
    for warning, described in zip(unique, warning_texts(convention=convention, warnings=unique), strict=True):
        warning["text"] = described["text"]


def _text(warning: dict[str, Any], titles: dict[int, str], speakers: dict[int, str], rooms: dict[int, str]) -> str:
    code = warning["code"]
    title = titles.get(warning["session_id"], "")
    other = titles.get(warning.get("other_session_id", 0), "")
    speaker = speakers.get(warning.get("speaker_id", 0), "")
    room = rooms.get(warning.get("room_id", 0), "")
    if code == "room_clash":
        return _("Room “%(room)s” holds “%(title)s” and “%(other)s” at overlapping times.") % {
            "room": room,
            "title": title,
            "other": other,
        }
    if code == "speaker_double_booked":
        return _("%(speaker)s speaks in “%(title)s” and in “%(other)s” at overlapping times.") % {
            "speaker": speaker,
            "title": title,
            "other": other,
        }
    if code == "speaker_unavailable":
        return _("%(speaker)s is not available during “%(title)s”.") % {"speaker": speaker, "title": title}
    if code == "speaker_declined":
        text = _("%(speaker)s declined “%(title)s”.") % {"speaker": speaker, "title": title}
        if warning.get("note"):
            text += " " + _("Note: %(note)s") % {"note": warning["note"]}
        return text
    if code == "over_capacity":
        return _("“%(title)s” expects %(expected)s people but room “%(room)s” holds %(capacity)s.") % {
            "title": title,
            "expected": warning.get("expected_attendance"),
            "room": room,
            "capacity": warning.get("capacity"),
        }
    if code == "missing_room_or_time":
        missing = set(warning.get("missing", []))
        if missing == {"room", "time"}:
            return _("“%(title)s” is confirmed but has no room and no time yet.") % {"title": title}
        if missing == {"room"}:
            return _("“%(title)s” is confirmed but has no room yet.") % {"title": title}
        return _("“%(title)s” is confirmed but has no time yet.") % {"title": title}
    return str(warning.get("message", ""))
