"""Property-based requests against every operation of the OpenAPI schema (schemathesis).

For each operation, a bounded, derandomized set of generated requests is sent through the WSGI application
twice, once with an organizer's token and once with an attendee's bearer token. Every response must be a
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
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ATTENDEE_TOKEN = "fuzzing-attendee-token"


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
    factories.RegistrationFactory(convention=convention, access_token=ATTENDEE_TOKEN)
    organizer = factories.UserFactory(username="organizer")
    convention.organizers.add(organizer)
    release_schedule(convention=convention)
    ids = {
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
        "headers": {
            "organizer": {"Authorization": f"Token {Token.objects.create(user=organizer).key}"},
            "attendee": {"Authorization": f"Bearer {ATTENDEE_TOKEN}"},
        },
    }


def point_at_seeded_objects(case, seeded: dict[str, Any]) -> None:
    """Path parameters name the seeded convention and, for ``…/<resource>/{id}``, its object of that kind."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = seeded["slug"]
    for name in ("id", "pk", "session_id", "speaker_id"):
        if name in parameters:
            resource = case.operation.path.split("/{")[-2].rsplit("/", 1)[-1]
            if name == "session_id":
                resource = "sessions"
            elif name == "speaker_id":
                resource = "speakers"
            if resource in seeded["ids"]:
                parameters[name] = seeded["ids"][resource]


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, seeded):
    point_at_seeded_objects(case, seeded)
    for actor in ("organizer", "attendee"):
        with transaction.atomic():
            # The WSGI transport does not undo GZipMiddleware; real clients do, so ask for plain bodies.
            response = case.call(headers={**seeded["headers"][actor], "Accept-Encoding": "identity"})
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS)
