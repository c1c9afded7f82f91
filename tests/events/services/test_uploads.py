import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.services import uploads
from tests.uploads_helpers import ELF, EXECUTABLE, PDF, SVG, image_bytes, png_bomb


def upload(data: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def clean(data: bytes, name: str = "file.bin", allowed=uploads.DOCUMENT, max_bytes: int = 1024 * 1024):
    return uploads.clean_upload(file=upload(data, name), allowed=allowed, limits=uploads.Limits(max_bytes=max_bytes))


def test_pdf_is_kept_as_uploaded_under_a_fresh_name():
    cleaned = clean(PDF, "Folien Tag 1.pdf")

    assert cleaned.read() == PDF
    assert cleaned.name.startswith("folien-tag-1-") and cleaned.name.endswith(".pdf")
    assert cleaned.name != clean(PDF, "Folien Tag 1.pdf").name


@pytest.mark.parametrize(
    "data", [EXECUTABLE, ELF, b"just some text", b"PK\x03\x04zip"], ids=["exe", "elf", "txt", "zip"]
)
def test_content_that_is_no_accepted_type_is_refused_whatever_its_name(data):
    with pytest.raises(uploads.UploadTypeNotAllowed) as refused:
        clean(data, "slides.pdf")

    assert (refused.value.code, refused.value.status) == ("upload_type_not_allowed", 400)
    assert str(refused.value.message) == "This type of file cannot be uploaded. Accepted: PDF, PNG, JPEG, WebP."


def test_svg_is_refused_with_its_own_message():
    with pytest.raises(uploads.UploadTypeNotAllowed) as refused:
        clean(SVG, "logo.svg", allowed=uploads.IMAGE)

    assert str(refused.value.message) == "SVG files cannot be uploaded; please use PNG, JPEG or WebP."


def test_a_pdf_is_refused_where_only_images_are_accepted():
    with pytest.raises(uploads.UploadTypeNotAllowed):
        clean(PDF, "logo.pdf", allowed=uploads.IMAGE)


def test_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(uploads.UploadTooLarge) as refused:
        clean(PDF + b"0" * 2048, max_bytes=1024)

    assert (refused.value.code, refused.value.status, str(refused.value.message)) == (
        "upload_too_large",
        413,
        "The file is larger than 0 MB.",
    )


def test_empty_file_is_refused():
    with pytest.raises(uploads.UploadEmpty):
        clean(b"")


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_images_are_reencoded_without_trailing_payload(fmt, extension):
    data = image_bytes(fmt) + b"<?php system($_GET['c']); ?>"

    cleaned = clean(data, "photo.bin")

    stored = cleaned.read()
    assert b"<?php" not in stored
    assert cleaned.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(stored)).size == (64, 48)


def test_large_images_are_shrunk_to_the_callers_side():
    cleaned = uploads.clean_upload(
        file=upload(image_bytes("JPEG", size=(3000, 1500)), "hall.jpg"),
        allowed=uploads.IMAGE,
        limits=uploads.Limits(max_bytes=10 * 1024 * 1024, image_side=800),
    )

    assert Image.open(io.BytesIO(cleaned.read())).size == (800, 400)


def test_decompression_bomb_is_refused_from_its_header():
    bomb = png_bomb(20_000)
    assert len(bomb) < 10_000

    with pytest.raises(uploads.UploadImageTooManyPixels) as refused:
        clean(bomb, "tiny.png")

    assert refused.value.code == "upload_image_too_many_pixels"
    assert str(refused.value.message) == "The image has too many pixels: at most 8000 pixels a side are accepted."


def test_image_just_over_the_side_limit_is_refused_before_decoding(settings):
    settings.MESSE_UPLOAD_IMAGE_MAX_SIDE = 1000

    with pytest.raises(uploads.UploadImageTooManyPixels):
        clean(png_bomb(1008), "wide.png")


def test_damaged_image_is_refused():
    with pytest.raises(uploads.UploadImageInvalid):
        clean(image_bytes("PNG")[:60], "cut.png")
