"""Uploaded files: unpublished session material only for X's team (and the operator)."""

from tests.security.page_rows import PageRow, expect

ROWS = [
    PageRow(
        "web:media",
        "get",
        expect(404, owner_x=200, organizer_x=200, curator_x=200, readonly_x=200, superuser=200),
        lambda w: {"name": w.x.objects["material"].file.name},
    ),
]
