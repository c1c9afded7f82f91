"""Shared set-up for badge, check-in and lead tests: real services, no shortcuts around the signature."""

import io
import itertools

import pypdfium2
import zxingcpp
from PIL import Image

from events.models import CheckinList
from events.services import badges

DAY_ONE = "2025-09-30T10:00:00+02:00"
DAY_TWO = "2025-10-01T10:00:00+02:00"
_nonces = itertools.count(1)


def nonce() -> str:
    return f"nonce-{next(_nonces):08d}"


def badge_code(registration) -> str:
    return badges.get_or_issue_badge(registration=registration).code


def entrance(convention, **fields) -> CheckinList:
    fields.setdefault("name", f"Entrance {next(_nonces)}")
    return CheckinList.objects.create(convention=convention, **fields)


def scan_url(checkin_list) -> str:
    return f"/api/v1/events/{checkin_list.convention.slug}/checkin-lists/{checkin_list.pk}/scans/"


def scan(client, checkin_list, code: str, **extra):
    body = {"code": code, "nonce": extra.pop("nonce", None) or nonce(), "scanned_at": DAY_ONE, **extra}
    if body["scanned_at"] is None:
        del body["scanned_at"]
    return client.post(scan_url(checkin_list), body, format="json")


def decode_qr_png(data: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


def decode_qr_pdf(data: bytes) -> list[list[str]]:
    """Render every PDF page as a bitmap (like a print preview) and decode the QR codes on it."""
    document = pypdfium2.PdfDocument(data)
    pages = []
    for page in document:
        image = page.render(scale=300 / 72).to_pil()
        pages.append([result.text for result in zxingcpp.read_barcodes(image)])
    return pages
