"""An attendee's pages: registration (anyone), and their own pages with the magic-link cookie only."""

from tests.security.page_rows import PageRow, expect, x_slug

# Only the attendee whose magic link this browser opened sees the registration; nobody else learns it exists.
OWN = expect(404, attendee=200)
# State changes are POST-only.
POST_ONLY = expect(405)


def code(w):
    return {"code": w.x.objects["attendee"].code}


def code_session(w):
    return {**code(w), "session_id": w.x.objects["session"].pk}


ROWS = [
    PageRow("web:register", "get", expect(200), x_slug),
    PageRow("web:register", "post", expect(400), x_slug, data=lambda w: {}),
    PageRow("web:register-done", "get", expect(404), x_slug),  # no ?code=: nothing to show
    PageRow("web:resend-link", "get", expect(200), x_slug),
    PageRow("web:resend-link", "post", expect(400), x_slug, data=lambda w: {}),
    PageRow("web:workshop-signup", "get", POST_ONLY, lambda w: {**x_slug(w), "session_id": w.x.objects["session"].pk}),
    PageRow("web:my-registration", "get", OWN, code),
    PageRow("web:badge-pdf", "get", OWN, code),
    PageRow("web:badge-png", "get", OWN, code),
    PageRow("web:withdraw-consent", "get", POST_ONLY, code),
    PageRow("web:remove-bookmark", "get", POST_ONLY, code_session),
    PageRow("web:leave-workshop", "get", POST_ONLY, code_session),
    PageRow("web:rotate-calendar-feed", "get", POST_ONLY, code),
    PageRow("web:cancel-registration", "get", OWN, code),
    # Another attendee's registration, with attendee A's cookie: not found either.
    PageRow("web:my-registration", "get", expect(404), lambda w: {"code": w.x.objects["registration"].code}),
]
