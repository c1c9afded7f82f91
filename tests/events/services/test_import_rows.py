"""Acceptance: tables of exhibitors, speakers, sessions and guests. A file with a clash, an unknown room and a
bad date reports exactly those rows and writes nothing; importing a file again changes nothing."""

import datetime as dt
import io

import pytest
from django.core import mail
from openpyxl import Workbook

from events.models import Booth, Exhibitor, ExhibitorInvitation, Registration, Session, SessionSpeaker, Speaker
from events.services.imports import ImportOptions, preview_import, run_import
from tests import factories
from tests.factories import berlin


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_file(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def venue(convention):
    hall = factories.HallFactory(convention=convention, name="Halle 25")
    factories.RoomFactory(convention=convention, name="Stage A", hall=hall)
    factories.RoomFactory(convention=convention, name="Stage B", hall=hall)
    factories.TrackFactory(convention=convention, name_en="Urban data", name_de="Urbane Daten")
    return convention


SPEAKERS = csv_file(
    "external_id,name,email,organization",
    "S-1,Erika Mustermann,erika@example.org,Stadt Köln",
    "S-2,Max Mustermann,max@example.org,Land Berlin",
)


def test_speakers_then_sessions_are_created_with_roles_and_times(venue):
    run_import(convention=venue, kind="speakers", data=SPEAKERS, filename="speakers.csv")
    sessions = csv_file(
        "external_id;title_de;format;track;room;date;start;end;language;speakers",
        "T-1;Offene Daten;panel;Urban data;Stage A;2025-09-30;10:00;11:00;de;S-1:moderator; S-2:panelist",
    ).replace(b"S-1:moderator; S-2:panelist", b'"S-1:moderator; S-2:panelist"')

    result = run_import(convention=venue, kind="sessions", data=sessions, filename="sessions.csv")

    assert result.written and result.counts["created"] == 1
    session = Session.objects.get(convention=venue, external_id="T-1")
    assert (session.title_de, session.format, session.room.name, session.start, session.end) == (
        "Offene Daten",
        "panel",
        "Stage A",
        berlin(0, 10),
        berlin(0, 11),
    )
    assert [(role.speaker.external_id, role.role) for role in session.session_speakers.all()] == [
        ("S-1", "moderator"),
        ("S-2", "panelist"),
    ]


def test_a_clash_an_unknown_room_and_a_bad_date_are_exactly_the_refused_rows_and_nothing_is_written(venue):
    factories.SessionFactory(
        convention=venue,
        title_en="Booked",
        room=venue.rooms.get(name="Stage B"),
        start=berlin(0, 14),
        end=berlin(0, 15),
    )
    before = Session.objects.count()
    sessions = csv_file(
        "external_id,title_en,room,date,start,end",
        "T-1,Fine one,Stage A,2025-09-30,10:00,11:00",
        "T-2,Clashing,Stage B,2025-09-30,14:30,15:30",
        "T-3,Fine two,Stage A,2025-09-30,11:00,12:00",
        "T-4,Nowhere,Stage Z,2025-09-30,12:00,13:00",
        "T-5,Bad date,Stage A,2025-09-31,13:00,14:00",
        "T-6,Fine three,Stage B,2025-10-01,09:00,10:00",
    )

    preview = preview_import(convention=venue, kind="sessions", data=sessions, filename="sessions.csv")
    result = run_import(convention=venue, kind="sessions", data=sessions, filename="sessions.csv")

    for report in (preview, result):
        assert [(row.row, row.reason) for row in report.refused] == [
            (3, "Room “Stage B” already holds “Booked” from 2025-09-30 14:00 to 2025-09-30 15:00."),
            (5, "Unknown room “Stage Z”."),
            (6, "date “2025-09-31” is not a date (YYYY-MM-DD or DD.MM.YYYY)."),
        ]
        assert [row.row for row in report.rows if row.action == "created"] == [2, 4, 7]
        assert not report.written
    assert Session.objects.count() == before


def test_skipping_refused_rows_imports_the_others(venue):
    sessions = csv_file(
        "external_id,title_en,room,date,start,end",
        "T-1,Fine one,Stage A,2025-09-30,10:00,11:00",
        "T-4,Nowhere,Stage Z,2025-09-30,12:00,13:00",
    )

    result = run_import(
        convention=venue, kind="sessions", data=sessions, filename="s.csv", options=ImportOptions(skip_refused=True)
    )

    assert result.written
    assert list(Session.objects.filter(convention=venue).values_list("external_id", flat=True)) == ["T-1"]


def test_importing_the_same_tables_again_changes_nothing(venue):
    exhibitors = xlsx_file(
        [
            ["external_id", "name", "hall", "stand", "size_sqm", "main_exhibitor", "website"],
            ["E-1", "Bundesministerium des Innern", "Halle 25", "508", 48, "", "https://www.bmi.bund.de/"],
            ["E-2", "Digitalagentur", "", "", "", "E-1", ""],
        ]
    )
    sessions = csv_file(
        "external_id,title_en,room,date,start,end,speakers,status",
        "T-1,Data,Stage A,2025-09-30,10:00,11:00,S-1,confirmed",
        "T-2,Night owls,Stage A,2025-09-30,17:00,17:45,erika@example.org:moderator,draft",
    )
    files = [("speakers", SPEAKERS, "s.csv"), ("exhibitors", exhibitors, "e.xlsx"), ("sessions", sessions, "t.csv")]
    for kind, data, name in files:
        assert run_import(convention=venue, kind=kind, data=data, filename=name).written
    snapshot = [
        list(model.objects.order_by("pk").values()) for model in (Speaker, Exhibitor, Booth, Session, SessionSpeaker)
    ]

    for kind, data, name in files:
        again = run_import(convention=venue, kind=kind, data=data, filename=name)
        assert {row.action for row in again.rows} == {"unchanged"}, kind

    assert [
        list(model.objects.order_by("pk").values()) for model in (Speaker, Exhibitor, Booth, Session, SessionSpeaker)
    ] == snapshot
    member = Exhibitor.objects.get(external_id="E-2")
    assert member.main_exhibitor.external_id == "E-1"
    assert str(Booth.objects.get(exhibitor__external_id="E-1")) == "Halle 25 508"


def test_a_changed_row_is_updated_and_the_others_stay(venue):
    run_import(convention=venue, kind="speakers", data=SPEAKERS, filename="s.csv")
    changed = SPEAKERS.replace(b"Land Berlin", b"Bundesamt")

    result = run_import(convention=venue, kind="speakers", data=changed, filename="s.csv")

    assert [(row.row, row.action) for row in result.rows] == [(2, "unchanged"), (3, "updated")]
    assert Speaker.objects.get(external_id="S-2").organization == "Bundesamt"


def test_exhibitor_managers_are_invited_once(venue, django_capture_on_commit_callbacks):
    exhibitors = csv_file(
        "external_id,name,hall,stand,manager_email,manager_first_name,manager_last_name",
        "E-1,Stadtwerke,Halle 25,101,chefin@stadtwerke.example,Ada,Lovelace",
    )
    options = ImportOptions(invite_managers=True)

    with django_capture_on_commit_callbacks(execute=True):
        first = run_import(convention=venue, kind="exhibitors", data=exhibitors, filename="e.csv", options=options)
    with django_capture_on_commit_callbacks(execute=True):
        again = run_import(convention=venue, kind="exhibitors", data=exhibitors, filename="e.csv", options=options)

    assert (first.counts["invited"], again.counts["invited"]) == (1, 0)
    assert ExhibitorInvitation.objects.filter(email="chefin@stadtwerke.example", is_manager=True).count() == 1
    assert [message.to for message in mail.outbox] == [["chefin@stadtwerke.example"]]


def test_pre_registered_guests_get_a_confirmed_registration_once(venue):
    factories.TicketTypeFactory(convention=venue, name_en="Guest", name_de="Gast", price=0)
    guests = csv_file(
        "external_id,first_name,last_name,email,organization,ticket_type,language",
        "G-1,Erika,Mustermann,erika@berlin.de,Senatskanzlei,Gast,Deutsch",
    )

    first = run_import(convention=venue, kind="registrations", data=guests, filename="g.csv")
    again = run_import(convention=venue, kind="registrations", data=guests, filename="g.csv")

    registration = Registration.objects.get(convention=venue)
    assert (registration.status, registration.external_id, registration.language) == ("confirmed", "G-1", "de")
    assert first.mapped == [(2, "language “Deutsch” read as de")]
    assert [row.action for row in again.rows] == ["unchanged"]


def test_a_night_session_ending_after_midnight_is_reported(venue):
    from events.services.conventions import update_convention

    update_convention(
        convention=venue,
        opening_hours=[
            {"date": dt.date(2025, 9, 30), "opens_at": dt.time(9), "closes_at": dt.time(2), "closes_next_day": True}
        ],
    )
    sessions = csv_file("external_id,title_en,room,date,start,end", "T-9,Late,Stage A,2025-09-30,23:30,01:00")

    result = run_import(convention=venue, kind="sessions", data=sessions, filename="s.csv")

    assert result.written
    assert result.mapped == [(2, "ends 01:00, before it starts: read as 01:00 on the next day")]
    assert Session.objects.get(external_id="T-9").end == berlin(1, 1)


def test_unknown_columns_are_reported_and_missing_ones_refuse_the_file(venue):
    from events.services.imports import ImportFileInvalid

    result = preview_import(
        convention=venue, kind="speakers", data=csv_file("name,email,shoe_size", "A,a@example.org,42"), filename="s.csv"
    )
    assert result.notes == ["the column “shoe_size” is not one Messe imports: it is left out"]
    with pytest.raises(ImportFileInvalid):
        preview_import(convention=venue, kind="speakers", data=csv_file("email", "a@example.org"), filename="s.csv")


def test_speakers_of_imported_sessions_are_invited_only_when_asked(venue, django_capture_on_commit_callbacks):
    run_import(convention=venue, kind="speakers", data=SPEAKERS, filename="s.csv")
    quiet = csv_file(
        "external_id,title_en,room,date,start,end,speakers", "T-1,Quiet,Stage A,2025-09-30,10:00,11:00,S-1"
    )
    loud = csv_file("external_id,title_en,room,date,start,end,speakers", "T-2,Loud,Stage B,2025-09-30,10:00,11:00,S-2")
    invite = ImportOptions(invite_speakers=True)

    with django_capture_on_commit_callbacks(execute=True):
        run_import(convention=venue, kind="sessions", data=quiet, filename="q.csv")
        first = run_import(convention=venue, kind="sessions", data=loud, filename="l.csv", options=invite)
        again = run_import(convention=venue, kind="sessions", data=loud, filename="l.csv", options=invite)

    assert [row.invited for row in first.rows + again.rows] == ["max@example.org", ""]
    assert [message.to for message in mail.outbox] == [["max@example.org"]]
