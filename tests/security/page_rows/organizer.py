"""The organizer area's shell and team page (web/organizer/): X's team by role, nobody else."""

from tests.security.page_rows import PageRow, expect, organizer_page, x_slug


def member(w, actor="readonly_x"):
    return {**x_slug(w), "member_id": w.members[actor].pk}


INVITE = {"email": "new.curator@example.org", "role": "curator", "language": "en"}

ROWS = [
    # Every signed-in account has a list of its conventions (empty for most).
    PageRow("web:organizer-conventions", "get", expect(200, anonymous=302, attendee=302)),
    PageRow("web:organizer-home", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-home", "get", organizer_page("read"), x_slug, query="?lang=en"),
    # Y's organizer home is Y's: X's team finds nothing there.
    PageRow(
        "web:organizer-home",
        "get",
        expect(404, anonymous=302, attendee=302, organizer_y=200, superuser=200),
        lambda w: {"slug": w.y.convention.slug},
    ),
    # A sign-in link that is not one: the same page for everyone.
    PageRow(
        "web:organizer-sign-in-link",
        "get",
        expect(404),
        lambda w: {**x_slug(w), "uid": "MQ", "token": "not-a-valid-link"},
    ),
    PageRow(
        "web:organizer-sign-in-link",
        "post",
        expect(404),
        lambda w: {**x_slug(w), "uid": "MQ", "token": "not-a-valid-link"},
        data=lambda w: {},
    ),
    # The team page: owners only. A valid invitation redirects back to the team (rolled back afterwards).
    PageRow("web:organizer-team", "get", organizer_page("team"), x_slug),
    PageRow(
        "web:organizer-team",
        "post",
        organizer_page("team", ok=302),
        x_slug,
        data=lambda w: {**INVITE, "rooms": [w.x.objects["stage"].pk]},
    ),
    PageRow("web:organizer-team", "post", organizer_page("team", ok=400), x_slug, data=lambda w: {}),
    PageRow("web:organizer-team-member", "get", organizer_page("team"), member),
    PageRow(
        "web:organizer-team-member",
        "post",
        organizer_page("team", ok=302),
        member,
        data=lambda w: {"role": "organizer"},
    ),
    # Another convention's member under X's slug does not exist, not even for X's owner.
    PageRow(
        "web:organizer-team-member",
        "get",
        organizer_page("team", ok=404),
        lambda w: {**x_slug(w), "member_id": w.members["organizer_y"].pk},
    ),
    PageRow("web:organizer-team-remove", "get", expect(405), member),
    PageRow("web:organizer-team-remove", "post", organizer_page("team", ok=302), member, data=lambda w: {}),
    # Sending an invitation again: owners only, POST only; the answer (sent, or why not) is a message on the team
    # page, for another convention's member under X's slug too (it is not on X's team: nothing is sent).
    PageRow("web:organizer-team-resend", "get", expect(405), member),
    PageRow("web:organizer-team-resend", "post", organizer_page("team", ok=302), member, data=lambda w: {}),
    PageRow(
        "web:organizer-team-resend",
        "post",
        organizer_page("team", ok=302),
        lambda w: {**x_slug(w), "member_id": w.members["organizer_y"].pk},
        data=lambda w: {},
    ),
]
