"""The organizer area's speaker pages (web/organizer/speakers/): X's team reads the list; changes are POST-only."""

from tests.security.page_rows import PageRow, expect, organizer_page, x_slug

ROWS = [
    PageRow("web:organizer-speakers", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-speakers-add", "get", expect(405), x_slug),
    PageRow("web:organizer-speakers-resend", "get", expect(405), lambda w: {**x_slug(w), "role_id": 999_999}),
    PageRow("web:organizer-speakers-publish", "get", expect(405), lambda w: {**x_slug(w), "material_id": 999_999}),
]
