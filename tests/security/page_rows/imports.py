"""The import page of convention X: owners and organizers only ("change"); read-only members and curators 403.
An upload of Y addressed under X's slug is not found. An empty upload form is 400 with field errors; confirming
an upload that imports cleanly redirects to its result."""

from events.models import ImportKind
from events.services import imports
from tests.security.page_rows import PageRow, organizer_page, x_slug

CHANGE = organizer_page("change")
CHANGE_FORM_ERRORS = organizer_page("change", ok=400)
CHANGE_REDIRECTS = organizer_page("change", ok=302)
SPEAKERS = b"external_id,name\nMATRIX-1,Erika Matrix\n"


def upload_of(convention):
    return imports.store_upload(
        convention=convention,
        kind=ImportKind.SPEAKERS,
        filename="speakers.csv",
        data=SPEAKERS,
        options=imports.ImportOptions(),
        uploaded_by=None,
    )


def x_upload(w):
    return {**x_slug(w), "upload_id": upload_of(w.x.convention).pk}


def y_upload_under_x(w):
    return {**x_slug(w), "upload_id": upload_of(w.y.convention).pk}


ROWS = [
    PageRow("web:organizer-imports", "get", CHANGE, x_slug),
    PageRow("web:organizer-imports", "post", CHANGE_FORM_ERRORS, x_slug, data=lambda w: {}),
    PageRow("web:organizer-imports-preview", "get", CHANGE, x_upload),
    PageRow("web:organizer-imports-preview", "post", CHANGE_REDIRECTS, x_upload, data=lambda w: {}),
    PageRow(
        "web:organizer-imports-preview",
        "get",
        organizer_page("change", ok=404),
        y_upload_under_x,
        note="Y's upload under X's slug",
    ),
]
