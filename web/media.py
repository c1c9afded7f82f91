"""Stored files, streamed from the storage backend (file system or S3) with access decided per file.

One view for public and private files: published material goes to anyone (the links in follow-up e-mails),
everything else to the people ``events.permissions.can_read_stored_file`` names. A file no row references is
answered 404, as is a private file for someone who may not read it (its existence is not revealed).
"""

import mimetypes
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from events.permissions import can_read_stored_file
from events.selectors.files import stored_file


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if "\x00" in name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise Http404
    return name


class MediaView(APIView):
    """A DRF view only for its authentication: organizers' API tokens, session logins and booth devices alike."""

    permission_classes = [AllowAny]
    schema = None  # a file download, not an API operation: not in the OpenAPI schema

    def get(self, request: Request, name: str) -> FileResponse:
        return serve(request, name)


def serve(request: HttpRequest | Request, name: str) -> FileResponse:
    name = _safe_name(name)
    stored = stored_file(name=name)
    if stored is None or not can_read_stored_file(request.user, stored):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=PurePosixPath(name).name)
    # Uploaded content never runs as a page of this site, whatever it contains.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if stored.is_public else "private, no-store"
    if not stored.is_public:
        response["Vary"] = "Cookie, Authorization"
    return response
