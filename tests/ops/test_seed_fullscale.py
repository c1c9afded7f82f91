import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from events.models import Booth, Convention, ScheduleRelease, Session, SessionSpeaker, Speaker

BERLIN = ZoneInfo("Europe/Berlin")


def _assert_clash_free_inside_opening_hours(convention: Convention) -> None:
    seen: set[tuple[int, dt.datetime]] = set()
    for room_id, start, end in convention.sessions.values_list("room_id", "start", "end"):
        assert (room_id, start) not in seen
        seen.add((room_id, start))
        assert dt.time(9) <= start.astimezone(BERLIN).time() and end.astimezone(BERLIN).time() <= dt.time(18)
        # Sessions are shorter than the 30-minute grid, so one per (room, slot start) means no overlaps.
        assert end - start == dt.timedelta(minutes=25)
    booked: dict[int, list[dt.datetime]] = {}
    for speaker_id, start in SessionSpeaker.objects.filter(session__convention=convention).values_list(
        "speaker_id", "session__start"
    ):
        booked.setdefault(speaker_id, []).append(start)
    # All sessions are 25 minutes on a 30-minute grid: a speaker is double-booked iff two starts coincide.
    assert [speaker for speaker, starts in booked.items() if len(starts) != len(set(starts))] == []


@pytest.mark.django_db
def test_seed_fullscale_with_scale_creates_proportional_released_convention():
    call_command("seed_fullscale", slug="bench-small", scale=0.1, verbosity=0)

    convention = Convention.objects.get(slug="bench-small")
    assert convention.sessions.count() == 50
    assert convention.speakers.count() == 65
    assert convention.exhibitors.count() == 40
    assert Booth.objects.filter(exhibitor__convention=convention).count() == 40
    release = ScheduleRelease.objects.get(convention=convention)
    assert len(release.snapshot["sessions"]) == 50
    _assert_clash_free_inside_opening_hours(convention)


@pytest.mark.django_db
def test_seed_fullscale_at_full_scale_matches_sccon_size():
    began = time.perf_counter()
    call_command("seed_fullscale", slug="bench-full", verbosity=0)
    elapsed = time.perf_counter() - began

    convention = Convention.objects.get(slug="bench-full")
    assert Session.objects.filter(convention=convention).count() == 500
    assert Speaker.objects.filter(convention=convention).count() == 650
    assert convention.exhibitors.count() == 400
    # Every speaker has a role, so the released snapshot lists all 650.
    assert SessionSpeaker.objects.filter(session__convention=convention).values("speaker").distinct().count() == 650
    assert len(ScheduleRelease.objects.get(convention=convention).snapshot["speakers"]) == 650
    _assert_clash_free_inside_opening_hours(convention)
    assert elapsed < 60


@pytest.mark.django_db
def test_seed_fullscale_refuses_an_existing_slug():
    call_command("seed_fullscale", slug="bench-small", scale=0.02, verbosity=0)

    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_fullscale", slug="bench-small", scale=0.02, verbosity=0)

    assert Convention.objects.filter(slug="bench-small").count() == 1
