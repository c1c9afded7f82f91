"""Property-based requests against every operation of the OpenAPI schema (schemathesis).

For each operation, a bounded, derandomized set of generated requests is sent through the WSGI application
with the credentials that reach it: the attendee's bearer token on the attendee's own routes (registration,
agenda, badge, workshop sign-up), exhibitor staff's token on leads, an organizer's token everywhere else.
Every response must be a
documented status code, conform to its documented schema and never be a server error.

Path parameters point at the seeded convention and its objects, so the generated bodies and query parameters
meet real data instead of stopping at 404. Each request runs in a savepoint rolled back afterwards, so one
example's DELETE does not change what the next one finds.
"""

from typing import Any

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from events.models import (
    BadgePrintJob,
    CheckinList,
    Device,
    DeviceKind,
    ExhibitorStaffMember,
    Question,
    SessionMaterial,
    Voucher,
)
from events.services import agenda
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ATTENDEE_TOKEN = "fuzzing-attendee-token"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI application, whose request signals would close the database connection
    that holds the test's transaction (PostgreSQL). Django's own test client detaches the same handler."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, settings) -> dict[str, Any]:
    """A released convention with one object of each kind, an organizer and an attendee."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Generated requests hit the token login many times; its rate limit is tested elsewhere.
    settings.MESSE_THROTTLE_RATES = {}
    convention = factories.ConventionFactory(slug="sccon", acronym="sccon2025")
    hall = factories.HallFactory(convention=convention)
    room = factories.RoomFactory(convention=convention, hall=hall)
    track = factories.TrackFactory(convention=convention)
    session = factories.SessionFactory(convention=convention, room=room, track=track, start=berlin(0, 10))
    speaker = factories.SessionSpeakerFactory(session=session).speaker
    exhibitor = factories.ExhibitorFactory(convention=convention)
    factories.BoothFactory(exhibitor=exhibitor, hall=hall)
    registration = factories.RegistrationFactory(convention=convention, access_token=ATTENDEE_TOKEN)
    ticket_type = registration.ticket_type
    ticket_type.quota_used = 1  # factories skip the seat count; cancelling gives the seat back
    ticket_type.save(update_fields=["quota_used"])
    organizer = factories.UserFactory(username="organizer")
    convention.organizers.add(organizer)
    staff = factories.UserFactory(username="booth-staff")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=staff)
    checkin_list = CheckinList.objects.create(convention=convention, name="Entrance South")
    device = Device.objects.create(convention=convention, name="Gate S-1", kind=DeviceKind.GATE)
    material = SessionMaterial.objects.create(session=session, title="Slides", url="https://example.org/s.pdf")
    feed_token = agenda.rotate_feed_token(registration=registration)
    release_schedule(convention=convention)
    ids = {
        "ticket-types": ticket_type.pk,
        "vouchers": Voucher.objects.create(convention=convention, code="press").pk,
        "questions": Question.objects.create(convention=convention, identifier="sector", label_de="B", label_en="S").pk,
        "print": BadgePrintJob.objects.create(convention=convention).pk,
        "checkin-lists": checkin_list.pk,
        "devices": device.pk,
        "materials": material.pk,
        "halls": hall.pk,
        "rooms": room.pk,
        "tracks": track.pk,
        "sessions": session.pk,
        "speakers": speaker.pk,
        "exhibitors": exhibitor.pk,
    }
    return {
        "slug": convention.slug,
        "ids": ids,
        "code": registration.code,
        "feed_token": feed_token,
        "headers": {
            "organizer": {"Authorization": f"Token {Token.objects.create(user=organizer).key}"},
            "attendee": {"Authorization": f"Bearer {ATTENDEE_TOKEN}"},
            "staff": {"Authorization": f"Token {Token.objects.create(user=staff).key}"},
        },
    }


# Path parameters named after their kind of object; ``{id}`` takes the kind from the path segment before it.
PARAMETER_RESOURCE = {
    "session_id": "sessions",
    "speaker_id": "speakers",
    "list_id": "checkin-lists",
    "job_id": "print",
    "device_id": "devices",
    "exhibitor_id": "exhibitors",
    "material_id": "materials",
}


def point_at_seeded_objects(case, seeded: dict[str, Any]) -> None:
    """Path parameters name the seeded convention, registration and objects (the nonce stays generated)."""
    parameters = case.path_parameters or {}
    path = case.operation.path
    for name in list(parameters):
        if name == "slug":
            parameters[name] = seeded["slug"]
        elif name in ("code", "feed_token"):
            parameters[name] = seeded[name]
        elif name in PARAMETER_RESOURCE:
            parameters[name] = seeded["ids"][PARAMETER_RESOURCE[name]]
        elif name in ("id", "pk"):
            resource = path.split("/{" + name + "}")[0].rsplit("/", 1)[-1]
            if resource in seeded["ids"]:
                parameters[name] = seeded["ids"][resource]


# Found by this test and not yet fixed: the response disagrees with the documented schema. Remove an entry once
# its operation is fixed (the test then runs it again).
# Operations whose answers do not match the schema yet, with the reason; they are expected to fail here.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def actor_for(path: str) -> str:
    """Whose credentials reach the operation: the attendee's own routes, exhibitor staff's leads, else organizer."""
    if path.startswith("/api/v1/exhibitors/"):
        return "staff"
    attendee_only = ("/agenda", "/preferences/", "/signup/", "/cancel/", "badge.p")
    if path.startswith("/api/v1/registrations/{code}") and any(part in path for part in attendee_only):
        return "attendee"
    if path in ("/api/v1/registrations/{code}/", "/api/v1/agenda/{feed_token}.ics") or path.endswith("/signup/"):
        return "attendee"
    return "organizer"


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, seeded):
    known = KNOWN_DEFECTS.get((case.operation.method.upper(), case.operation.path))
    if known:
        pytest.xfail(known)
    point_at_seeded_objects(case, seeded)
    actor = actor_for(case.operation.path)
    with transaction.atomic():
        # The WSGI transport does not undo GZipMiddleware; real clients do, so ask for plain bodies.
        response = case.call(headers={**seeded["headers"][actor], "Accept-Encoding": "identity"})
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)
