"""Session material uploads over HTTP: checked by content, stored through the storage API, served by /media/."""

from pathlib import Path

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from events.enums import SessionFormat
from events.services import followup, workshops
from tests import factories
from tests.factories import berlin
from tests.uploads_helpers import EXECUTABLE, PDF, SVG, image_bytes, png_bomb


def materials_url(session) -> str:
    return f"/api/v1/events/sccon/sessions/{session.pk}/materials/"


def post_file(client, session, data: bytes, name: str, **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(
        materials_url(session), {"title": "Slides", "kind": "document", "file": upload, **fields}, format="multipart"
    )


def test_uploaded_pdf_is_linked_in_the_follow_up_mail_and_the_link_serves_it(
    convention, organizer_client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(workshops.timezone, "now", lambda: berlin(0, 8))
    session = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Twin lab", start=berlin(0, 10)
    )
    workshops.sign_up_for_workshop(session=session, registration=factories.RegistrationFactory(convention=convention))
    mail.outbox.clear()

    created = post_file(organizer_client, session, PDF, "Twin lab.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        followup.send_due_session_materials(now=berlin(0, 12))

    assert created.status_code == 201
    link = created.json()["file"]
    assert link.startswith("http://testserver/media/session-materials/twin-lab-") and link.endswith(".pdf")
    (sent,) = mail.outbox
    path = link.removeprefix("http://testserver")
    assert f"- Slides: {settings.SITE_URL}{path}" in sent.body
    served = APIClient().get(path)
    assert (served.status_code, served["Content-Type"], b"".join(served.streaming_content)) == (
        200,
        "application/pdf",
        PDF,
    )
    assert "sandbox" in served["Content-Security-Policy"]
    assert list(Path(settings.MEDIA_ROOT, "session-materials").iterdir()) == [
        Path(settings.MEDIA_ROOT, path.removeprefix("/media/"))
    ]


def test_executable_renamed_pdf_is_refused_and_nothing_is_stored(convention, organizer_client, settings):
    session = factories.SessionFactory(convention=convention)

    response = post_file(organizer_client, session, EXECUTABLE, "slides.pdf")

    assert (response.status_code, response.json()) == (
        400,
        {
            "code": "upload_type_not_allowed",
            "message": "This type of file cannot be uploaded. Accepted: PDF, PNG, JPEG, WebP.",
        },
    )
    assert session.materials.count() == 0
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_svg_and_decompression_bomb_are_refused(convention, organizer_client):
    session = factories.SessionFactory(convention=convention)

    svg = post_file(organizer_client, session, SVG, "diagram.svg")
    bomb = post_file(organizer_client, session, png_bomb(20_000), "diagram.png")

    assert (svg.status_code, svg.json()["code"]) == (400, "upload_type_not_allowed")
    assert (bomb.status_code, bomb.json()["code"]) == (400, "upload_image_too_many_pixels")


def test_file_over_the_size_limit_is_413(convention, organizer_client, settings):
    settings.MESSE_UPLOAD_DOCUMENT_MAX_BYTES = 1024 * 1024
    session = factories.SessionFactory(convention=convention)

    response = post_file(organizer_client, session, PDF + b"0" * (1024 * 1024), "huge.pdf")

    assert (response.status_code, response.json()) == (
        413,
        {"code": "upload_too_large", "message": "The file is larger than 1 MB."},
    )


def test_uploaded_image_is_stored_reencoded(convention, organizer_client, settings):
    session = factories.SessionFactory(convention=convention)

    response = post_file(organizer_client, session, image_bytes("PNG") + b"<script>", "board.png")

    path = response.json()["file"].removeprefix("http://testserver/media/")
    stored = Path(settings.MEDIA_ROOT, path).read_bytes()
    assert (response.status_code, path.endswith(".png"), b"<script>" in stored) == (201, True, False)


def test_unpublished_material_is_served_to_organizers_only(convention, organizer, organizer_client):
    session = factories.SessionFactory(convention=convention)
    created = post_file(organizer_client, session, PDF, "draft.pdf", is_published=False)
    path = created.json()["file"].removeprefix("http://testserver")
    outsider = APIClient()
    outsider.force_authenticate(factories.UserFactory())
    web = APIClient()
    web.force_login(organizer)

    assert [APIClient().get(path).status_code, outsider.get(path).status_code, web.get(path).status_code] == [
        404,
        404,
        200,
    ]
    assert web.get(path)["Cache-Control"] == "private, no-store"


def test_media_answers_404_for_files_no_row_references_and_for_traversal(convention, settings):
    media = Path(settings.MEDIA_ROOT)
    (media / "session-materials").mkdir(parents=True)
    (media / "session-materials" / "orphan.pdf").write_bytes(PDF)
    client = APIClient()

    assert [
        client.get("/media/session-materials/orphan.pdf").status_code,
        client.get("/media/session-materials/../../config/settings.py").status_code,
        client.get("/media/%2e%2e/settings.py").status_code,
        client.get("/media/a%00b.pdf").status_code,  # a NUL is refused at the entrance
    ] == [404, 404, 404, 400]


def test_refusal_is_explained_in_german(convention, organizer_client):
    session = factories.SessionFactory(convention=convention)
    upload = SimpleUploadedFile("logo.svg", SVG)

    response = organizer_client.post(
        materials_url(session), {"title": "Logo", "file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.json()["message"] == (
        "SVG-Dateien können nicht hochgeladen werden; bitte verwenden Sie PNG, JPEG oder WebP."
    )
