import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from events.demo import DEMO_SLUG, seed_demo
from events.models import (
    Booth,
    Convention,
    ConventionMember,
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
from events.services import workshops
from tests.factories import RegistrationFactory

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
    today = timezone.now().astimezone(BERLIN).date()
    assert convention.name == f"Smart Country Convention {today.year}"
    assert (convention.venue, convention.start_date, convention.end_date) == (
        "Messe Berlin",
        today,
        today + dt.timedelta(days=2),
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
    organizer = get_user_model().objects.get(username="organizer")
    assert organizer.check_password("messe-demo")
    # The demo organizer owns the convention in the organizer area; the admin site is the superuser's.
    assert not organizer.is_staff
    team = {member.user.username: member for member in convention.members.prefetch_related("rooms")}
    assert {name: member.role for name, member in team.items()} == {
        "organizer": "owner",
        "curator": "curator",
        "readonly": "readonly",
    }
    assert [room.name for room in team["curator"].rooms.all()] == ["Stage Urban Data"]
    assert get_user_model().objects.get(username="curator").check_password("messe-curator")
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
    assert get_user_model().objects.filter(username__in=["organizer", "admin", "curator", "readonly"]).count() == 4
    assert ConventionMember.objects.filter(convention__slug=DEMO_SLUG).count() == 3


def _local_days(convention: Convention) -> set[dt.date]:
    return {session.start.astimezone(BERLIN).date() for session in convention.sessions.all()}


@pytest.mark.django_db
def test_seed_demo_start_places_the_convention_on_other_days():
    call_command("seed_demo", "--start", "2031-03-04", verbosity=0)

    convention = Convention.objects.get(slug=DEMO_SLUG)
    assert (convention.start_date, convention.end_date, convention.name) == (
        dt.date(2031, 3, 4),
        dt.date(2031, 3, 6),
        "Smart Country Convention 2031",
    )
    assert _local_days(convention) == {dt.date(2031, 3, 4), dt.date(2031, 3, 5), dt.date(2031, 3, 6)}
    assert list(convention.opening_hours.values_list("date", flat=True)) == [
        dt.date(2031, 3, 4),
        dt.date(2031, 3, 5),
        dt.date(2031, 3, 6),
    ]


@pytest.mark.django_db
def test_seed_demo_rejects_a_malformed_start():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_demo", "--start", "4.3.2031", verbosity=0)


@pytest.mark.django_db
def test_seed_demo_again_keeps_what_people_created_and_moving_keeps_it_usable():
    seed_demo(start=dt.date(2031, 3, 4))
    convention = Convention.objects.get(slug=DEMO_SLUG)
    visitor = RegistrationFactory(convention=convention, ticket_type=convention.ticket_types.get(name_en="Press"))
    workshop = convention.sessions.filter(format="workshop").order_by("start").last()
    signup = workshops.sign_up_for_workshop(session=workshop, registration=visitor)
    keynote_time = convention.sessions.get(format="keynote", start__date=dt.date(2031, 3, 4)).start
    entrance_one = convention.checkin_lists.get(name="Entrance day 1")

    seed_demo(start=dt.date(2031, 3, 4))
    seed_demo(start=dt.date(2031, 4, 1))  # across the change to summer time

    convention.refresh_from_db()
    assert convention.registrations.get() == visitor
    signup.refresh_from_db()
    assert signup.status == "confirmed"
    entrance_one.refresh_from_db()
    assert entrance_one.days == ["2031-04-01"]
    assert _local_days(convention) == {dt.date(2031, 4, 1), dt.date(2031, 4, 2), dt.date(2031, 4, 3)}
    moved_keynote = convention.sessions.get(format="keynote", start__date=dt.date(2031, 4, 1)).start
    assert moved_keynote.astimezone(BERLIN).time() == keynote_time.astimezone(BERLIN).time() == dt.time(9, 30)
    assert ScheduleRelease.objects.filter(convention=convention).count() == 2
    assert Session.objects.filter(convention=convention).count() == 62


@pytest.mark.django_db
def test_seed_demo_sells_the_free_public_sector_ticket_and_refuses_the_unpaid_business_pass(settings):
    settings.STRIPE_SECRET_KEY = ""
    seed_demo()
    client = APIClient()
    offered = client.get(f"/api/v1/events/{DEMO_SLUG}/ticket-types/").json()
    tickets = {item["name_en"]: item for item in offered}
    assert set(tickets) == {"Public sector visitor", "Business pass", "Press", "Speaker pass", "Exhibitor pass"}

    def register(ticket: str, email: str):
        return client.post(
            f"/api/v1/events/{DEMO_SLUG}/registrations/",
            {"ticket_type": tickets[ticket]["id"], "first_name": "Jana", "last_name": "Köhler", "email": email,
             "accept_terms": True},
            format="json",
        )  # fmt: skip

    assert register("Public sector visitor", "jana.koehler@bezirksamt.berlin.de").json()["status"] == "confirmed"
    assert register("Public sector visitor", "jana@example.com").json()["code"] == "not_eligible"
    assert register("Business pass", "jana@example.com").json()["code"] == "payments_unavailable"
    assert register("Press", "jana@zeitung.example.com").json()["status"] == "confirmed"


@pytest.mark.django_db
def test_seed_demo_check_in_lists_gate_device_and_booth_staff_work_today():
    summary = seed_demo()
    convention = summary.convention
    entrances = convention.checkin_lists.filter(kind="entrance").order_by("name")
    assert [(item.name, item.days) for item in entrances] == [
        (f"Entrance day {number}", [(convention.start_date + dt.timedelta(days=number - 1)).isoformat()])
        for number in (1, 2, 3)
    ]
    assert sorted(convention.checkin_lists.filter(kind="room").values_list("name", "capacity")) == [
        ("Workshop Room A", 30),
        ("Workshop Room B", 40),
        ("Workshop Room C", 24),
    ]
    codes = {code.role: code.password for code in summary.setup_codes}
    activated = APIClient().post("/api/v1/devices/activate/", {"setup_code": codes["gate"]}, format="json")
    assert activated.status_code == 201
    gate = APIClient()
    gate.credentials(HTTP_AUTHORIZATION=activated.json()["authorization"])
    visitor = RegistrationFactory(convention=convention, ticket_type=convention.ticket_types.first())
    from events.services import badges

    scanned = gate.post(
        f"/api/v1/events/{DEMO_SLUG}/checkin-lists/{entrances[0].pk}/scans/",
        {"code": badges.get_or_issue_badge(registration=visitor).code, "nonce": "demo-gate-0001"},
        format="json",
    )
    assert scanned.json()["result"] == "ok", scanned.json()

    booth = APIClient().post("/api/v1/devices/activate/", {"setup_code": codes["exhibitor staff"]}, format="json")
    assert booth.status_code == 201
    staff = APIClient()
    assert staff.login(username="exhibitor", password="messe-exhibitor")
    ministry = convention.exhibitors.get(booth__number="508")
    assert staff.get(f"/api/v1/exhibitors/{ministry.pk}/leads/").status_code == 200
    other = convention.exhibitors.get(booth__number="510")
    assert staff.get(f"/api/v1/exhibitors/{other.pk}/leads/").status_code in (403, 404)


@pytest.mark.django_db
def test_seed_demo_again_gives_a_working_setup_code_after_the_device_was_set_up():
    first = {code.role: code.password for code in seed_demo().setup_codes}
    assert (
        APIClient().post("/api/v1/devices/activate/", {"setup_code": first["gate"]}, format="json").status_code == 201
    )

    again = {code.role: code.password for code in seed_demo().setup_codes}

    assert again["gate"] != first["gate"]
    assert (
        APIClient().post("/api/v1/devices/activate/", {"setup_code": again["gate"]}, format="json").status_code == 201
    )
    assert (
        APIClient()
        .post("/api/v1/devices/activate/", {"setup_code": first["exhibitor staff"]}, format="json")
        .status_code
        == 400
    )  # renewed: only the code printed last works
