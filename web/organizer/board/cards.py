"""The board's session cards as HTML, built here rather than in a template.

A full-scale day holds about 170 cards; rendered through a template include each, the cards alone took longer
than the whole day view may (200 ms). Built here (everything escaped) they take a few milliseconds.
"""

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from events.enums import SessionStatus
from events.selectors.board import BoardCard


def card_html(card: BoardCard, info: dict[str, Any], strings: dict[str, str]) -> SafeString:
    """One card: title (the link to its move form), time and format, track, speakers, capacity against the
    room's size, its warnings, and for those who may change it the handle at its bottom edge. Every value is
    escaped (``e``); plain f-strings because ``format_html`` costs several times as much per card."""
    session = card.session
    classes = f"card status-{session.status}"
    if card.dimmed:
        classes += " dimmed"
    if card.warnings:
        classes += " has-warnings"
    if info["editable"]:
        classes += " editable"
    style = f"--track:{e(info['colour'])};"
    if card.height:
        style = f"top:{card.top}px;height:{card.height}px;" + style
        if card.lanes > 1:
            style += f"--lane:{card.lane};--lanes:{card.lanes};"
    start = f"{card.start:%H:%M}" if card.start else ""
    end = f"{card.end:%H:%M}" if card.end else ""
    line = f"{start}–{end} · " if start else ""
    line += str(info["format"])
    if session.status == SessionStatus.DRAFT:
        line += f" · {strings['draft']}"
    parts = [f'<span class="card-line">{e(line)}</span>']
    if info["track"]:
        parts.append(f'<span class="card-line card-track">{e(info["track"])}</span>')
    if info["speakers"]:
        people = ", ".join(f"{name} ({role})" if role else name for name, role in info["speakers"])
        parts.append(f'<span class="card-line card-people">{e(people)}</span>')
    capacity = _capacity(card, info)
    if capacity:
        over = " over" if card.over_capacity else ""
        parts.append(f'<span class="card-line card-capacity{over}">{e(capacity)}</span>')
    if card.warnings:
        listed = "".join(f'<span class="card-warning">{e(w["text"])}</span>' for w in card.warnings)
        parts.append(f'<span class="card-warnings"><span class="warn-mark" aria-hidden="true">⚠</span> {listed}</span>')
    if info["editable"] and card.height:
        parts.append(f'<span class="card-grip" aria-hidden="true" title="{e(strings["grip"])}"></span>')
    title = e(info["title"])
    return mark_safe(  # every value above is escaped
        f'<li id="s-{session.pk}" class="{classes}" data-id="{session.pk}" data-version="{session.version}" '
        f'data-room="{session.room_id or ""}" data-title="{title}" data-start="{start}" data-end="{end}" '
        f'data-minutes="{card.minutes}" style="{style}"><a class="card-title" href="{e(info["move_url"])}" '
        f'aria-describedby="board-keys">{title}</a>{"".join(parts)}</li>'
    )


def e(value: object) -> str:
    return escape(str(value), quote=True)


def card_strings() -> dict[str, str]:
    """The words every card may use, translated once per page."""
    return {"draft": _("draft"), "grip": _("Drag to change the end")}


def _capacity(card: BoardCard, info: dict[str, Any]) -> str:
    expected, places, seats = card.session.expected_attendance, info["room_capacity"], card.session.capacity
    if expected and places:
        text = _("%(expected)s expected / %(places)s places") % {"expected": expected, "places": places}
    elif expected:
        text = _("%(expected)s expected") % {"expected": expected}
    elif places:
        text = _("%(places)s places") % {"places": places}
    else:
        return ""
    if seats is not None:
        text += " · " + _("%(seats)s seats to book") % {"seats": seats}
    return text
