"""The session editor and the release page of the organizer area.

Every change is a call to the same service functions as the API (``events.services.schedule``,
``events.services.publishing``); their refusals become field errors on the page, never a 500. Curators pass the
entrance (``need="programme"``) and each session is then checked with ``events.permissions.can_change_session``.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events import permissions
from events.errors import DomainError, StaleEdit
from events.models import Convention, OpeningHours, Session
from events.selectors.releases import release_history, release_preview
from events.selectors.schedule import schedule_warnings
from events.selectors.session_editor import SessionQuery, editor_session, editor_sessions
from events.services import publishing, schedule
from web.organizer.access import ROLES_WITH, organizer_page
from web.organizer.programme.forms import (
    FORMAT_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    ReleaseForm,
    SessionFilterForm,
    SessionForm,
    speaker_formset,
    track_name,
)
from web.organizer.programme.warnings import warning_texts
from web.pages import page_context

SESSIONS_PER_PAGE = 50
SESSIONS_PAGE, RELEASE_PAGE = "sessions", "release"
# Where a refusal of the scheduling service is shown on the session form.
ERROR_FIELDS = {"room_clash": "room", "outside_opening_hours": "start_time", "invalid_time_range": "end_time"}


def _render(request: HttpRequest, template: str, *, current: str, status: int = 200, **context: Any) -> HttpResponse:
    convention: Convention = request.convention  # type: ignore[attr-defined]
    role = request.team_role  # type: ignore[attr-defined]
    page = page_context(
        request,
        area_convention=convention,
        time_zone=convention.time_zone,
        team_role=role,
        may_release=role in ROLES_WITH["change"],
        current=current,
        **context,
    )
    return render(request, template, page, status=status)


def _local(value: dt.datetime, convention: Convention) -> dt.datetime:
    return timezone.localtime(value, ZoneInfo(convention.time_zone))


def _explain(error: DomainError, convention: Convention) -> str:
    """The service's refusal in the page's language, with the details an organizer needs to resolve it."""
    if error.code == "room_clash" and error.extra.get("conflicting_session_id"):
        other = Session.objects.filter(pk=error.extra["conflicting_session_id"]).select_related("room").first()
        if other is not None and other.start and other.end:
            return _("%(room)s already holds “%(title)s” from %(start)s to %(end)s.") % {
                "room": other.room.name if other.room else "",
                "title": other.title,
                "start": f"{_local(other.start, convention):%H:%M}",
                "end": f"{_local(other.end, convention):%H:%M}",
            }
    if error.code == "invalid_time_range":
        return _("The session must end after it starts, and it lasts at most 24 hours.")
    return str(error.message)


def _opening_hours_error(convention: Convention, start: dt.datetime | None) -> str:
    if start is None:
        return ""
    day = _local(start, convention).date()
    hours = OpeningHours.objects.filter(convention=convention, date=day).first()
    if hours is None:
        return _("The convention is not open on that day.")
    return _("On that day the convention is open from %(opens)s to %(closes)s; the session must lie inside.") % {
        "opens": f"{hours.opens_at:%H:%M}",
        "closes": f"{hours.closes_at:%H:%M}",
    }


def _attach_refusal(form: SessionForm, error: DomainError, convention: Convention) -> None:
    field = ERROR_FIELDS.get(error.code)
    if field is None and error.fields:
        named = next(iter(error.fields))
        field = named if named in form.fields else None
    if error.code == "outside_opening_hours":
        message = _opening_hours_error(convention, form.cleaned_data.get("start")) or str(error.message)
    else:
        message = _explain(error, convention)
    form.add_error(field, message)


def _line_up_of(session: Session) -> list[dict[str, Any]]:
    return [{"speaker": role.speaker_id, "role": role.role} for role in session.session_speakers.all()]


def _changed_values(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Only what the form changes: an untouched room and time are not re-checked (a title edit of a session that
    clashed before the rule held must not be refused for the clash)."""
    changed = {}
    for name, value in values.items():
        current = getattr(session, f"{name}_id") if name in ("room", "track") else getattr(session, name)
        new = value.pk if name in ("room", "track") and value is not None else value
        if current != new:
            changed[name] = value
    return changed


def _may_place(request: HttpRequest, convention: Convention, values: dict[str, Any], session: Session | None) -> bool:
    if session is not None:
        return permissions.can_change_session(request.user, session, room=values["room"], track=values["track"])
    return permissions.can_place_session(request.user, convention, room=values["room"], track=values["track"])


# --- list -------------------------------------------------------------------------------------------------------


@organizer_page(need="read")
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    convention: Convention = request.convention  # type: ignore[attr-defined]
    filters = SessionFilterForm(request.GET, convention=convention)
    values = filters.query_values()
    query = SessionQuery(
        day=dt.date.fromisoformat(values["day"]) if values["day"] else None,
        room=values["room"],
        track=values["track"],
        status=values["status"],
        text=(values["q"] or "").strip(),
    )
    page = Paginator(editor_sessions(convention=convention, query=query), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    warning_counts: dict[int, int] = {}
    for warning in schedule_warnings(convention=convention):
        warning_counts[warning["session_id"]] = warning_counts.get(warning["session_id"], 0) + 1
    rows = [
        {
            "session": session,
            "format": FORMAT_LABELS.get(session.format, session.format),
            "status": STATUS_LABELS.get(session.status, session.status),
            "track": track_name(session.track) if session.track else "",
            "speakers": [
                {"name": role.speaker.name, "role": ROLE_LABELS.get(role.role, role.role), "state": _state_of(role)}
                for role in session.session_speakers.all()
            ],
            "warnings": warning_counts.get(session.pk, 0),
        }
        for session in page.object_list
    ]
    query_string = urlencode(
        [(name, request.GET[name]) for name in ("day", "room", "track", "status", "q", "lang") if request.GET.get(name)]
    )
    return _render(
        request,
        "pages/organizer/programme/sessions.html",
        filters=filters,
        rows=rows,
        page=page,
        query_string=query_string,
        may_change=request.team_role in ROLES_WITH["programme"],  # type: ignore[attr-defined]
        current=SESSIONS_PAGE,
    )


def _state_of(role: Any) -> str:
    """The speaker's answer to the invitation (invited, confirmed, declined), where the programme records it."""
    display = getattr(role, "get_state_display", None)
    return str(display()) if display is not None else ""


# --- create and edit --------------------------------------------------------------------------------------------


@organizer_page(need="programme")
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    convention: Convention = request.convention  # type: ignore[attr-defined]
    if request.method == "POST":
        form = SessionForm(request.POST, convention=convention)
        speakers = speaker_formset(convention=convention, data=request.POST)
        if form.is_valid() and speakers.is_valid():
            values = form.session_values()
            if not _may_place(request, convention, values, None):
                form.add_error("room", _("You may only plan sessions in your own rooms or tracks."))
            else:
                try:
                    session = schedule.create_session(convention=convention, speakers=speakers.line_up(), **values)
                except DomainError as error:
                    _attach_refusal(form, error, convention)
                else:
                    messages.success(request, _("“%(title)s” is saved.") % {"title": session.title})
                    return redirect(_edit_url(convention, session))
        status = 400
    else:
        form = SessionForm(convention=convention, initial={"format": "talk", "language": "de", "status": "draft"})
        speakers = speaker_formset(convention=convention)
        status = 200
    return _render(
        request,
        "pages/organizer/programme/session_form.html",
        status=status,
        form=form,
        speakers=speakers,
        session=None,
        current=SESSIONS_PAGE,
    )


def _edit_url(convention: Convention, session: Session) -> str:
    return reverse("web:organizer-programme-session", args=[convention.slug, session.pk])


@organizer_page(need="programme")
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    convention: Convention = request.convention  # type: ignore[attr-defined]
    session = editor_session(convention=convention, session_id=session_id)
    if session is None:
        raise Http404()
    if not permissions.can_change_session(request.user, session):
        raise PermissionDenied()
    stale: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST, convention=convention)
        speakers = speaker_formset(convention=convention, data=request.POST)
        if form.is_valid() and speakers.is_valid():
            values = form.session_values()
            line_up = speakers.line_up()
            changes = _changed_values(session, values)
            new_line_up = [(speaker.pk, role) for speaker, role in line_up]
            line_up_changed = new_line_up != [(row["speaker"], row["role"]) for row in _line_up_of(session)]
            if not _may_place(request, convention, values, session):
                form.add_error("room", _("You may only plan sessions in your own rooms or tracks."))
            elif not changes and not line_up_changed:
                messages.info(request, _("Nothing changed."))
                return redirect(_edit_url(convention, session))
            else:
                try:
                    schedule.update_session(
                        session=session,
                        speakers=line_up if line_up_changed else None,
                        expected_version=form.cleaned_data.get("version"),
                        **changes,
                    )
                except StaleEdit:
                    stale = {"fields": _submitted_summary(form, changes, line_up_changed)}
                except DomainError as error:
                    _attach_refusal(form, error, convention)
                else:
                    messages.success(request, _("“%(title)s” is saved.") % {"title": session.title})
                    return redirect(_edit_url(convention, session))
        if stale is not None:
            # Someone saved in between: show what is saved now, and what this person had entered.
            session = editor_session(convention=convention, session_id=session_id)
            if session is None:
                raise Http404()
            form = SessionForm(convention=convention, initial=SessionForm.initial_for(session))
            speakers = speaker_formset(convention=convention, line_up=_line_up_of(session))
            status = 409
        else:
            status = 400
    else:
        form = SessionForm(convention=convention, initial=SessionForm.initial_for(session))
        speakers = speaker_formset(convention=convention, line_up=_line_up_of(session))
    return _render(
        request,
        "pages/organizer/programme/session_form.html",
        status=status,
        form=form,
        speakers=speakers,
        session=session,
        stale=stale,
        warnings=_warnings_of(convention, session),
        speaker_states=[
            {"name": role.speaker.name, "role": ROLE_LABELS.get(role.role, role.role), "state": _state_of(role)}
            for role in session.session_speakers.all()
        ],
        current=SESSIONS_PAGE,
    )


def _warnings_of(convention: Convention, session: Session) -> list[dict[str, Any]]:
    mine = [
        warning
        for warning in schedule_warnings(convention=convention)
        if session.pk in (warning["session_id"], warning.get("other_session_id"))
    ]
    return warning_texts(convention=convention, warnings=mine)


def _submitted_summary(form: SessionForm, changes: dict[str, Any], line_up_changed: bool) -> list[dict[str, str]]:
    """The changes this person tried to save, as label and value, so nothing typed is lost."""
    summary = []
    for name, value in changes.items():
        if name in ("start", "end"):
            continue
        label = str(form.fields[name].label)
        if name == "track":
            shown = track_name(value) if value is not None else _("No track")
        elif name == "room":
            shown = value.name if value is not None else _("No room yet")
        elif name == "format":
            shown = str(FORMAT_LABELS.get(value, value))
        elif name == "status":
            shown = str(STATUS_LABELS.get(value, value))
        else:
            shown = "" if value is None else str(value)
        summary.append({"label": label, "value": shown})
    if "start" in changes or "end" in changes:
        start, end = (
            changes.get("start", form.cleaned_data.get("start")),
            changes.get("end", form.cleaned_data.get("end")),
        )
        shown = f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}" if start and end else _("No time yet")
        summary.append({"label": _("Time"), "value": shown})
    if line_up_changed:
        summary.append({"label": _("Speakers"), "value": _("changed")})
    return summary


# --- release ----------------------------------------------------------------------------------------------------


@organizer_page(need="change")
def release(request: HttpRequest, slug: str) -> HttpResponse:
    convention: Convention = request.convention  # type: ignore[attr-defined]
    preview = release_preview(convention=convention)
    status = 200
    if request.method == "POST":
        form = ReleaseForm(request.POST)
        if form.is_valid() and form.cleaned_data["next_version"] == preview.next_version:
            made = publishing.release_schedule(
                convention=convention, released_by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Version %(version)s is released.") % {"version": made.version})
            return redirect(reverse("web:organizer-programme-release", args=[convention.slug]))
        if form.is_valid():
            # Released meanwhile by someone else: the changes listed here are now against the newer version.
            data = request.POST.copy()
            data["next_version"] = str(preview.next_version)
            form = ReleaseForm(data)
            form.is_valid()
            form.add_error(
                None,
                _("Someone released version %(version)s in the meantime. Check the changes below, then release again.")
                % {"version": preview.next_version - 1},
            )
        status = 400
    else:
        form = ReleaseForm(initial={"next_version": preview.next_version})
    return _render(
        request,
        "pages/organizer/programme/release.html",
        status=status,
        form=form,
        preview=preview,
        warnings=warning_texts(convention=convention, warnings=preview.warnings),
        history=release_history(convention=convention),
        current=RELEASE_PAGE,
    )
