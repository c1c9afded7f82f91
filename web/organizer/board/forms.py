"""The board's two forms: which part of the programme to show (GET), and where a session goes (POST)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.enums import RoomKind
from events.models import Convention, Room, Track
from events.selectors.board import DEFAULT_STEP, STEPS, BoardFilters, convention_days
from web.public.programme import FORMAT_LABELS

ROOM_KIND_LABELS = {
    RoomKind.STAGE: _("Stages"),
    RoomKind.WORKSHOP_ROOM: _("Workshop rooms"),
    RoomKind.MEETING_ROOM: _("Meeting rooms"),
    RoomKind.BOOTH_AREA: _("Booth stages"),
}


def day_label(day: dt.date) -> str:
    # Translators: a day on the board, in PHP date() notation (German: "l, j. F").
    return date_format(day, gettext("l, j F")) if day else ""


class BoardQueryForm(forms.Form):
    """``?day=&step=&group=&track=&format=``; anything malformed falls back to the default (a board link
    someone mistyped still opens the board)."""

    day = forms.TypedChoiceField(label=_("Day"), required=False)
    step = forms.TypedChoiceField(
        label=_("Time step"), required=False, coerce=int, choices=[(step, _("%(minutes)s min") % {"minutes": step})
                                                                   for step in STEPS]
    )  # fmt: skip
    group = forms.ChoiceField(label=_("Rooms"), required=False)
    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(
        self, data: Any, *, convention: Convention, rooms: list[Room] | None, tracks: list[Track], language: str
    ):
        """``rooms=None``: only reading the query (before the rooms are read), so room groups and tracks are
        checked by their shape; with the rooms and tracks the form offers them as choices."""
        super().__init__(data)
        self.days = convention_days(convention)
        self.fields["day"].choices = [(day.isoformat(), day_label(day)) for day in self.days]
        self.fields["day"].coerce = dt.date.fromisoformat  # type: ignore[attr-defined]
        self.fields["format"].choices = [("", _("All formats")), *FORMAT_LABELS.items()]
        if rooms is None:
            kinds = "|".join(RoomKind.values)
            self.fields["group"] = forms.RegexField(regex=rf"^(kind:({kinds})|hall:\d{{1,10}})$", required=False)
            self.fields["track"] = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
            return
        kinds = [kind for kind in RoomKind if any(room.kind == kind for room in rooms)]
        halls = {room.hall_id: room.hall for room in rooms if room.hall is not None}
        self.fields["group"].choices = [
            ("", _("All rooms")),
            *[(f"kind:{kind}", ROOM_KIND_LABELS[kind]) for kind in kinds],
            *[(f"hall:{pk}", hall.name) for pk, hall in sorted(halls.items(), key=lambda item: item[1].position)],
        ]
        self.fields["track"].choices = [("", _("All tracks"))] + [
            (track.pk, track.name_de if language == "de" else track.name_en) for track in tracks
        ]

    def values(self, *, today: dt.date) -> tuple[dt.date, int, BoardFilters]:
        """The day (the first day when none or a wrong one is asked for; today while the convention runs), the
        step and the filters."""
        self.is_valid()
        cleaned = self.cleaned_data  # the fields that are valid; a malformed one falls back to its default
        fallback = today if today in self.days else self.days[0]
        day = cleaned.get("day") or fallback
        step = cleaned.get("step") or DEFAULT_STEP
        filters = BoardFilters(
            group=cleaned.get("group") or "", track=cleaned.get("track"), format=cleaned.get("format") or ""
        )
        return day, step, filters


class MoveForm(forms.Form):
    """Where a session goes: a room, a day and a start and end time (local), or off the grid (``unschedule``).
    ``version`` is the version of the session the change is based on."""

    MOVE, UNSCHEDULE = "move", "unschedule"

    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    day = forms.TypedChoiceField(label=_("Day"), required=False)
    start = forms.TimeField(label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(MOVE, MOVE), (UNSCHEDULE, UNSCHEDULE)], required=False)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["room"].queryset = Room.objects.filter(convention=convention).order_by("position", "name")
        self.fields["room"].empty_label = _("No room")
        days = convention_days(convention)
        self.fields["day"].choices = [(day.isoformat(), day_label(day)) for day in days]
        self.fields["day"].coerce = dt.date.fromisoformat  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == self.UNSCHEDULE:
            return cleaned
        for name in ("room", "day", "start", "end"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Choose a room, a day and a start and end time."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The session fields to change (for ``update_session``)."""
        if self.cleaned_data.get("action") == self.UNSCHEDULE:
            return {"room": None, "start": None, "end": None}
        zone = ZoneInfo(self.convention.time_zone)
        day = self.cleaned_data["day"]
        return {
            "room": self.cleaned_data["room"],
            "start": dt.datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
            "end": dt.datetime.combine(day, self.cleaned_data["end"], tzinfo=zone),
        }
