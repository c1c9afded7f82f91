"""Forms of the session editor and the release page. They only check and convert input; every write is a call
to ``events.services.schedule`` or ``events.services.publishing`` in the views."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.enums import Language, SessionFormat, SessionStatus, SpeakerRole
from events.models import Convention, Room, Session, Speaker, Track

FORMAT_LABELS = {
    SessionFormat.KEYNOTE: _("Keynote"),
    SessionFormat.PANEL: _("Panel"),
    SessionFormat.TALK: _("Talk"),
    SessionFormat.WORKSHOP: _("Workshop"),
    SessionFormat.BOOTH_TALK: _("Booth talk"),
}
STATUS_LABELS = {
    SessionStatus.DRAFT: pgettext_lazy("session", "Draft"),
    SessionStatus.CONFIRMED: pgettext_lazy("session", "Confirmed"),
    SessionStatus.CANCELLED: pgettext_lazy("session", "Cancelled"),
}
ROLE_LABELS = {
    SpeakerRole.SPEAKER: _("Speaker"),
    SpeakerRole.MODERATOR: _("Moderator"),
    SpeakerRole.PANELIST: _("Panelist"),
}
LANGUAGE_LABELS = {Language.GERMAN: _("German"), Language.ENGLISH: _("English")}
MAX_SPEAKERS = 20


def convention_days(convention: Convention) -> list[dt.date]:
    days, day = [], convention.start_date
    while day <= convention.end_date:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def _day_label(day: dt.date) -> str:
    return f"{formats.date_format(day, 'l')}, {formats.date_format(day, 'DATE_FORMAT')}"


class RoomChoice(forms.ModelChoiceField):
    def label_from_instance(self, room: Room) -> str:  # type: ignore[override]
        return f"{room.name} ({room.capacity})" if room.capacity else room.name


class SessionFilterForm(forms.Form):
    """The list's filters (GET). Unknown values are ignored rather than refused: a bookmarked filter for a room
    deleted since still shows a list."""

    day = forms.ChoiceField(label=_("Day"), required=False)
    room = forms.ChoiceField(label=_("Room"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("All days"))] + [
            (day.isoformat(), _day_label(day)) for day in convention_days(convention)
        ]
        self.fields["room"].choices = (
            [("", _("All rooms"))]
            + [(str(room.pk), room.name) for room in convention.rooms.order_by("position", "pk")]
            + [("none", _("No room yet"))]
        )
        self.fields["track"].choices = (
            [("", _("All tracks"))]
            + [(str(track.pk), track_name(track)) for track in convention.tracks.order_by("position", "pk")]
            + [("none", _("No track"))]
        )
        self.fields["status"].choices = [("", _("Every status")), *STATUS_LABELS.items()]

    def query_values(self) -> dict[str, Any]:
        """The valid filter values (invalid ones dropped)."""
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            raw = self.data.get(name, "")
            try:
                values[name] = field.clean(raw)
            except forms.ValidationError:
                values[name] = ""
        return values


def track_name(track: Track) -> str:
    return (track.name_de if get_language() == "de" else track.name_en) or track.name_en or track.name_de


class SessionForm(forms.Form):
    """Title and abstract (de/en), format, track, language, room and time, capacity and status of a session.

    Times are entered as a day of the convention with start and end time, in the convention's time zone.
    ``version`` is the session version the form was loaded with (``StaleEdit`` when someone saved since).
    """

    title_de = forms.CharField(label=_("Title (German)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    abstract_de = forms.CharField(label=_("Abstract (German)"), widget=forms.Textarea, required=False, max_length=20000)
    abstract_en = forms.CharField(
        label=_("Abstract (English)"), widget=forms.Textarea, required=False, max_length=20000
    )
    format = forms.ChoiceField(label=_("Format"), choices=list(FORMAT_LABELS.items()))
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("No track")
    )
    language = forms.ChoiceField(label=_("Language of the session"), choices=list(LANGUAGE_LABELS.items()))
    room = RoomChoice(label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("No room yet"))
    day = forms.ChoiceField(label=_("Day"), required=False)
    start_time = forms.TimeField(label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(
        label=_("Seats for sign-up"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Empty: the room's capacity."),
    )
    expected_attendance = forms.IntegerField(
        label=_("Expected attendance"), required=False, min_value=0, max_value=100_000
    )
    status = forms.ChoiceField(label=_("Status"), choices=list(STATUS_LABELS.items()))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.zone = ZoneInfo(convention.time_zone)
        room_field: Any = self.fields["room"]
        room_field.queryset = convention.rooms.order_by("position", "pk")
        track_field: Any = self.fields["track"]
        track_field.queryset = convention.tracks.order_by("position", "pk")
        track_field.label_from_instance = track_name
        self.fields["day"].choices = [("", _("No time yet"))] + [
            (day.isoformat(), _day_label(day)) for day in convention_days(convention)
        ]

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        zone = ZoneInfo(session.convention.time_zone)
        start = timezone.localtime(session.start, zone) if session.start else None
        end = timezone.localtime(session.end, zone) if session.end else None
        return {
            "title_de": session.title_de,
            "title_en": session.title_en,
            "abstract_de": session.abstract_de,
            "abstract_en": session.abstract_en,
            "format": session.format,
            "track": session.track_id,
            "language": session.language,
            "room": session.room_id,
            "day": start.date().isoformat() if start else "",
            "start_time": start.strftime("%H:%M") if start else "",
            "end_time": end.strftime("%H:%M") if end else "",
            "capacity": session.capacity,
            "expected_attendance": session.expected_attendance,
            "status": session.status,
            "version": getattr(session, "version", None),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not (cleaned.get("title_de") or "").strip() and not (cleaned.get("title_en") or "").strip():
            self.add_error("title_en", _("Give the session a title in German or English."))
        day, start_time, end_time = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if "start_time" in cleaned and "end_time" in cleaned:
            given = [bool(day), start_time is not None, end_time is not None]
            if any(given) and not all(given):
                if not day:
                    self.add_error("day", _("Choose the day, or clear the times."))
                if start_time is None:
                    self.add_error("start_time", _("Enter when the session starts, or clear the day."))
                if end_time is None:
                    self.add_error("end_time", _("Enter when the session ends, or clear the day."))
            elif all(given):
                date = dt.date.fromisoformat(day)
                start = dt.datetime.combine(date, start_time, tzinfo=self.zone)
                # An end at or before the start is refused by the service (its message names both times).
                end = dt.datetime.combine(date, end_time, tzinfo=self.zone)
                cleaned["start"], cleaned["end"] = start, end
            if not any(given):
                cleaned["start"], cleaned["end"] = None, None
        return cleaned

    def session_values(self) -> dict[str, Any]:
        """The cleaned input as keyword arguments of ``create_session``/``update_session``."""
        data = self.cleaned_data
        return {
            "title_de": data["title_de"].strip(),
            "title_en": data["title_en"].strip(),
            "abstract_de": data["abstract_de"],
            "abstract_en": data["abstract_en"],
            "format": data["format"],
            "track": data["track"],
            "language": data["language"],
            "room": data["room"],
            "start": data.get("start"),
            "end": data.get("end"),
            "capacity": data["capacity"],
            "expected_attendance": data["expected_attendance"],
            "status": data["status"],
        }


class SpeakerRoleForm(forms.Form):
    speaker = forms.ModelChoiceField(
        label=_("Participant"), queryset=Speaker.objects.none(), required=False, empty_label=_("(nobody)")
    )
    role = forms.ChoiceField(label=_("Role"), choices=list(ROLE_LABELS.items()), required=False)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        speaker_field: Any = self.fields["speaker"]
        speaker_field.queryset = convention.speakers.order_by("name", "pk")


class BaseSpeakerFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            speaker = form.cleaned_data.get("speaker")
            if speaker is None:
                continue
            if speaker.pk in seen:
                form.add_error("speaker", _("%(name)s is listed twice.") % {"name": speaker.name})
            seen.add(speaker.pk)

    def line_up(self) -> list[tuple[Speaker, str]]:
        return [
            (form.cleaned_data["speaker"], form.cleaned_data.get("role") or SpeakerRole.SPEAKER)
            for form in self.forms
            if form.cleaned_data.get("speaker") is not None
        ]


def speaker_formset(*, convention: Convention, data: Any = None, line_up: list[dict[str, Any]] | None = None) -> Any:
    """The line-up rows: the current ones plus three empty rows to add speakers (without JavaScript)."""
    initial = line_up or []
    formset_class = forms.formset_factory(
        SpeakerRoleForm,
        formset=BaseSpeakerFormSet,
        extra=3,
        max_num=MAX_SPEAKERS,
        validate_max=True,
        absolute_max=MAX_SPEAKERS,
    )
    return formset_class(data, initial=initial, prefix="speakers", form_kwargs={"convention": convention})


class ReleaseForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the version in the list of releases, e.g. “Keynote moved to Hall A”."),
    )
    next_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
