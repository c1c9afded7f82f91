"""The one gate for files people upload: session material, exhibitor logos and brochures, speaker photos, slides.

A file's type is decided by its first bytes, never by its name or the browser's Content-Type: an executable
renamed ``slides.pdf`` is refused. Images are decoded and re-encoded with Pillow (which drops metadata and any
payload appended to the image), shrunk to a bounded size, and refused before decoding when their header
announces more pixels than a convention could ever need (a decompression bomb: a few KB that decode to
gigabytes). SVG is refused: it is a document that can carry scripts, and no upload needs it.

Callers pass what they accept (``DOCUMENT`` for material, ``IMAGE`` for logos and photos) and store the
returned file through the storage API (``FileField.save``), which works on the file system and on S3 alike.
"""

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from events.errors import DomainError

PDF = "pdf"
PNG = "png"
JPEG = "jpeg"
WEBP = "webp"

IMAGE = frozenset({PNG, JPEG, WEBP})
DOCUMENT = frozenset({PDF}) | IMAGE

_EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp"}
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
_SNIFF_BYTES = 512


class UploadTooLarge(DomainError):
    code = "upload_too_large"
    status = 413
    default_message = _("The file is too large.")


class UploadEmpty(DomainError):
    code = "upload_empty"
    status = 400
    default_message = _("The file is empty.")


class UploadTypeNotAllowed(DomainError):
    code = "upload_type_not_allowed"
    status = 400
    default_message = _("This type of file cannot be uploaded.")


class UploadImageInvalid(DomainError):
    code = "upload_image_invalid"
    status = 400
    default_message = _("The image could not be read; it may be damaged.")


class UploadImageTooManyPixels(DomainError):
    code = "upload_image_too_many_pixels"
    status = 400
    default_message = _("The image has too many pixels.")


@dataclass(frozen=True)
class Limits:
    """What a caller accepts. Sizes in bytes; images are shrunk to ``image_side`` pixels on their longer side."""

    max_bytes: int
    image_side: int = 2000


def document_limits() -> Limits:
    return Limits(max_bytes=settings.MESSE_UPLOAD_DOCUMENT_MAX_BYTES)


def image_limits(*, side: int = 2000) -> Limits:
    return Limits(max_bytes=settings.MESSE_UPLOAD_IMAGE_MAX_BYTES, image_side=side)


def sniff_type(head: bytes) -> str | None:
    """The type named by a file's first bytes: ``pdf``, ``png``, ``jpeg``, ``webp``, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def clean_upload(*, file: File, allowed: frozenset[str], limits: Limits) -> ContentFile:
    """Check an uploaded file and return the version to store, under a fresh name with the sniffed extension.

    Raises ``UploadEmpty``, ``UploadTooLarge``, ``UploadTypeNotAllowed`` (also for SVG and for a known type the
    caller does not accept), ``UploadImageTooManyPixels`` (checked from the header, before decoding) or
    ``UploadImageInvalid``. PDFs are stored as they came; images are re-encoded.
    """
    size = file.size if file.size is not None else None
    if size is not None and size > limits.max_bytes:
        raise _too_large(limits)
    file.seek(0)
    data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _too_large(limits)
    if not data:
        raise UploadEmpty()
    kind = sniff_type(data[:_SNIFF_BYTES])
    if kind is None or kind not in allowed:
        if _looks_like_svg(data[:_SNIFF_BYTES]):
            raise UploadTypeNotAllowed(_("SVG files cannot be uploaded; please use PNG, JPEG or WebP."))
        raise UploadTypeNotAllowed(
            _("This type of file cannot be uploaded. Accepted: %(types)s.") % {"types": _describe(allowed)}
        )
    if kind in IMAGE:
        data = _reencode_image(data, kind=kind, side=limits.image_side)
    return ContentFile(data, name=_storage_name(getattr(file, "name", "") or "", kind))


def _reencode_image(data: bytes, *, kind: str, side: int) -> bytes:
    max_pixels = settings.MESSE_UPLOAD_IMAGE_MAX_PIXELS
    max_side = settings.MESSE_UPLOAD_IMAGE_MAX_SIDE
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; every such image is refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width > max_side or height > max_side or width * height > max_pixels:
                raise _too_many_pixels(max_side)
            if _PILLOW_FORMATS[kind] != image.format:
                raise UploadImageInvalid()
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_side) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadImageInvalid() from exc
    image = ImageOps.exif_transpose(image)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == JPEG:
        image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
    elif kind == PNG:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    else:
        image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, format="WEBP", quality=88)
    return out.getvalue()


def _storage_name(original: str, kind: str) -> str:
    # The stored name never comes from the client as-is: a slug of the stem (readable in download dialogs) and a
    # random suffix, so two uploads of "slides.pdf" never overwrite each other and names cannot be guessed.
    stem = slugify(PurePath(original).stem)[:60] or "file"
    return f"{stem}-{secrets.token_hex(6)}.{_EXTENSIONS[kind]}"


def _too_many_pixels(side: int) -> UploadImageTooManyPixels:
    return UploadImageTooManyPixels(
        _("The image has too many pixels: at most %(side)s pixels a side are accepted.") % {"side": side}
    )


def _too_large(limits: Limits) -> UploadTooLarge:
    megabytes = limits.max_bytes / (1024 * 1024)
    return UploadTooLarge(_("The file is larger than %(size).0f MB.") % {"size": megabytes})


def _describe(allowed: frozenset[str]) -> str:
    names = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", WEBP: "WebP"}
    return ", ".join(names[kind] for kind in (PDF, PNG, JPEG, WEBP) if kind in allowed)


def media_path(name: str) -> str:
    """The path of Messe's own view for a stored file (``/media/…``), whatever the storage backend.

    Links always go through that view (never to the bucket directly), so it can check access and links in e-mails
    do not expire like pre-signed S3 URLs do.
    """
    from django.urls import reverse

    return reverse("web:media", kwargs={"name": name})


def media_link(name: str) -> str:
    """``media_path`` as an absolute link for e-mails and exports."""
    return f"{settings.SITE_URL}{media_path(name)}"
