"""Legal pages: public; the accessibility feedback form answers an empty POST with its field errors."""

from tests.security.page_rows import PageRow, expect, x_slug

ROWS = [
    PageRow("web_legal:imprint", "get", expect(200), x_slug),
    PageRow("web_legal:privacy", "get", expect(200), x_slug),
    PageRow("web_legal:terms", "get", expect(200), x_slug),
    PageRow("web_legal:accessibility", "get", expect(200), x_slug),
    PageRow("web_legal:accessibility", "post", expect(400), x_slug, data=lambda w: {}),
]
