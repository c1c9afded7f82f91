"""Control characters pasted into the programme are cleaned on input, and exports never fail on them — not even
on text stored before input was cleaned."""

import json

import icalendar
import pytest
from django.apps import apps
from django.db import connection, models
from lxml import etree

from events.models import Session
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

BASE = "/api/v1/manage/events/sccon"
POWERPOINT_BREAK = "\x0b"  # what PowerPoint puts on the clipboard for a line break inside a paragraph


@pytest.fixture
def session(convention):
    stage = factories.RoomFactory(convention=convention, name="Stage 1")
    return factories.SessionFactory(
        convention=convention, title_de="", title_en="Keynote", abstract_de="", room=stage, start=berlin(0, 9)
    )


def exports(api_client) -> dict[str, bytes]:
    responses = {f: api_client.get(f"/api/v1/events/sccon/schedule.{f}") for f in ("xml", "json", "ics")}
    assert {f: r.status_code for f, r in responses.items()} == {"xml": 200, "json": 200, "ics": 200}
    return {f: r.content for f, r in responses.items()}


def xml_titles(content: bytes) -> list[str]:
    return [element.text for element in etree.fromstring(content).iter("title")][1:]  # [0] is the conference


def test_session_title_with_a_powerpoint_line_break_is_cleaned_and_exports_work(organizer_client, api_client, session):
    changed = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/",
        {"title_en": f"Smart{POWERPOINT_BREAK}City", "abstract_en": f"First{POWERPOINT_BREAK}second\x07\x1b[31m"},
        format="json",
    )
    session.refresh_from_db()
    release_schedule(convention=session.convention)

    content = exports(api_client)

    assert changed.status_code == 200
    assert changed.json()["title_en"] == "Smart City"
    assert (session.title_en, session.abstract_en) == ("Smart City", "First\nsecond[31m")
    assert xml_titles(content["xml"]) == ["Smart City"]
    event = icalendar.Calendar.from_ical(content["ics"]).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Smart City"


def test_exports_work_with_control_characters_stored_before_input_was_cleaned(api_client, session):
    with connection.cursor() as cursor:  # around the models, as older versions stored it
        cursor.execute(
            f"UPDATE {Session._meta.db_table} SET title_en = %s, abstract_en = %s WHERE id = %s",
            [f"Smart{POWERPOINT_BREAK}City\x1f", f"Line{POWERPOINT_BREAK}break\x0c", session.pk],
        )
    release_schedule(convention=session.convention)

    content = exports(api_client)

    assert xml_titles(content["xml"]) == ["Smart\nCity"]
    days = json.loads(content["json"])["schedule"]["conference"]["days"]
    assert [event["title"] for event in days[0]["rooms"]["Stage 1"]] == ["Smart\nCity"]
    assert "\x0b" not in content["ics"].decode() and "\x0c" not in content["ics"].decode()
    event = icalendar.Calendar.from_ical(content["ics"]).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == "Line\nbreak\n"


def test_every_text_field_of_every_model_is_cleaned_on_write():
    from events.models.fields import LineField, MultiLineField

    plain = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("events").get_models()
        for field in model._meta.local_fields
        if type(field) in (models.CharField, models.TextField)
    ]
    cleaned = [
        field
        for model in apps.get_app_config("events").get_models()
        for field in model._meta.local_fields
        if isinstance(field, LineField | MultiLineField)
    ]

    assert plain == []
    assert len(cleaned) > 50


def test_a_bulk_update_is_cleaned_too(session):
    Session.objects.filter(pk=session.pk).update(title_en="Smart\x0bCity", abstract_en="a\u2028b\x07")

    session.refresh_from_db()
    assert (session.title_en, session.abstract_en) == ("Smart City", "a\nb")
