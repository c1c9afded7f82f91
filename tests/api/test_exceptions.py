import json

from django.db import IntegrityError

from api.exceptions import messe_exception_handler


def test_integrity_error_becomes_a_conflict():
    response = messe_exception_handler(IntegrityError("UNIQUE constraint failed: events_room.name"), {})

    assert response.status_code == 409
    assert response.data == {
        "code": "conflict",
        "message": "The change conflicts with data saved at the same time; try again.",
    }


def test_oversized_body_is_refused_with_413(organizer_client, convention, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = organizer_client.post(
        "/api/v1/manage/events/sccon/rooms/",
        json.dumps({"name": "x", "description": "y" * 2000}),
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_form_encoded_body_is_unsupported(organizer_client, convention):
    response = organizer_client.post("/api/v1/manage/events/sccon/rooms/", {"name": "x"})

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_oversized_field_is_invalid(organizer_client, convention):
    response = organizer_client.post("/api/v1/manage/events/sccon/rooms/", {"name": "x" * 101}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "name: Ensure this field has no more than 100 characters.",
        "fields": {"name": ["Ensure this field has no more than 100 characters."]},
    }


def test_unrouted_api_address_answers_json_not_found(api_client, db):
    response = api_client.get("/api/v1/events/sccon/sessions/1/extra/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No API endpoint at this address."}


def test_unrouted_address_outside_the_api_keeps_the_html_page(api_client, db):
    response = api_client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
