"""Uploads in the exhibitor portal: logo and materials go through events.services.uploads; bad files are refused
with a clear error on the form and nothing is stored."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import ExhibitorChange, ExhibitorMaterial, OutboundMessage
from events.services import exhibitor_staff
from tests import factories
from tests.uploads_helpers import EXECUTABLE, PDF, SVG


@pytest.fixture
def manager_client(client, convention):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email="ada@govtech.example", is_manager=True, invited_by=None)
    path = re.search(r"(/exhibitor/invitations/[\w-]+/)", OutboundMessage.objects.get().body_text).group(1)
    client.post(path, {"first_name": "Ada", "last_name": "Lovelace", "accept_terms": "on"})
    client.exhibitor = exhibitor
    return client


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


BAD_MATERIALS = {
    "30 MB PDF": (b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024), "larger than 20 MB"),
    "executable renamed .pdf": (EXECUTABLE, "cannot be uploaded"),
    "SVG with a script": (SVG, "SVG files cannot be uploaded"),
    "20,000 px image": (png(20_000, 10), "too many pixels"),
}


@pytest.mark.parametrize("case", BAD_MATERIALS, ids=list(BAD_MATERIALS))
def test_bad_material_is_refused_with_a_clear_error_and_nothing_stored(manager_client, settings, case):
    data, message = BAD_MATERIALS[case]
    upload = SimpleUploadedFile("brochure.pdf", data, content_type="application/pdf")

    response = manager_client.post(
        f"/exhibitor/{manager_client.exhibitor.pk}/materials/", {"title": "Brochure", "file": upload}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (ExhibitorMaterial.objects.count(), stored_files(settings)) == (0, [])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.svg", SVG, "SVG files cannot be uploaded"),
        ("logo.png", png(20_000, 10), "too many pixels"),
        ("logo.png", EXECUTABLE, "cannot be uploaded"),
    ],
    ids=["svg-with-script", "20000px", "executable"],
)
def test_bad_logo_is_refused_and_nothing_stored(manager_client, settings, name, data, message):
    response = manager_client.post(
        f"/exhibitor/{manager_client.exhibitor.pk}/profile/",
        {"name": "GovTech Berlin", "logo": SimpleUploadedFile(name, data)},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (ExhibitorChange.objects.count(), stored_files(settings)) == (0, [])


def test_logo_is_re_encoded_resized_and_public(manager_client, settings, convention):
    big = io.BytesIO()
    Image.new("RGB", (3000, 1500), (31, 111, 235)).save(big, format="PNG")

    manager_client.post(
        f"/exhibitor/{manager_client.exhibitor.pk}/profile/",
        {"name": "GovTech Berlin", "logo": SimpleUploadedFile("logo.png", big.getvalue())},
    )

    manager_client.exhibitor.refresh_from_db()
    logo = manager_client.exhibitor.logo
    assert Image.open(logo.open()).size == (800, 400)
    page = manager_client.get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()
    assert f'src="/media/{logo.name}"' in page
    assert manager_client.get(f"/media/{logo.name}").status_code == 200


def test_pdf_material_is_stored_and_offered(manager_client, convention):
    response = manager_client.post(
        f"/exhibitor/{manager_client.exhibitor.pk}/materials/",
        {"title": "Brochure", "file": SimpleUploadedFile("brochure.pdf", PDF)},
    )

    assert response.status_code == 302
    material = ExhibitorMaterial.objects.get()
    assert material.file.name.startswith("exhibitor-materials/brochure-")
    page = manager_client.get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()
    assert "Brochure" in page
