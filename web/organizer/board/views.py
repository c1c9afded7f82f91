"""The schedule board: one day of the live programme, rooms as columns, time as rows.

The page is HTML first: every card links to a move form (room, day, start, end; or off the grid), and that form
is all a browser without scripts needs. ``static/pages/board.js`` adds dragging, keys on the focused card and
live updates on top, posting the same form to the same view with ``Accept: application/json``. Every change goes
through ``events.services.schedule.update_session`` with the version the board showed, so a refused move (room
clash, outside the opening hours, someone else's newer change) changes nothing and answers with the service's
message.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import permissions
from events.enums import TeamRole
from events.errors import DomainError
from events.models import Session
from events.selectors.board import ROW_PIXELS, BoardDay, board_day, board_stamp
from events.services import schedule
from web.organizer.access import organizer_page
from web.organizer.board.cards import card_html, card_strings
from web.organizer.board.forms import ROOM_KIND_LABELS, BoardQueryForm, MoveForm, day_label
from web.organizer.programme.warnings import describe_warnings
from web.pages import page_context
from web.public.programme import FORMAT_LABELS, ROLE_LABELS

# How often the board asks whether anything changed (seconds); tests shorten it.
POLL_SECONDS = 10
# The query parameters of the board that a move keeps when it returns to the board.
BOARD_PARAMETERS = ("day", "step", "group", "track", "format", "lang")
PROGRAMME_ROLES = (TeamRole.OWNER, TeamRole.ORGANIZER, TeamRole.CURATOR)


def _board_query(request: HttpRequest, **override: str) -> str:
    values = {name: request.GET.get(name, "") for name in BOARD_PARAMETERS} | override
    return urlencode({name: value for name, value in values.items() if value})


@organizer_page(need="read")
def board(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    fragment = request.GET.get("fragment") == "1"
    if fragment and request.GET.get("since") and request.GET["since"] == board_stamp(convention=convention):
        return HttpResponse(status=204)  # nothing changed since the board was drawn
    language = translation.get_language()
    today = timezone.localdate(timezone=_zone(convention))
    query = BoardQueryForm(request.GET, convention=convention, rooms=None, tracks=[], language=language)
    day, step, filters = query.values(today=today)
    data = board_day(convention=convention, day=day, step=step, filters=filters)
    _describe_cards(request, data, language)
    shown = {"day": day.isoformat(), "step": str(step), "group": filters.group, "format": filters.format,
             "track": str(filters.track or "")}  # fmt: skip
    query = BoardQueryForm(shown, convention=convention, rooms=data.rooms, tracks=data.tracks, language=language)
    query.is_valid()
    context = _page(
        request,
        board=data,
        query_form=query,
        day_links=_day_links(request, data),
        may_change=request.team_role in PROGRAMME_ROLES,  # type: ignore[attr-defined]
        poll_seconds=POLL_SECONDS,
        row_px=ROW_PIXELS[step],
        board_url=reverse("web:organizer-board-day", args=[convention.slug]),
        board_query=_board_query(request),
        day_label=day_label(day),
    )
    template = "pages/organizer/board/_board.html" if fragment else "pages/organizer/board/board.html"
    return render(request, template, context)


@organizer_page(need="programme")
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    if request.team_role not in PROGRAMME_ROLES:  # type: ignore[attr-defined]
        raise PermissionDenied()  # read-only members see the board and change nothing
    session = Session.objects.select_related("room", "track").filter(pk=session_id, convention=convention).first()
    if session is None:
        raise Http404()
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "GET":
        if not permissions.can_change_session(request.user, session):
            raise PermissionDenied()  # a curator's form for a session outside its scope
        return _move_page(request, session, MoveForm(initial=_initial(session), convention=convention))
    form = MoveForm(request.POST, convention=convention)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        if wants_json:
            return JsonResponse({"code": "invalid", "message": message, "fields": form.errors}, status=400)
        return _move_page(request, session, form, status=400)
    changes = form.changes()
    if not permissions.can_change_session(request.user, session, room=changes["room"]):
        error: DomainError = OutsideYourScope()
        return _refused(request, session, form, error, wants_json=wants_json)
    try:
        schedule.update_session(session=session, expected_version=form.cleaned_data["version"], **changes)
    except DomainError as refusal:
        return _refused(request, session, form, refusal, wants_json=wants_json)
    message = _moved_message(session)
    if wants_json:
        return JsonResponse({"ok": True, "message": message, "session": _session_state(session)})
    messages.success(request, message)
    day = timezone.localtime(session.start, _zone(convention)).date().isoformat() if session.start else ""
    target = reverse("web:organizer-board-day", args=[convention.slug])
    return redirect(f"{target}?{_board_query(request, day=day or request.GET.get('day', ''))}#s-{session.pk}")


def _page(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """The context of the board's pages (``pages/organizer/board/_base.html``)."""
    convention = request.convention  # type: ignore[attr-defined]
    return page_context(request, area_convention=convention, time_zone=convention.time_zone, **extra)


class OutsideYourScope(DomainError):
    code = "outside_your_scope"
    status = 403


def _refused(
    request: HttpRequest, session: Session, form: MoveForm, refusal: DomainError, *, wants_json: bool
) -> HttpResponse:
    message = str(refusal.message) if refusal.code != "outside_your_scope" else _scope_message()
    current = Session.objects.select_related("room").get(pk=session.pk)
    if wants_json:
        body: dict[str, Any] = {"code": refusal.code, "message": message, "current": _session_state(current)}
        return JsonResponse(body, status=refusal.status)
    form.add_error(None, message)
    return _move_page(request, current, form, status=refusal.status, refused=True)


def _scope_message() -> str:
    return _("This session lies outside the rooms and tracks you curate.")


def _move_page(
    request: HttpRequest, session: Session, form: MoveForm, *, status: int = 200, refused: bool = False
) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    if refused:
        # The form shows what is saved now, with the newer version, so a second try is based on it.
        data = form.data.copy()
        data["version"] = str(session.version)
        form.data = data
    context = _page(
        request,
        session=session,
        session_title=session.title_in(translation.get_language()),
        when=_when(session),
        form=form,
        back_url=f"{reverse('web:organizer-board-day', args=[convention.slug])}?{_board_query(request)}",
        action_url=f"{request.path}?{_board_query(request)}",
    )
    return render(request, "pages/organizer/board/move.html", context, status=status)


def _initial(session: Session) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": session.version, "room": session.room_id}
    if session.start and session.end:
        zone = _zone(session.convention)
        start, end = timezone.localtime(session.start, zone), timezone.localtime(session.end, zone)
        initial |= {"day": start.date().isoformat(), "start": start.time(), "end": end.time()}
    return initial


def _when(session: Session) -> str:
    if not (session.start and session.end):
        return _("not scheduled")
    zone = _zone(session.convention)
    start, end = timezone.localtime(session.start, zone), timezone.localtime(session.end, zone)
    room = session.room.name if session.room else _("no room")
    return f"{day_label(start.date())}, {start:%H:%M}–{end:%H:%M}, {room}"


def _moved_message(session: Session) -> str:
    title = session.title_in(translation.get_language())
    if not (session.start and session.end and session.room):
        return _("“%(title)s” is now unscheduled.") % {"title": title}
    return _("“%(title)s” is now %(when)s.") % {"title": title, "when": _when(session)}


def _session_state(session: Session) -> dict[str, Any]:
    zone = _zone(session.convention)
    return {
        "id": session.pk,
        "version": session.version,
        "room": session.room_id,
        "start": timezone.localtime(session.start, zone).isoformat() if session.start else None,
        "end": timezone.localtime(session.end, zone).isoformat() if session.end else None,
    }


def _zone(convention: Any) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(convention.time_zone)


def _day_links(request: HttpRequest, data: BoardDay) -> list[dict[str, Any]]:
    base = reverse("web:organizer-board-day", args=[data.convention.slug])
    return [
        {
            "day": day,
            "label": day_label(day),
            "url": f"{base}?{_board_query(request, day=day.isoformat())}",
            "current": day == data.day,
        }
        for day in data.days
    ]


def _describe_cards(request: HttpRequest, data: BoardDay, language: str) -> None:
    """Each card's HTML (``card.html``; see ``cards.card_html``), computed once per session."""
    user = request.user
    curator = request.team_role == TeamRole.CURATOR  # type: ignore[attr-defined]
    may_change = request.team_role in PROGRAMME_ROLES  # type: ignore[attr-defined]
    move_base = reverse("web:organizer-board-move", args=[data.convention.slug, 0]).removesuffix("0/move/")
    query = _board_query(request)
    strings = card_strings()
    cards = [*[card for column in data.columns for card in column.cards], *data.unscheduled]
    describe_warnings(
        convention=data.convention, warnings=[*data.warnings, *(warning for card in cards for warning in card.warnings)]
    )
    for card in cards:
        session = card.session
        room, track = session.room, session.track
        speakers = [
            (name, ROLE_LABELS.get(role, "") if role != "speaker" else "")
            for name, role in session.line_up  # type: ignore[attr-defined]  # read by board_day
        ]
        editable = may_change and (not curator or permissions.can_change_session(user, session))
        info = {
            "title": session.title_in(language),
            "format": FORMAT_LABELS.get(session.format, session.format),
            "track": (track.name_de if language == "de" else track.name_en) if track else "",
            "colour": track.color if track else "#6e7781",
            "speakers": speakers,
            "room_capacity": room.capacity if room else None,
            "room_kind": ROOM_KIND_LABELS.get(room.kind, "") if room else "",
            "editable": editable,
            "move_url": f"{move_base}{session.pk}/move/?{query}",
        }
        card.html = card_html(card, info, strings)  # type: ignore[attr-defined]
