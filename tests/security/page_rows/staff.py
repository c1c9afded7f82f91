"""Staff pages: the scanner shell (public), the sign-in page, signing out, the dashboard (X's team)."""

from tests.security.page_rows import PageRow, expect, organizer_page, x_slug

ROWS = [
    PageRow("web:scanner", "get", expect(200)),
    PageRow("web:scanner-worker", "get", expect(200)),
    # Signed-in accounts are sent on from the sign-in page (to their conventions); others see the form.
    PageRow("web:login", "get", expect(302, anonymous=200, attendee=200)),
    PageRow("web:logout", "post", expect(302), data=lambda w: {}),
    PageRow("web:dashboard", "get", organizer_page("read"), x_slug),
]
