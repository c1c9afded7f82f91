import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Device, Presence, RegistrationStatus, Scan
from events.services import badges, devices
from tests.checkin_helpers import DAY_ONE, DAY_TWO, badge_code, entrance, nonce, scan, scan_url
from tests.factories import ConventionFactory, RegistrationFactory, RoomFactory, TicketTypeFactory, UserFactory


@pytest.fixture
def gate(convention):
    return entrance(convention, name="Entrance South, day passes")


@pytest.fixture
def attendee(convention):
    return RegistrationFactory(convention=convention, first_name="Erika", last_name="Muster", organization="Bezirksamt")


def test_first_scan_is_ok_with_attendee(organizer_client, gate, attendee):
    response = scan(organizer_client, gate, badge_code(attendee), device="gate-s-3")

    assert response.status_code == 200
    body = response.json()
    assert (body["result"], body["reason"], body["replayed"]) == ("ok", None, False)
    assert body["attendee"] == {
        "name": "Erika Muster",
        "organization": "Bezirksamt",
        "ticket_type": attendee.ticket_type.name_de,
    }


def test_second_entry_without_exit_is_already_checked_in_with_first_time(organizer_client, gate, attendee):
    code = badge_code(attendee)
    scan(organizer_client, gate, code, scanned_at="2025-09-30T09:05:00+02:00")

    body = scan(organizer_client, gate, code, scanned_at="2025-09-30T09:20:00+02:00").json()

    assert (body["result"], body["reason"]) == ("rejected", "already_checked_in")
    assert body["first_scan_at"] == "2025-09-30T09:05:00+02:00"


def test_exit_then_entry_is_ok_again(organizer_client, gate, attendee):
    code = badge_code(attendee)
    scan(organizer_client, gate, code, scanned_at="2025-09-30T09:05:00+02:00")
    exit_ = scan(organizer_client, gate, code, scanned_at="2025-09-30T12:00:00+02:00", direction="exit")

    again = scan(organizer_client, gate, code, scanned_at="2025-09-30T13:00:00+02:00")

    assert exit_.json()["result"] == "ok"
    assert again.json()["result"] == "ok"
    assert Presence.objects.get(registration=attendee).inside is True


def test_next_day_entry_is_ok_without_exit(organizer_client, gate, attendee):
    code = badge_code(attendee)
    scan(organizer_client, gate, code, scanned_at=DAY_ONE)

    assert scan(organizer_client, gate, code, scanned_at=DAY_TWO).json()["result"] == "ok"


def test_replayed_nonce_returns_first_answer_and_records_nothing(organizer_client, gate, attendee):
    code = badge_code(attendee)
    first = scan(organizer_client, gate, code, nonce="turnstile-7-0001").json()

    replay = scan(organizer_client, gate, code, nonce="turnstile-7-0001").json()

    assert replay == {**first, "replayed": True}
    assert Scan.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [(RegistrationStatus.CANCELLED, "cancelled"), (RegistrationStatus.PENDING_PAYMENT, "unpaid")],
)
def test_registration_status_is_read_at_scan_time(organizer_client, gate, attendee, status, reason):
    code = badge_code(attendee)
    attendee.status = status
    attendee.save()

    assert scan(organizer_client, gate, code).json()["reason"] == reason


def test_revoked_badge_is_rejected(organizer_client, gate, attendee):
    code = badge_code(attendee)
    badges.revoke_badges(registration=attendee)

    assert scan(organizer_client, gate, code).json()["reason"] == "revoked"


def test_one_bit_change_is_invalid_signature_and_stored(organizer_client, gate, attendee):
    code = badge_code(attendee)
    tampered = code[:50] + chr(ord(code[50]) ^ 1) + code[51:]  # e.g. C ↔ B: one bit of one character

    body = scan(organizer_client, gate, tampered, device="gate-s-3").json()

    assert (body["result"], body["reason"], body["attendee"]) == ("rejected", "invalid_signature", None)
    stored = Scan.objects.get()
    assert (stored.reason, stored.raw_code, stored.device_label) == ("invalid_signature", tampered, "gate-s-3")


def test_code_of_another_convention_is_rejected_as_such(organizer_client, gate):
    foreign = RegistrationFactory(convention=ConventionFactory())

    assert scan(organizer_client, gate, badge_code(foreign)).json()["reason"] == "other_convention"


def test_badge_unknown_to_the_database_is_unknown(organizer_client, gate, attendee):
    code = badge_code(attendee)
    attendee.badges.all().delete()

    assert scan(organizer_client, gate, code).json()["reason"] == "unknown"


def test_day_ticket_is_not_valid_on_another_day(organizer_client, convention):
    ticket = TicketTypeFactory(convention=convention, valid_days=["2025-09-30"])
    code = badge_code(RegistrationFactory(convention=convention, ticket_type=ticket))
    gate = entrance(convention)

    assert scan(organizer_client, gate, code, scanned_at=DAY_TWO).json()["reason"] == "not_valid_today"
    assert scan(organizer_client, gate, code, scanned_at="2026-01-01T10:00:00+01:00").json()["reason"] == (
        "not_valid_today"
    )
    assert scan(organizer_client, gate, code, scanned_at=DAY_ONE).json()["result"] == "ok"


def test_ticket_type_not_admitted_is_not_on_list(organizer_client, convention, attendee):
    workshop_ticket = TicketTypeFactory(convention=convention)
    workshop = entrance(convention, kind="room")
    workshop.ticket_types.set([workshop_ticket])

    assert scan(organizer_client, workshop, badge_code(attendee)).json()["reason"] == "not_on_list"


def test_room_full_and_exit_frees_a_seat(organizer_client, convention):
    room = entrance(convention, kind="room", room=RoomFactory(convention=convention), capacity=1)
    first, second = (badge_code(RegistrationFactory(convention=convention)) for _ in range(2))
    scan(organizer_client, room, first)

    full = scan(organizer_client, room, second).json()
    scan(organizer_client, room, first, direction="exit")
    after_exit = scan(organizer_client, room, second).json()

    assert full["reason"] == "room_full"
    assert after_exit["result"] == "ok"
    room.refresh_from_db()
    assert room.inside_count == 1


def test_annul_within_15_minutes_from_the_same_device(organizer_client, gate, attendee):
    code = badge_code(attendee)
    scan(organizer_client, gate, code, nonce="turnstile-7-0002", device="gate-s-3")
    url = f"{scan_url(gate)}turnstile-7-0002/annul/"

    other_device = organizer_client.post(url, {"device": "gate-s-4"}, format="json")
    annulled = organizer_client.post(url, {"device": "gate-s-3"}, format="json")
    again = scan(organizer_client, gate, code, device="gate-s-3").json()

    assert other_device.status_code == 409
    assert annulled.status_code == 200
    assert annulled.json()["annulled_at"]
    assert again["result"] == "ok"


def test_annul_after_15_minutes_is_refused(organizer_client, gate, attendee):
    scan(organizer_client, gate, badge_code(attendee), nonce="turnstile-7-0003")
    Scan.objects.filter(nonce="turnstile-7-0003").update(recorded_at=timezone.now() - dt.timedelta(minutes=16))

    response = organizer_client.post(f"{scan_url(gate)}turnstile-7-0003/annul/", {}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "scan_not_annullable"


def test_batch_is_applied_in_scanned_at_order_and_answered_in_sent_order(organizer_client, gate, attendee):
    code = badge_code(attendee)
    sent = [
        {"code": code, "nonce": "offline-0003", "scanned_at": "2025-09-30T11:00:00+02:00"},
        {"code": code, "nonce": "offline-0001", "scanned_at": "2025-09-30T09:00:00+02:00"},
        {"code": code, "nonce": "offline-0002", "scanned_at": "2025-09-30T10:00:00+02:00", "direction": "exit"},
    ]

    response = organizer_client.post(f"{scan_url(gate)}batch/", {"scans": sent}, format="json")

    assert response.status_code == 200
    assert [(r["nonce"], r["result"]) for r in response.json()["results"]] == [
        ("offline-0003", "ok"),
        ("offline-0001", "ok"),
        ("offline-0002", "ok"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"scans": []},
        {"scans": "nope"},
        {"scans": [{"code": "X"}]},
        {"scans": [{"code": "X", "nonce": f"n-{i:08d}"} for i in range(501)]},
        ["not", "an", "object"],
    ],
)
def test_malformed_batch_is_400(organizer_client, gate, body):
    response = organizer_client.post(f"{scan_url(gate)}batch/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("code", ["", "garbage", "🙂" * 143, "A" * 143, "0" * 143, "a" * 143, "A" * 999, "\x00" * 143])
def test_garbage_codes_are_rejected_not_errors(organizer_client, gate, code):
    response = scan(organizer_client, gate, code)

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert (response.json()["result"], response.json()["reason"]) == ("rejected", "invalid_signature")
    else:  # a NUL character is refused by the JSON parser already
        assert response.json()["code"] == ("malformed_request" if "\x00" in code else "invalid")


def test_huge_payload_is_400(organizer_client, gate):
    response = scan(organizer_client, gate, "A" * 200_000)

    assert response.status_code == 400


def test_malformed_json_is_400(organizer_client, gate):
    response = organizer_client.post(scan_url(gate), "{not json", content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (400, "malformed_request")


def test_wrong_list_or_other_convention_is_404(organizer_client, gate, attendee):
    other_list = entrance(ConventionFactory())
    code = badge_code(attendee)

    assert (
        organizer_client.post(scan_url(other_list), {"code": code, "nonce": nonce()}, format="json").status_code == 404
    )
    wrong_slug = f"/api/v1/events/{other_list.convention.slug}/checkin-lists/{gate.pk}/scans/"
    assert organizer_client.post(wrong_slug, {"code": code, "nonce": nonce()}, format="json").status_code == 404
    assert organizer_client.post(f"{scan_url(gate)[:-7]}99999/scans/", {}, format="json").status_code == 404


def test_scanning_needs_a_scanner(gate, attendee):
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())

    assert APIClient().post(scan_url(gate), {}, format="json").status_code == 401
    assert (
        stranger.post(scan_url(gate), {"code": badge_code(attendee), "nonce": nonce()}, format="json").status_code
        == 404
    )


def test_counters_per_list_hour_and_day(organizer_client, gate, convention):
    for hour in (9, 9, 10):
        scan(
            organizer_client,
            gate,
            badge_code(RegistrationFactory(convention=convention)),
            scanned_at=f"2025-09-30T{hour:02d}:15:00+02:00",
        )

    body = organizer_client.get(f"/api/v1/events/{convention.slug}/checkin/counters/").json()

    counters = body["lists"][0]
    assert counters["per_hour"] == [
        {"hour": "2025-09-30T09:00:00+02:00", "entries": 2},
        {"hour": "2025-09-30T10:00:00+02:00", "entries": 1},
    ]
    assert counters["per_day"] == [{"day": "2025-09-30", "entries": 3}]


def test_scan_path_query_count(organizer_client, gate, attendee):
    code = badge_code(attendee)
    badges.public_key_for(convention_id=gate.convention_id, key_id=1)  # warm, as in a running server

    with CaptureQueriesContext(connection) as queries:
        response = scan(organizer_client, gate, code)

    assert response.json()["result"] == "ok"
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    # list (with the organizer check), badge with registration and admission, presence upsert and scan insert
    # (one statement on PostgreSQL, two elsewhere)
    assert len(statements) == (3 if connection.vendor == "postgresql" else 4), statements


def _gate_device_client(gate) -> APIClient:
    _, setup_code = devices.create_device(
        convention=gate.convention, name="Gate S-1", kind="gate", checkin_lists=[gate]
    )
    _, token = devices.activate_device(setup_code=setup_code)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


def test_gate_device_scan_query_count_first_and_repeated(gate, attendee):
    client = _gate_device_client(gate)
    code = badge_code(attendee)
    badges.public_key_for(convention_id=gate.convention_id, key_id=1)  # warm, as in a running server
    assert client.get("/api/v1/devices/me/").status_code == 200  # a working device was seen within the minute

    with CaptureQueriesContext(connection) as first:
        assert scan(client, gate, code).json()["result"] == "ok"
    with CaptureQueriesContext(connection) as repeated:
        assert scan(client, gate, code).json()["reason"] == "already_checked_in"
    Device.objects.update(last_seen_at=timezone.now() - dt.timedelta(minutes=2))
    with CaptureQueriesContext(connection) as after_a_pause:
        assert scan(client, gate, code).json()["reason"] == "already_checked_in"

    # device token with the list, badge with registration and admission, then the entry (one statement on
    # PostgreSQL: presence upsert and scan insert); a repeated scan records the refusal with the first entry time.
    # A device not seen for over a minute is marked seen: one UPDATE more, once a minute.
    postgresql = connection.vendor == "postgresql"
    first_statements = [q["sql"] for q in first if "SAVEPOINT" not in q["sql"]]
    repeated_statements = [q["sql"] for q in repeated if "SAVEPOINT" not in q["sql"]]
    paused_statements = [q["sql"] for q in after_a_pause if "SAVEPOINT" not in q["sql"]]
    assert len(first_statements) == (3 if postgresql else 4), first_statements
    assert len(repeated_statements) == (4 if postgresql else 5), repeated_statements
    assert len(paused_statements) == len(repeated_statements) + 1, paused_statements


def test_counters_show_who_is_inside_now(db, api_client):
    today = timezone.localdate()
    convention = ConventionFactory(start_date=today, end_date=today + dt.timedelta(days=1))
    organizer = UserFactory()
    convention.organizers.add(organizer)
    api_client.force_authenticate(organizer)
    hall, room = entrance(convention, name="Hall"), entrance(convention, name="Room")
    people = [badge_code(RegistrationFactory(convention=convention)) for _ in range(3)]
    for code in people:
        scan(api_client, hall, code, scanned_at=None)
    scan(api_client, room, people[0], scanned_at=None)
    scan(api_client, hall, people[1], scanned_at=None, direction="exit")

    body = api_client.get(f"/api/v1/events/{convention.slug}/checkin/counters/").json()

    assert [(item["name"], item["inside_now"]) for item in body["lists"]] == [("Hall", 2), ("Room", 1)]


def test_room_seat_is_kept_across_days_until_exit(organizer_client, convention):
    room = entrance(convention, kind="room", capacity=5)
    code = badge_code(RegistrationFactory(convention=convention))
    scan(organizer_client, room, code, scanned_at=DAY_ONE)

    next_day = scan(organizer_client, room, code, scanned_at=DAY_TWO).json()

    room.refresh_from_db()
    assert (next_day["reason"], room.inside_count) == ("already_checked_in", 1)
