"""The import page: upload, preview, confirm, result — and who may use it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events.models import ImportUpload, Session, Speaker
from tests import factories

SPEAKERS = b"external_id,name,email\nS-1,Erika Mustermann,erika@example.org\nS-2,,nobody@example.org\n"


@pytest.fixture
def browser(organizer) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def upload(client: Client, data: bytes = SPEAKERS, kind: str = "speakers", name: str = "speakers.csv"):
    return client.post(
        "/organize/sccon/imports/", {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )


def test_upload_previews_without_writing_and_confirm_imports_once(
    browser, convention, django_capture_on_commit_callbacks
):
    response = upload(browser)
    stored = ImportUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/organize/sccon/imports/{stored.pk}/"

    preview = browser.get(response["Location"])

    assert preview.status_code == 200
    assert "1 will be created" in words(preview) and "1 are refused" in words(preview)
    assert "3 speaker S-2 refused The name is empty." in words(preview)
    assert Speaker.objects.count() == 0

    refused = browser.post(response["Location"], {})
    assert refused.status_code == 409 and Speaker.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(response["Location"], {"skip_refused": "on"})
    assert done.status_code == 302
    result = browser.get(response["Location"])
    assert "1 created" in words(result) and "The name is empty." in words(result)
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Erika Mustermann"]
    stored.refresh_from_db()
    assert stored.imported_at is not None and not stored.file.storage.exists(stored.file.name)

    again = browser.post(response["Location"], {"skip_refused": "on"})
    assert again.status_code == 200 and Speaker.objects.count() == 1


def test_a_file_that_cannot_be_read_is_a_field_error(browser, convention):
    response = upload(browser, data=b"\x00\x01garbage", kind="programme", name="schedule.json")

    assert response.status_code == 400
    assert "neither a schedule.json nor a schedule.xml" in words(response)
    assert ImportUpload.objects.count() == 0


def test_read_only_members_and_strangers_cannot_import(convention, client):
    readonly = factories.UserFactory(username="reader")
    stranger = factories.UserFactory(username="stranger")
    try:
        factories.team_member  # noqa: B018  (the team roles exist: a read-only member)
    except AttributeError:
        pytest.skip("team roles are not there yet")
    readonly = factories.team_member(convention, "readonly")
    for user, status in ((readonly, 403), (stranger, 404)):
        client.force_login(user)
        assert upload(client).status_code == status
        assert client.get("/organize/sccon/imports/").status_code == status
    assert ImportUpload.objects.count() == 0 and Session.objects.count() == 0


def test_the_page_speaks_german(browser, convention):
    response = browser.get("/organize/sccon/imports/?lang=de")

    assert "Datei importieren" in words(response)


def test_a_german_preview_gives_the_refusals_and_notes_in_german(browser, convention):
    factories.HallFactory(convention=convention, name="Halle 2")
    exhibitors = (
        b"name,hall,stand,contact_email,fax\n"
        b"ACME,Halle 9,A1,\n"
        b"Beta GmbH,Halle 2,B2,keine-adresse\n"
        b",Halle 2,C3,\n"
        b"Gamma AG,Halle 2,D4,info@gamma.example\n"
    )
    stored = upload(browser, data=exhibitors, kind="exhibitors", name="exhibitors.csv")["Location"]

    german = words(browser.get(stored, HTTP_ACCEPT_LANGUAGE="de"))
    english = words(browser.get(stored))

    assert "2 Aussteller ACME abgelehnt Unbekannte Halle „Halle 9“." in german
    assert "3 Aussteller Beta GmbH abgelehnt contact_email „keine-adresse“ ist keine E-Mail-Adresse." in german
    assert "4 Aussteller abgelehnt Der Name ist leer." in german
    assert "die Spalte „fax“ importiert Messe nicht: sie wird ausgelassen" in german
    assert "Unknown hall" not in german and "is empty" not in german
    assert "Unknown hall “Halle 9”." in english and "The name is empty." in english


def test_a_file_that_cannot_be_read_is_refused_in_german(browser, convention):
    response = browser.post(
        "/organize/sccon/imports/",
        {"kind": "programme", "file": SimpleUploadedFile("schedule.json", b"\x00\x01garbage")},
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 400
    assert "Die Datei ist weder eine schedule.json noch eine schedule.xml." in words(response)
