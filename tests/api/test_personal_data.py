"""Acceptance: the export of a seeded attendee holds every personal field; after erasure no table holds the
attendee's e-mail or name. The attendee is seeded through the real APIs and services of every feature."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection, models
from rest_framework.test import APIClient

from events.enums import SessionFormat
from events.models import (
    AgendaItem,
    AuditEntry,
    Badge,
    ExhibitorStaffMember,
    Lead,
    OutboundMessage,
    Registration,
    Scan,
    WorkshopSignup,
)
from events.selectors.personal_data import PERSONAL_DATA_COVERAGE
from events.services import workshops
from tests import factories
from tests.checkin_helpers import badge_code, entrance, nonce, scan
from tests.factories import berlin

FIRST, LAST = "Wilhelmina", "Zwackelmann"
EMAIL = "w.zwackelmann@stadt-musterhausen.example"
ORGANIZATION, JOB = "Stadtverwaltung Musterhausen", "Digitallotsin"
NEEDLES = (EMAIL, FIRST, LAST)


@pytest.fixture(autouse=True)
def _on_the_first_morning(monkeypatch):
    # The factory convention runs 30 Sep – 2 Oct 2025; seeding and erasure happen on its first morning.
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def staff_of(exhibitor) -> APIClient:
    user = factories.UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user)
    client = APIClient()
    client.force_authenticate(user)
    return client


def register(convention, ticket, **fields) -> tuple[str, str]:
    body = {
        "ticket_type": ticket.pk,
        "first_name": FIRST,
        "last_name": LAST,
        "email": EMAIL,
        "organization": "",
        "job_title": "",
        "accept_terms": True,
        "share_contact_with_exhibitors": True,
        "newsletter": True,
        **fields,
    }
    response = APIClient().post(f"/api/v1/events/{convention.slug}/registrations/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["code"], response.json()["access_token"]


@pytest.fixture
def seeded(convention, organizer_client, django_capture_on_commit_callbacks):
    """The attendee and everything the features hold about them."""
    convention.questions.create(identifier="motto", label_de="Motto", label_en="Motto")
    ticket = factories.TicketTypeFactory(convention=convention)
    with django_capture_on_commit_callbacks(execute=True):
        code, token = register(
            convention,
            ticket,
            organization=ORGANIZATION,
            job_title=JOB,
            answers={"motto": f"{FIRST} {LAST} digitalisiert Musterhausen"},
        )
    attendee = bearer(token)
    registration = Registration.objects.get(code=code)

    gate = entrance(convention)
    badge = badge_code(registration)
    assert scan(organizer_client, gate, badge).json()["result"] == "ok"
    assert scan(organizer_client, gate, badge, direction="exit").json()["result"] == "ok"

    exhibitor = factories.ExhibitorFactory(convention=convention, name="Urban Data GmbH")
    booth = staff_of(exhibitor)
    lead = booth.post(
        f"/api/v1/exhibitors/{exhibitor.pk}/leads/",
        {"code": badge, "nonce": nonce(), "notes": f"{FIRST} wants a demo", "tags": ["hot"]},
        format="json",
    )
    assert lead.status_code == 201

    talk = factories.SessionFactory(convention=convention, title_en="Open data in cities", start=berlin(1, 10))
    workshop = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, capacity=1, title_en="Hands-on GovTech"
    )
    waiting_code, waiting_token = register(
        convention, ticket, first_name="Otto", last_name="Wartend", email="otto@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            attendee.patch(
                f"/api/v1/registrations/{code}/preferences/", {"calendar_invites_for_bookmarks": True}, format="json"
            ).status_code
            == 200
        )
        assert (
            attendee.post(f"/api/v1/registrations/{code}/agenda/", {"session": talk.pk}, format="json").status_code
            == 201
        )
        assert attendee.post(f"/api/v1/registrations/{code}/agenda/feed/").status_code in (200, 201)
        signup = attendee.post(f"/api/v1/events/{convention.slug}/sessions/{workshop.pk}/signup/")
        assert signup.json()["status"] == "confirmed"
        waiting = bearer(waiting_token).post(f"/api/v1/events/{convention.slug}/sessions/{workshop.pk}/signup/")
        assert waiting.json()["status"] == "waitlisted"

    assert organizer_client.get(f"/api/v1/registrations/{code}/").status_code == 200
    organizer = factories.UserFactory(username="admin-desk")
    LogEntry.objects.log_actions(
        organizer.pk, [registration], CHANGE, change_message=[{"changed": {"fields": ["Organization"]}}]
    )
    return {
        "code": code,
        "attendee": attendee,
        "registration": registration,
        "exhibitor": exhibitor,
        "workshop": workshop,
        "waiting_code": waiting_code,
    }


def rows_containing(needle: str) -> dict[str, int]:
    """Every text and JSON column of every table, searched with raw SQL for ``needle`` (case-insensitive)."""
    hits = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                    continue
                column = connection.ops.quote_name(field.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE LOWER(CAST({column} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if count := cursor.fetchone()[0]:
                    hits[f"{model._meta.label}.{field.name}"] = count
    return hits


def registration_rows(registration) -> dict[str, int]:
    """How many rows of each inventoried model point at the registration."""
    counts = {}
    for label, coverage in PERSONAL_DATA_COVERAGE.items():
        model = apps.get_model(label)
        if model is Registration:
            continue
        fields = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Registration]
        if fields:
            counts[coverage.section] = model.objects.filter(**{fields[0]: registration}).count()
    return counts


def test_export_holds_every_personal_field_and_erasure_leaves_no_trace(seeded, convention, organizer_client):
    code, attendee, registration = seeded["code"], seeded["attendee"], seeded["registration"]
    # Before erasure the seed really put the name and address into many tables.
    assert set(rows_containing(EMAIL)) >= {
        "events.Registration.email",
        "events.Lead.email",
        "events.OutboundMessage.recipient",
    }
    assert set(rows_containing(LAST)) >= {
        "events.Registration.last_name",
        "events.Lead.name",
        "events.OutboundMessage.body_text",
        "admin.LogEntry.object_repr",
    }

    response = attendee.get(f"/api/v1/registrations/{code}/export/")

    assert response.status_code == 200
    export = response.json()
    person = export["registration"]
    assert (person["first_name"], person["last_name"], person["email"]) == (FIRST, LAST, EMAIL)
    assert (person["organization"], person["job_title"]) == (ORGANIZATION, JOB)
    assert person["answers"] == {"motto": f"{FIRST} {LAST} digitalisiert Musterhausen"}
    assert {name: dt.datetime.fromisoformat(at) for name, at in person["consents"].items()} == {
        "terms_at": berlin(0, 8),
        "share_contact_at": berlin(0, 8),
        "newsletter_at": berlin(0, 8),
    }
    assert person["ticket_type"]["id"] == registration.ticket_type_id
    assert "access_token_hash" not in json.dumps(export)
    assert [b["id"] for b in export["badges"]] == list(
        Badge.objects.filter(registration=registration).values_list("pk", flat=True)
    )
    assert [(s["direction"], s["result"]) for s in export["scans"]] == [("entry", "ok"), ("exit", "ok")]
    assert [(lead["exhibitor"], lead["name"], lead["email"], lead["notes"]) for lead in export["leads"]] == [
        ("Urban Data GmbH", f"{FIRST} {LAST}", EMAIL, f"{FIRST} wants a demo")
    ]
    assert [item["title_en"] for item in export["agenda"]] == ["Open data in cities"]
    assert [(s["title_en"], s["status"]) for s in export["workshop_signups"]] == [("Hands-on GovTech", "confirmed")]
    assert export["preferences"]["calendar_invites_for_bookmarks"] is True
    assert {m["recipient"] for m in export["messages"]} == {EMAIL}
    assert any(LAST in m["body_text"] for m in export["messages"])
    assert [e["action"] for e in export["audit_entries"]] == ["registration.viewed", "personal_data.exported"]
    assert [e["object_repr"] for e in export["admin_log"]] == [str(registration)]
    # One entry per row held, for every inventoried model that points at a registration.
    held = registration_rows(registration)
    exported = {section: len(export[section]) for section in held if isinstance(export[section], list)}
    assert exported == {section: count for section, count in held.items() if section in exported}
    for needle in NEEDLES:
        assert needle in json.dumps(export)

    messages_before = OutboundMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
    counts_before = {m: m.objects.count() for m in (Scan, Lead, AgendaItem, OutboundMessage, WorkshopSignup, Badge)}
    erased = attendee.post(f"/api/v1/registrations/{code}/erase/")

    assert erased.status_code == 200
    assert erased.json()["status"] == "cancelled"
    for needle in (*NEEDLES, ORGANIZATION, JOB):
        assert rows_containing(needle) == {}, needle
    # Rows stay for counts; the badge is revoked, the workshop seat went to the waitlist.
    counts_after = {m: m.objects.count() for m in counts_before}
    assert counts_after == counts_before | {OutboundMessage: counts_before[OutboundMessage] + 3}
    # The cancellation mails erasure causes are never sent (the address is gone); the promoted attendee's is.
    assert sorted(
        OutboundMessage.objects.filter(pk__gt=messages_before).values_list("kind", "registration__code", "status")
    ) == [
        ("calendar_cancel", code, "failed"),
        ("calendar_invite", seeded["waiting_code"], "pending"),
        ("registration_cancelled", code, "failed"),
    ]
    assert list(Badge.objects.filter(registration=registration, revoked_at=None)) == []
    assert dict(
        WorkshopSignup.objects.filter(session=seeded["workshop"]).values_list("registration__code", "status")
    ) == {
        code: "cancelled",
        seeded["waiting_code"]: "confirmed",
    }
    assert Lead.objects.get().registration is None

    # The attendee's token died with the data; the organizer's second erasure changes nothing.
    again = organizer_client.post(f"/api/v1/registrations/{code}/erase/")

    assert attendee.post(f"/api/v1/registrations/{code}/erase/").status_code == 401
    assert (again.status_code, again.json()) == (200, erased.json())
    assert AuditEntry.objects.filter(action="personal_data.erased").count() == 1


def test_organizer_export_of_someone_else_is_audited_with_the_organizer(seeded, organizer, organizer_client):
    response = organizer_client.get(f"/api/v1/registrations/{seeded['code']}/export/")

    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="personal_data.exported").get()
    assert (entry.actor_kind, entry.actor_user, entry.registration, entry.object_id) == (
        "user",
        organizer,
        seeded["registration"],
        seeded["code"],
    )


def test_export_and_erasure_of_someone_else_are_404(seeded, convention):
    _other_code, other_token = register(
        convention, seeded["registration"].ticket_type, email="someone@example.org", first_name="Some", last_name="One"
    )
    other = bearer(other_token)

    exported = other.get(f"/api/v1/registrations/{seeded['code']}/export/")
    erased = other.post(f"/api/v1/registrations/{seeded['code']}/erase/")

    assert [(r.status_code, r.json()["code"]) for r in (exported, erased)] == [(404, "not_found"), (404, "not_found")]
    assert Registration.objects.get(code=seeded["code"]).erased_at is None
    assert APIClient().get(f"/api/v1/registrations/{seeded['code']}/export/").status_code == 404
