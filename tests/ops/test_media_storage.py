"""Uploaded files go through the storage API: S3-compatible in production (environment), anything Django offers."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests import factories
from tests.uploads_helpers import PDF

REPO = Path(__file__).resolve().parents[2]


def test_bucket_variables_select_the_s3_storage(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "MESSE_VAR_DIR": str(tmp_path),
        "MESSE_MEDIA_S3_BUCKET": "messe-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    script = (
        "import django, json; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, s.bucket_name, s.endpoint_url,"
        " s.querystring_auth, s.file_overwrite]))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "storages.backends.s3.S3Storage",
        "messe-media",
        "https://s3.example.org",
        True,
        False,
    ]


def test_material_is_written_and_served_through_the_configured_storage(convention, organizer_client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    session = factories.SessionFactory(convention=convention)

    created = organizer_client.post(
        f"/api/v1/events/sccon/sessions/{session.pk}/materials/",
        {"title": "Slides", "kind": "document", "file": SimpleUploadedFile("s.pdf", PDF)},
        format="multipart",
    )
    served = APIClient().get(created.json()["file"].removeprefix("http://testserver"))

    assert (served.status_code, b"".join(served.streaming_content)) == (200, PDF)
    assert not Path(settings.MEDIA_ROOT).exists()
