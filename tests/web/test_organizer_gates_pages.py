"""The organizers' operations pages: check-in lists, gate devices, refused scans, badge printing, the outbox and
announcements — what an organizer sees and does, what a member who may only look cannot do, and bad input."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from events.enums import AnnouncementStatus, SessionFormat
from events.errors import InvalidSetupCode
from events.models import (
    Announcement,
    BadgePrintJob,
    CheckinList,
    Device,
    MessageStatus,
    OutboundMessage,
    PrintJobStatus,
)
from events.services import announcements, devices, messages, workshops
from tests import factories
from tests.checkin_helpers import badge_code, entrance, scan


@pytest.fixture
def browser(organizer) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


def base(convention) -> str:
    return f"/organize/{convention.slug}/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def words(response) -> str:
    """What a reader sees: the page without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- check-in lists -------------------------------------------------------------------------------------------


def test_organizer_creates_a_check_in_list_with_days_ticket_types_and_capacity(browser, convention):
    visitor = factories.TicketTypeFactory(convention=convention, name_en="Visitor")
    factories.TicketTypeFactory(convention=convention, name_en="Press")

    response = browser.post(
        base(convention) + "gates/lists/new/",
        {"name": "Workshop room 1", "days": ["2025-09-30"], "ticket_types": [visitor.pk], "capacity": "40"},
    )

    assert response.status_code == 302
    created = CheckinList.objects.get(convention=convention)
    assert (created.name, created.days, created.capacity) == ("Workshop room 1", ["2025-09-30"], 40)
    assert list(created.ticket_types.all()) == [visitor]
    page = words(browser.get(response["Location"]))
    assert "Workshop room 1" in page
    assert "0 / 40 inside now" in page


def test_check_in_list_form_shows_field_errors_for_bad_input(browser, convention):
    entrance(convention, name="Entrance")

    response = browser.post(
        base(convention) + "gates/lists/new/",
        {"name": "Entrance", "days": ["2031-01-01"], "ticket_types": ["999999"], "capacity": "-3"},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"days", "ticket_types", "capacity"}
    taken = browser.post(base(convention) + "gates/lists/new/", {"name": "Entrance"})
    assert taken.status_code == 400
    assert taken.context["form"].errors == {"name": ["A check-in list with this name exists."]}
    assert CheckinList.objects.filter(convention=convention).count() == 1


def test_capacity_below_the_people_inside_is_a_field_error(browser, convention):
    room = entrance(convention, name="Room 1", capacity=10)
    CheckinList.objects.filter(pk=room.pk).update(inside_count=5)

    response = browser.post(base(convention) + f"gates/lists/{room.pk}/", {"name": "Room 1", "capacity": "4"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"capacity": ["5 people are inside now; the capacity cannot be lower."]}
    room.refresh_from_db()
    assert room.capacity == 10


def test_live_counts_fragment_shows_people_inside(browser, convention):
    room = entrance(convention, name="Room 1", capacity=10)
    CheckinList.objects.filter(pk=room.pk).update(inside_count=3)

    fragment = browser.get(base(convention) + "gates/?fragment=counts")

    assert fragment.status_code == 200
    assert text(fragment).startswith('<div id="live-counts"')
    assert "Room 1" in text(fragment)


# --- gate devices -----------------------------------------------------------------------------------------------


def test_new_gate_device_shows_its_setup_code_once_as_qr_and_text(browser, convention):
    gate = entrance(convention, name="Entrance")

    response = browser.post(base(convention) + "gates/devices/new/", {"name": "Gate 1", "checkin_lists": [gate.pk]})

    assert response.status_code == 200
    page = text(response)
    code = re.search(r'data-setup-code="([A-Z2-7]{16})"', page).group(1)
    assert '<svg class="badge-qr"' in page
    device, _token = devices.activate_device(setup_code=code)
    assert (device.name, device.kind, list(device.checkin_lists.all())) == ("Gate 1", "gate", [gate])
    assert code not in text(browser.get(base(convention) + "gates/"))


def test_gate_device_needs_a_list_of_this_convention(browser, convention):
    other = entrance(factories.ConventionFactory(), name="Elsewhere")

    missing = browser.post(base(convention) + "gates/devices/new/", {"name": "Gate 1"})
    foreign = browser.post(base(convention) + "gates/devices/new/", {"name": "Gate 1", "checkin_lists": [other.pk]})

    assert missing.status_code == foreign.status_code == 400
    assert missing.context["form"].errors == {"checkin_lists": ["Choose at least one check-in list."]}
    assert list(foreign.context["form"].errors) == ["checkin_lists"]
    assert not Device.objects.exists()


def test_organizer_renames_reassigns_and_revokes_a_gate_device(browser, convention):
    first, second = entrance(convention, name="Day 1"), entrance(convention, name="Day 2")
    device, code = devices.create_device(convention=convention, name="Gate 1", kind="gate", checkin_lists=[first])

    saved = browser.post(
        base(convention) + f"gates/devices/{device.pk}/", {"name": "Gate hub27", "checkin_lists": [second.pk]}
    )
    revoked = browser.post(base(convention) + f"gates/devices/{device.pk}/revoke/")

    assert saved.status_code == revoked.status_code == 302
    device.refresh_from_db()
    assert (device.name, list(device.checkin_lists.all())) == ("Gate hub27", [second])
    assert device.revoked_at is not None
    with pytest.raises(InvalidSetupCode):
        devices.activate_device(setup_code=code)


def test_a_new_setup_code_replaces_one_that_was_lost(browser, convention):
    gate = entrance(convention, name="Entrance")
    device, old_code = devices.create_device(convention=convention, name="Gate 1", kind="gate", checkin_lists=[gate])

    response = browser.post(base(convention) + f"gates/devices/{device.pk}/setup-code/")

    new_code = re.search(r'data-setup-code="([A-Z2-7]{16})"', text(response)).group(1)
    assert new_code != old_code
    assert devices.activate_device(setup_code=new_code)[0].pk == device.pk


def test_gates_page_shows_when_each_gate_device_was_last_seen(browser, convention):
    gate = entrance(convention, name="Entrance")
    device, setup_code = devices.create_device(convention=convention, name="Gate 1", kind="gate", checkin_lists=[gate])
    devices.create_device(convention=convention, name="Gate 2", kind="gate", checkin_lists=[gate])
    scanner = APIClient()
    scanner.credentials(HTTP_AUTHORIZATION=f"Device {devices.activate_device(setup_code=setup_code)[1]}")

    assert scan(scanner, gate, badge_code(factories.RegistrationFactory(convention=convention))).status_code == 200
    after_the_scan = text(browser.get(base(convention) + "gates/?lang=en"))
    device.refresh_from_db()
    Device.objects.filter(pk=device.pk).update(last_seen_at=device.last_seen_at - dt.timedelta(minutes=3, seconds=5))
    english = words(browser.get(base(convention) + "gates/?lang=en"))
    german = words(browser.get(base(convention) + "gates/?lang=de"))

    seen = device.last_seen_at.astimezone(ZoneInfo(convention.time_zone)).isoformat()
    assert f'<td><time datetime="{seen}"' in after_the_scan
    assert "Gate 1 Entrance active 3 minutes ago Edit" in english
    assert "Gate 2 Entrance waiting for setup – Edit" in english  # never used its token
    assert "Gate 1 Entrance Aktiv vor 3 Minuten Bearbeiten" in german


def test_booth_devices_are_counted_not_listed(browser, convention):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    devices.create_device(convention=convention, name="Booth tablet", kind="booth", exhibitor=exhibitor)

    page = text(browser.get(base(convention) + "gates/"))

    assert "Booth tablet" not in page
    assert "Exhibitors have set up 1 booth scanner" in page


# --- refused scans ----------------------------------------------------------------------------------------------


def test_refused_scans_list_the_reason_for_the_security_desk(browser, convention, organizer_client):
    gate = entrance(convention, name="Entrance", days=["2025-09-30"])
    registration = factories.RegistrationFactory(convention=convention, first_name="Erika", last_name="Mustermann")
    code = badge_code(registration)
    scan(organizer_client, gate, code[:-4] + "AAAA")  # forged
    scan(organizer_client, gate, code, scanned_at="2025-10-01T10:00:00+02:00")  # wrong day
    scan(organizer_client, gate, code)  # accepted

    page = text(browser.get(base(convention) + "gates/refused-scans/"))
    only_day = text(browser.get(base(convention) + "gates/refused-scans/?reason=not_valid_today"))

    assert "2 refused scans" in page
    assert "Not valid today" in page
    assert "Forged or damaged badge" in page or "Unknown badge" in page
    assert "1 refused scan" in only_day
    assert "Erika Mustermann" in only_day


def test_refused_scans_filter_refuses_made_up_values_without_an_error_page(browser, convention):
    response = browser.get(base(convention) + "gates/refused-scans/?reason=nope&checkin_list=abc")

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"reason", "checkin_list"}


# --- badge printing ---------------------------------------------------------------------------------------------


def test_organizer_prints_badges_in_bulk_and_downloads_the_pdf(browser, convention, django_capture_on_commit_callbacks):
    visitor = factories.TicketTypeFactory(convention=convention)
    for _ in range(3):
        factories.RegistrationFactory(convention=convention, ticket_type=visitor)
    factories.RegistrationFactory(convention=convention)

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(base(convention) + "badges/", {"status": "confirmed", "ticket_types": [visitor.pk]})
    response = browser.get(base(convention) + "badges/")

    job = BadgePrintJob.objects.get()
    assert (job.status, job.total, job.done) == (PrintJobStatus.DONE, 3, 3)
    assert "3 of 3" in text(response)
    download = browser.get(base(convention) + f"badges/{job.pk}/badges.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_print_form_refuses_an_unknown_status(browser, convention):
    response = browser.post(base(convention) + "badges/", {"status": "cancelled"})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["status"]
    assert not BadgePrintJob.objects.exists()


# --- messages ---------------------------------------------------------------------------------------------------


def failed_message(convention, recipient="ada@example.org") -> OutboundMessage:
    message = messages.queue_message(
        idempotency_key=f"test:{recipient}",
        kind="registration_confirmed",
        recipient=recipient,
        subject="Ihre Anmeldung",
        body_text="…",
        convention=convention,
    )
    OutboundMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, last_error="550 no such user")
    return OutboundMessage.objects.get(pk=message.pk)


def test_outbox_filters_by_recipient_and_status_and_resends_a_failed_message(
    browser, convention, mailoutbox, django_capture_on_commit_callbacks
):
    failed = failed_message(convention)
    failed_message(convention, recipient="bo@example.org")

    page = text(browser.get(base(convention) + "messages/?recipient=ada@example.org&status=failed"))
    with django_capture_on_commit_callbacks(execute=True):
        resent = browser.post(base(convention) + f"messages/{failed.pk}/resend/", {"back": "status=failed"})

    assert "1 message" in page
    assert "ada@example.org" in page and "bo@example.org</td>" not in page
    assert "550 no such user" in page
    assert resent.status_code == 302
    assert resent["Location"] == base(convention) + "messages/?status=failed"
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    assert [mail.to for mail in mailoutbox] == [["ada@example.org"]]


@pytest.mark.parametrize(
    ("time_zone", "refused_at", "seen_at", "queued_at"),
    [
        ("America/New_York", "09/30/2025 10 a.m.", "09/30/2025 11:30 a.m.", "09/29/2025 8:15 p.m."),
        ("Europe/Berlin", "09/30/2025 4 p.m.", "09/30/2025 5:30 p.m.", "09/30/2025 2:15 a.m."),
    ],
)
def test_operations_pages_show_the_conventions_wall_clock(
    browser, convention, organizer_client, time_zone, refused_at, seen_at, queued_at
):
    convention.time_zone = time_zone
    convention.save(update_fields=["time_zone"])
    gate = entrance(convention, name="Entrance", days=["2025-09-30"])
    device, _setup_code = devices.create_device(convention=convention, name="Gate 1", kind="gate", checkin_lists=[gate])
    Device.objects.filter(pk=device.pk).update(last_seen_at=dt.datetime(2025, 9, 30, 15, 30, tzinfo=dt.UTC))
    registration = factories.RegistrationFactory(convention=convention)
    scan(organizer_client, gate, badge_code(registration)[:-4] + "AAAA", scanned_at="2025-09-30T14:00:00+00:00")
    message = failed_message(convention)
    OutboundMessage.objects.filter(pk=message.pk).update(created_at=dt.datetime(2025, 9, 30, 0, 15, tzinfo=dt.UTC))

    refused = words(browser.get(base(convention) + "gates/refused-scans/?lang=en"))
    gates = text(browser.get(base(convention) + "gates/?lang=en"))
    outbox = words(browser.get(base(convention) + "messages/?lang=en"))

    assert f"{refused_at} Entrance" in refused
    assert f'title="{seen_at}"' in gates
    assert f"{queued_at} " in outbox and "ada@example.org" in outbox


def test_outbox_filter_with_a_bad_address_is_a_field_error(browser, convention):
    response = browser.get(base(convention) + "messages/?recipient=not-an-address&status=nope")

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"recipient", "status"}


# --- announcements ----------------------------------------------------------------------------------------------


def workshop_with(convention, participants: int):
    start = timezone.now() + dt.timedelta(days=1)
    session = factories.SessionFactory(
        convention=convention,
        format=SessionFormat.WORKSHOP,
        capacity=50,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    registrations = [factories.RegistrationFactory(convention=convention) for _ in range(participants)]
    for registration in registrations:
        workshops.sign_up_for_workshop(session=session, registration=registration)
    return session, registrations


def test_announcement_to_a_workshop_counts_recipients_and_sends_after_confirmation(
    browser, convention, django_capture_on_commit_callbacks
):
    workshop, participants = workshop_with(convention, 3)
    factories.RegistrationFactory(convention=convention)  # not in the workshop

    created = browser.post(
        base(convention) + "announcements/new/",
        {
            "kind": "operational",
            "subject_de": "Raumwechsel",
            "body_de": "Der Workshop ist in Raum 2.",
            "subject_en": "Room change",
            "body_en": "The workshop is in room 2.",
            "workshop": workshop.pk,
        },
    )
    detail = text(browser.get(created["Location"]))
    announcement = Announcement.objects.get()
    OutboundMessage.objects.all().delete()  # the sign-up confirmations
    with django_capture_on_commit_callbacks(execute=True):
        sent = browser.post(created["Location"] + "send/", {"expected_recipients": "3"})

    assert "reaches <strong>3</strong> attendees" in detail
    assert sent.status_code == 302
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.QUEUED
    assert sorted(OutboundMessage.objects.values_list("registration_id", flat=True)) == sorted(
        registration.pk for registration in participants
    )
    assert "3 of 3 sent" in text(browser.get(created["Location"]))


def test_a_changed_audience_asks_for_confirmation_again_and_sends_nothing(browser, convention):
    workshop, _ = workshop_with(convention, 2)
    announcement = announcements.create_announcement(
        convention=convention, author=None, subject_en="Room change", body_en="Room 2.", workshop=workshop
    )
    workshops.sign_up_for_workshop(session=workshop, registration=factories.RegistrationFactory(convention=convention))

    response = browser.post(base(convention) + f"announcements/{announcement.pk}/send/", {"expected_recipients": "2"})

    assert response.status_code == 409
    assert "it now has 3 recipients" in text(response)
    assert "Send now to 3 recipients" in text(response)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT
    assert not OutboundMessage.objects.filter(announcement=announcement).exists()


def test_announcement_form_gives_field_errors(browser, convention):
    response = browser.post(
        base(convention) + "announcements/new/",
        {"kind": "operational", "subject_de": "Nur ein Betreff", "presence": "inside_now", "day": "2031-01-01"},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "day" in errors
    assert not Announcement.objects.exists()
    half = browser.post(
        base(convention) + "announcements/new/", {"kind": "operational", "subject_de": "Betreff", "presence": "ever"}
    )
    assert half.status_code == 400
    assert set(half.context["form"].errors) == {"body_de", "checkin_list"}


def test_sent_announcement_cannot_be_edited_any_more(browser, convention):
    announcement = announcements.create_announcement(
        convention=convention, author=None, subject_en="Hall closes", body_en="At 17:00."
    )
    Announcement.objects.filter(pk=announcement.pk).update(status=AnnouncementStatus.QUEUED, recipient_count=0)

    response = browser.post(
        base(convention) + f"announcements/{announcement.pk}/edit/", {"kind": "operational", "subject_en": "x"}
    )

    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.subject_en == "Hall closes"


# --- who may enter ----------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_strangers_get_404(client, convention):
    assert client.get(base(convention) + "gates/")["Location"].startswith("/login/?next=")
    client.force_login(factories.UserFactory())
    assert client.get(base(convention) + "gates/").status_code == 404
    assert client.post(base(convention) + "gates/lists/new/", {"name": "X"}).status_code == 404
    assert not CheckinList.objects.exists()


PAGES = ("gates/", "gates/lists/new/", "gates/devices/new/", "gates/refused-scans/", "badges/", "messages/")
PAGES += ("announcements/", "announcements/new/")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_in_german(browser, convention, path):
    entrance(convention, name="Eingang")

    response = browser.get(base(convention) + path + "?lang=de")

    assert response.status_code == 200
    assert 'lang="de"' in text(response)
    assert "Einlass und Geräte" in text(response)


def test_every_string_of_these_pages_has_a_german_text():
    templates = Path(__file__).resolve().parents[2] / "templates" / "pages" / "organizer" / "gates"
    found = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
    strings = {match.group(2) for path in templates.glob("*.html") for match in found.finditer(path.read_text())}
    with translation.override("de"):
        untranslated = sorted(
            s for s in strings if s not in {"Name", "Status", "Marketing", "Text", "Filter"} and gettext(s) == s
        )

    assert untranslated == []


def member(convention, role) -> Client:
    client = Client()
    client.force_login(factories.team_member(convention, role))
    return client


@pytest.mark.parametrize("role", ["readonly", "curator"])
def test_members_who_may_only_look_see_the_pages_but_cannot_act(convention, role):
    gate = entrance(convention, name="Entrance")
    device, _code = devices.create_device(convention=convention, name="Gate 1", kind="gate", checkin_lists=[gate])
    failed = failed_message(convention)
    announcement = announcements.create_announcement(
        convention=convention, author=None, subject_en="Hall closes", body_en="At 17:00."
    )
    looker = member(convention, role)

    pages = [looker.get(base(convention) + path) for path in ("gates/", "gates/refused-scans/", "badges/")]
    pages += [looker.get(base(convention) + path) for path in ("messages/", "announcements/")]
    pages += [looker.get(base(convention) + f"announcements/{announcement.pk}/")]
    pages += [
        looker.get(base(convention) + f"gates/lists/{gate.pk}/"),
        looker.get(base(convention) + f"gates/devices/{device.pk}/"),
    ]
    posts = {
        "gates/lists/new/": {"name": "X"},
        f"gates/lists/{gate.pk}/": {"name": "Renamed"},
        "gates/devices/new/": {"name": "Gate 2", "checkin_lists": [gate.pk]},
        f"gates/devices/{device.pk}/": {"name": "Renamed", "checkin_lists": [gate.pk]},
        f"gates/devices/{device.pk}/setup-code/": {},
        f"gates/devices/{device.pk}/revoke/": {},
        "badges/": {"status": "confirmed"},
        f"messages/{failed.pk}/resend/": {},
        "announcements/new/": {"kind": "operational", "subject_en": "Hi", "body_en": "Hello"},
        f"announcements/{announcement.pk}/edit/": {"kind": "operational", "subject_en": "Changed", "body_en": "x"},
        f"announcements/{announcement.pk}/send/": {"expected_recipients": "0"},
    }
    refused = {path: looker.post(base(convention) + path, data).status_code for path, data in posts.items()}

    assert [response.status_code for response in pages] == [200] * len(pages)
    assert "your role in the team is read-only" in text(pages[0])
    assert "New check-in list" not in text(pages[0])
    assert refused == dict.fromkeys(posts, 403)
    assert list(CheckinList.objects.values_list("name", flat=True)) == ["Entrance"]
    device.refresh_from_db()
    failed.refresh_from_db()
    announcement.refresh_from_db()
    assert (device.name, device.revoked_at, failed.status) == ("Gate 1", None, MessageStatus.FAILED)
    assert (announcement.subject_en, announcement.status) == ("Hall closes", AnnouncementStatus.DRAFT)
    assert not BadgePrintJob.objects.exists()
    assert Device.objects.count() == 1


def test_only_owners_and_organizers_download_the_badge_pdf(convention, organizer, django_capture_on_commit_callbacks):
    factories.RegistrationFactory(convention=convention)
    owner = member(convention, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(base(convention) + "badges/", {"status": "confirmed"})
    job = BadgePrintJob.objects.get()
    path = base(convention) + f"badges/{job.pk}/badges.pdf"

    assert owner.get(path).status_code == 200
    assert member(convention, "curator").get(path).status_code == 403
    assert member(convention, "readonly").get(path).status_code == 403
    assert "PDF of job" not in text(member(convention, "readonly").get(base(convention) + "badges/"))
