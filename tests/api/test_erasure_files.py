"""Erasure reaches derived files: no stored file and no cache entry holds the attendee's name afterwards."""

import pickle
from pathlib import Path

import pypdfium2
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from events.models import BadgePrintJob
from tests import factories

FIRST, LAST = "Wilhelmina", "Zwackelmann"


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def stored_texts(root: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts[str(path.relative_to(root))] = (pdf_text(data) if data.startswith(b"%PDF") else "") + data.decode(
            "latin-1"
        )
    return texts


def cached_values() -> list[bytes]:
    # The test cache is Django's local-memory cache, which keeps every value pickled.
    return [value if isinstance(value, bytes) else pickle.dumps(value) for value in cache._cache.values()]


@pytest.fixture
def attendee(convention):
    registration = factories.RegistrationFactory(
        convention=convention, first_name=FIRST, last_name=LAST, access_token="wilhelmina-token"
    )
    factories.RegistrationFactory(convention=convention, first_name="Ada", last_name="Lovelace")
    return registration


def test_after_erasure_no_stored_file_and_no_cache_entry_holds_the_name(
    convention, attendee, organizer_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = organizer_client.post(f"/api/v1/events/{convention.slug}/badges/print/", {}, format="json")
    job_url = f"/api/v1/events/{convention.slug}/badges/print/{created.json()['id']}/"
    before = organizer_client.get(organizer_client.get(job_url).json()["download_url"])
    assert LAST in pdf_text(b"".join(before.streaming_content))
    for path in ("/events/sccon/", "/api/v1/events/sccon/schedule.json", f"/api/v1/registrations/{attendee.code}/"):
        APIClient(HTTP_AUTHORIZATION="Bearer wilhelmina-token").get(path)
    assert any(LAST in text for text in stored_texts(Path(settings.MEDIA_ROOT)).values())

    attendee_client = APIClient()
    attendee_client.credentials(HTTP_AUTHORIZATION="Bearer wilhelmina-token")
    with django_capture_on_commit_callbacks(execute=True):
        erased = attendee_client.post(f"/api/v1/registrations/{attendee.code}/erase/")

    assert erased.status_code == 200
    job = organizer_client.get(job_url).json()
    assert (job["status"], job["total"]) == ("done", 1)
    after = pdf_text(b"".join(organizer_client.get(job["download_url"]).streaming_content))
    assert ("Lovelace" in after, LAST in after, FIRST in after) == (True, False, False)
    texts = stored_texts(Path(settings.MEDIA_ROOT))
    assert [name for name, text in texts.items() if LAST in text or FIRST in text] == []
    assert len(texts) == 1  # the old PDF is gone, not only replaced in the row
    assert [v for v in cached_values() if LAST.encode() in v or FIRST.encode() in v] == []


def test_a_build_running_during_the_erasure_does_not_keep_its_file(convention, attendee, organizer, settings):
    from events.services import badge_printing, privacy

    job = BadgePrintJob.objects.create(convention=convention, filters={})
    real_render = badge_printing.render_pdf

    def render_then_erase(**kwargs):
        pdf = real_render(**kwargs)
        privacy.erase_registration(registration=attendee, actor=organizer)  # lands while this build renders
        return pdf

    badge_printing.render_pdf = render_then_erase
    try:
        superseded = badge_printing.build_badge_print_job(job_id=job.pk)
    finally:
        badge_printing.render_pdf = real_render
    rebuilt = badge_printing.build_badge_print_job(job_id=job.pk)

    assert superseded is None
    assert (rebuilt.status, rebuilt.total) == ("done", 1)
    assert [LAST in text for text in stored_texts(Path(settings.MEDIA_ROOT)).values()] == [False]
