"""The plain records the readers produce."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class FileUnreadable(ValueError):
    """The file as a whole cannot be read (not a schedule, not a table, no header…)."""


@dataclass
class Person:
    external_id: str
    name: str
    biography: str = ""
    organization: str = ""
    role: str = ""


@dataclass
class Event:
    """One session of a schedule file; ``row`` is its position in the file (1 = the first event)."""

    row: int
    external_id: str
    guid: str | None  # a UUID, as read or mapped; None when the file's GUID could not be read as one
    title: str
    subtitle: str
    abstract: str
    start: dt.datetime | None
    duration: dt.timedelta | None
    room: str
    track: str
    type: str
    language: str
    day: dt.date | None
    persons: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # values that had to be mapped
    problems: list[str] = field(default_factory=list)  # values that could not be read: the row is refused


@dataclass
class Day:
    date: dt.date
    start: dt.datetime | None
    end: dt.datetime | None


@dataclass
class Schedule:
    acronym: str
    title: str
    start: dt.date | None
    end: dt.date | None
    time_zone: str
    url: str
    days: list[Day]
    rooms: list[str]
    tracks: dict[str, str]  # name -> colour ("" when the file gives none)
    events: list[Event]
    notes: list[str] = field(default_factory=list)  # file-level mappings


@dataclass
class TableRow:
    """A data row of a table; ``row`` is its line in the sheet (the header is row 1)."""

    row: int
    values: dict[str, str]


@dataclass
class Table:
    columns: list[str]
    rows: list[TableRow]
    extra: dict[str, Any] = field(default_factory=dict)
