"""The speaker's own pages open with the speaker's magic link only (a signed cookie): no account and no other
cookie opens them, so every actor here finds nothing (404); changes are POST-only (405 on GET)."""

from tests.security.page_rows import PageRow, expect


def speaker(w):
    return {"guid": w.x.objects["speaker"].guid}


def with_id(name):
    return lambda w: {**speaker(w), name: 1}


ROWS = [
    PageRow("web:speaker-home", "get", expect(404), speaker),
    PageRow("web:speaker-profile", "get", expect(404), speaker),
    PageRow("web:speaker-availability", "get", expect(404), speaker),
    PageRow("web:speaker-answer", "get", expect(405), with_id("role_id")),
    PageRow("web:speaker-material", "get", expect(405), with_id("role_id")),
    PageRow("web:speaker-material-remove", "get", expect(405), with_id("material_id")),
    PageRow("web:speaker-availability-remove", "get", expect(405), with_id("unavailability_id")),
]
