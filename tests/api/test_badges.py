import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Badge, BadgePrintJob, RegistrationStatus
from events.services import badges
from events.services.badge_codes import InvalidBadgeCode, verify_code
from tests.checkin_helpers import decode_qr_pdf, decode_qr_png, entrance, scan
from tests.factories import ConventionFactory, RegistrationFactory, TicketTypeFactory, UserFactory


def attendee_client(registration, token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def registration(convention):
    return RegistrationFactory(
        convention=convention, code="K7MPX3QA", access_token="token-of-erika", first_name="Erika", last_name="Muster"
    )


def test_badge_png_round_trip_is_accepted_at_the_gate(registration, organizer_client):
    response = attendee_client(registration, "token-of-erika").get("/api/v1/registrations/K7MPX3QA/badge.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    decoded = decode_qr_png(response.content)
    assert decoded == [Badge.objects.get(registration=registration).code]
    answer = scan(organizer_client, entrance(registration.convention), decoded[0])
    assert answer.json()["result"] == "ok"
    assert answer.json()["attendee"]["name"] == "Erika Muster"


def test_badge_pdf_round_trip_is_accepted_at_the_gate(registration, organizer_client):
    response = organizer_client.get("/api/v1/registrations/K7MPX3QA/badge.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = decode_qr_pdf(response.content)
    assert pages == [[Badge.objects.get(registration=registration).code]]
    assert scan(organizer_client, entrance(registration.convention), pages[0][0]).json()["result"] == "ok"


def test_badge_issuance_is_lazy_and_idempotent(registration):
    client = attendee_client(registration, "token-of-erika")
    assert Badge.objects.count() == 0

    first = decode_qr_png(client.get("/api/v1/registrations/K7MPX3QA/badge.png").content)
    second = decode_qr_pdf(client.get("/api/v1/registrations/K7MPX3QA/badge.pdf").content)[0]

    assert first == second
    assert Badge.objects.filter(registration=registration).count() == 1


def test_badge_of_someone_else_is_not_found(registration, convention):
    other = RegistrationFactory(convention=convention, access_token="token-of-other")
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())

    assert attendee_client(other, "token-of-other").get("/api/v1/registrations/K7MPX3QA/badge.png").status_code == 404
    assert stranger.get("/api/v1/registrations/K7MPX3QA/badge.pdf").status_code == 404
    assert APIClient().get("/api/v1/registrations/K7MPX3QA/badge.png").status_code == 401
    assert Badge.objects.count() == 0


def test_cancelled_registration_gets_no_badge(convention, organizer_client):
    RegistrationFactory(convention=convention, code="CANCELD2", status=RegistrationStatus.CANCELLED)

    response = organizer_client.get("/api/v1/registrations/CANCELD2/badge.png")

    assert response.status_code == 409
    assert response.json()["code"] == "badge_not_available"


def test_reprint_revokes_the_old_code(registration, organizer_client):
    old_code = badges.get_or_issue_badge(registration=registration).code
    gate = entrance(registration.convention)

    response = organizer_client.post("/api/v1/registrations/K7MPX3QA/badge/reprint/")

    new_code = response.json()["code"]
    assert response.status_code == 201
    assert new_code != old_code
    assert scan(organizer_client, gate, old_code).json()["reason"] == "revoked"
    assert scan(organizer_client, gate, new_code).json()["result"] == "ok"


def test_offline_verification_with_published_keys_and_revocation_list(convention, organizer_client):
    kept, cancelled, reprinted = (RegistrationFactory(convention=convention) for _ in range(3))
    kept_code = badges.get_or_issue_badge(registration=kept).code
    badges.rotate_signing_key(convention=convention)  # later badges use key 2; key 1 stays published
    cancelled_code = badges.get_or_issue_badge(registration=cancelled).code
    reprinted_old = badges.get_or_issue_badge(registration=reprinted).code
    reprinted_new = badges.reprint_badge(registration=reprinted).code
    badges.revoke_badges(registration=cancelled)

    published = organizer_client.get(f"/api/v1/events/{convention.slug}/checkin/keys/").json()

    keys = {
        k["key_id"]: Ed25519PublicKey.from_public_bytes(base64.b64decode(k["public_key"])) for k in published["keys"]
    }
    revoked = set(published["revoked_badge_ids"])

    def offline_accepts(code: str) -> bool:
        try:
            payload = verify_code(code, public_keys=keys, convention_id=published["convention_id"])
        except InvalidBadgeCode:
            return False
        return payload.badge_id not in revoked

    assert [k["key_id"] for k in published["keys"]] == [1, 2]
    assert "private" not in str(published).lower()
    assert [offline_accepts(c) for c in (kept_code, cancelled_code, reprinted_old, reprinted_new)] == [
        True,
        False,
        False,
        True,
    ]
    assert offline_accepts(kept_code[:-1] + ("A" if kept_code[-1] != "A" else "B")) is False


def test_keys_version_grows_with_a_revocation(convention, organizer_client):
    registration = RegistrationFactory(convention=convention)
    badges.get_or_issue_badge(registration=registration)
    url = f"/api/v1/events/{convention.slug}/checkin/keys/"
    before = organizer_client.get(url).json()["version"]

    badges.revoke_badges(registration=registration)

    assert organizer_client.get(url).json()["version"] > before


def test_keys_are_not_served_to_other_users(convention):
    client = APIClient()
    client.force_authenticate(UserFactory())

    assert client.get(f"/api/v1/events/{convention.slug}/checkin/keys/").status_code == 404


def test_bulk_print_builds_one_pdf_with_progress(convention, organizer_client, django_capture_on_commit_callbacks):
    day_pass = TicketTypeFactory(convention=convention)
    wanted = [RegistrationFactory(convention=convention, ticket_type=day_pass, last_name=f"A{i}") for i in range(3)]
    RegistrationFactory(convention=convention)  # another ticket type: not printed

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            f"/api/v1/events/{convention.slug}/badges/print/", {"ticket_type_ids": [day_pass.pk]}, format="json"
        )
    job = organizer_client.get(f"/api/v1/events/{convention.slug}/badges/print/{response.json()['id']}/").json()
    pdf = organizer_client.get(job["download_url"])

    assert response.status_code == 202
    assert (job["status"], job["total"], job["done"]) == ("done", 3, 3)
    pages = decode_qr_pdf(b"".join(pdf.streaming_content))
    assert pages == [[Badge.objects.get(registration=r, revoked_at=None).code] for r in wanted]


def test_bulk_print_job_runs_once(convention, organizer):
    from events.services import badge_printing

    job = BadgePrintJob.objects.create(convention=convention, requested_by=organizer)
    RegistrationFactory(convention=convention)

    assert badge_printing.build_badge_print_job(job_id=job.pk).status == "done"
    assert badge_printing.build_badge_print_job(job_id=job.pk) is None


def test_bulk_print_of_another_convention_is_not_found(organizer_client):
    other = ConventionFactory()

    response = organizer_client.post(f"/api/v1/events/{other.slug}/badges/print/", {}, format="json")

    assert response.status_code == 404


def test_cancelled_registration_is_refused_offline_even_before_revocation(convention, organizer_client):
    registration = RegistrationFactory(convention=convention)
    badge = badges.get_or_issue_badge(registration=registration)
    url = f"/api/v1/events/{convention.slug}/checkin/keys/"
    before = organizer_client.get(url).json()

    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save()
    after = organizer_client.get(url).json()

    assert (before["revoked_badge_ids"], after["revoked_badge_ids"]) == ([], [badge.pk])
    assert after["version"] > before["version"]


def test_key_rotation_keeps_old_badges_scannable(convention, organizer_client):
    old_code = badges.get_or_issue_badge(registration=RegistrationFactory(convention=convention)).code

    rotated = organizer_client.post(f"/api/v1/events/{convention.slug}/checkin/keys/rotate/")
    new_code = badges.get_or_issue_badge(registration=RegistrationFactory(convention=convention)).code

    gate = entrance(convention)
    assert (rotated.status_code, rotated.json()["key_id"]) == (201, 2)
    assert [scan(organizer_client, gate, code).json()["result"] for code in (old_code, new_code)] == ["ok", "ok"]


def test_new_secret_key_signs_new_badges_with_a_fresh_key_and_old_badges_still_scan(
    convention, organizer_client, settings
):
    old_code = badges.get_or_issue_badge(registration=RegistrationFactory(convention=convention)).code

    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 40
    badges.forget_cached_keys()  # a restarted server with the new SECRET_KEY
    new_code = badges.get_or_issue_badge(registration=RegistrationFactory(convention=convention)).code

    gate = entrance(convention)
    assert [scan(organizer_client, gate, code).json()["result"] for code in (old_code, new_code)] == ["ok", "ok"]
    keys = organizer_client.get(f"/api/v1/events/{convention.slug}/checkin/keys/").json()
    assert sorted(key["key_id"] for key in keys["keys"]) == [1, 2]
