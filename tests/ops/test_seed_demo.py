import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from events.demo import DEMO_SLUG
from events.models import (
    Booth,
    Convention,
    Exhibitor,
    ExhibitorMaterial,
    Hall,
    OpeningHours,
    Room,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    Track,
)

BERLIN = ZoneInfo("Europe/Berlin")
COUNTED = [Convention, OpeningHours, Hall, Room, Track, Speaker, Session, SessionSpeaker, Exhibitor, Booth,
           ExhibitorMaterial, ScheduleRelease]  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _speaker_double_bookings(sessions: list[Session]) -> list[tuple[int, int, int]]:
    by_speaker: dict[int, list[Session]] = {}
    for role in SessionSpeaker.objects.filter(session__in=sessions).select_related("session"):
        by_speaker.setdefault(role.speaker_id, []).append(role.session)
    return [
        (speaker_id, first.pk, second.pk)
        for speaker_id, booked in by_speaker.items()
        for first in booked
        for second in booked
        if first.pk < second.pk and first.start < second.end and second.start < first.end
    ]


@pytest.mark.django_db
def test_seed_demo_builds_the_smart_country_convention():
    call_command("seed_demo", verbosity=0)

    convention = Convention.objects.get(slug=DEMO_SLUG)
    assert convention.name == "Smart Country Convention 2025"
    assert (convention.venue, convention.start_date, convention.end_date) == (
        "Messe Berlin",
        dt.date(2025, 9, 30),
        dt.date(2025, 10, 2),
    )
    assert list(convention.halls.values_list("name", flat=True)) == ["hub27", "Halle 25"]
    assert convention.rooms.filter(kind="stage").count() == 7
    assert list(convention.rooms.filter(kind="workshop_room").values_list("name", "capacity")) == [
        ("Workshop Room A", 30),
        ("Workshop Room B", 40),
        ("Workshop Room C", 24),
    ]
    assert sorted(convention.tracks.values_list("name_en", flat=True)) == [
        "Communication",
        "Digital twins",
        "Financing",
        "From pilot to steady operation",
        "Open source",
        "Urban data platforms",
    ]
    assert Counter(convention.sessions.values_list("format", flat=True)) == {
        "keynote": 3,
        "panel": 33,
        "talk": 18,
        "workshop": 4,
        "booth_talk": 4,
    }
    assert convention.exhibitors.count() == 40
    ministry = Booth.objects.get(exhibitor__name="Bundesministerium des Innern und für Heimat")
    assert (ministry.hall.name, ministry.number) == ("Halle 25", "508")
    panel = convention.sessions.filter(format="panel").first()
    assert list(panel.session_speakers.values_list("role", flat=True)) == [
        "moderator",
        "panelist",
        "panelist",
        "panelist",
    ]
    assert all(speaker.organization for speaker in convention.speakers.all())
    assert convention.organizers.filter(username="organizer").exists()
    assert get_user_model().objects.get(username="organizer").check_password("messe-demo")
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_seed_demo_programme_is_clash_free_inside_opening_hours_and_released():
    call_command("seed_demo", verbosity=0)

    sessions = list(Session.objects.filter(convention__slug=DEMO_SLUG))
    for session in sessions:
        local_start, local_end = session.start.astimezone(BERLIN), session.end.astimezone(BERLIN)
        assert local_start.date() == local_end.date()
        assert dt.time(9) <= local_start.time() and local_end.time() <= dt.time(18)
        clashes = [
            other.pk
            for other in sessions
            if other.pk != session.pk
            and other.room_id == session.room_id
            and other.start < session.end
            and session.start < other.end
        ]
        assert clashes == []
    assert _speaker_double_bookings(sessions) == []
    release = ScheduleRelease.objects.get(convention__slug=DEMO_SLUG)
    assert release.version == 1
    assert len(release.snapshot["sessions"]) == len(sessions) == 62


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    guids = set(Session.objects.values_list("guid", flat=True))

    call_command("seed_demo", verbosity=0)

    assert _counts() == first
    assert set(Session.objects.values_list("guid", flat=True)) == guids
    assert get_user_model().objects.filter(username__in=["organizer", "admin"]).count() == 2
