"""Public pages: anyone reads the released programme, speakers and exhibitors."""

from tests.security.page_rows import PageRow, expect, x_slug

EVERYONE = expect(200)

ROWS = [
    PageRow("web:conventions", "get", EVERYONE),
    PageRow("web:programme", "get", EVERYONE, x_slug),
    PageRow("web:session", "get", EVERYONE, lambda w: {**x_slug(w), "session_id": w.x.objects["session"].pk}),
    PageRow("web:session-ics", "get", EVERYONE, lambda w: {**x_slug(w), "session_id": w.x.objects["session"].pk}),
    PageRow("web:speakers", "get", EVERYONE, x_slug),
    PageRow("web:speaker", "get", EVERYONE, lambda w: {**x_slug(w), "speaker_id": w.x.objects["speaker"].pk}),
    PageRow("web:exhibitors", "get", EVERYONE, x_slug),
    PageRow("web:exhibitor", "get", EVERYONE, lambda w: {**x_slug(w), "exhibitor_slug": w.x.objects["exhibitor"].slug}),
    # Another convention's session under X's slug does not exist.
    PageRow("web:session", "get", expect(404), lambda w: {**x_slug(w), "session_id": w.y.objects["session"].pk}),
]
