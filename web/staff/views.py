"""Pages for staff on the day: the badge scanner (gate and booth devices) and the organizer dashboard.

The scanner page is static HTML plus ``static/pages/scanner.js``: it signs in with a device setup code and then
talks only to the API with ``Authorization: Device <token>``. The dashboard is for organizers signed in with a
Django session and redraws its server-rendered SVG charts from ``?fragment=1`` every 15 seconds.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events import permissions
from events.models import Convention, MessageStatus
from events.selectors.conventions import team_conventions
from events.selectors.dashboard import dashboard_figures
from web.middleware import LANGUAGE_CODES
from web.pages import page_context
from web.staff.charts import USED_AND_FREE, Chart, bar_chart

DASHBOARD_REFRESH_SECONDS = 15


def _scanner_strings() -> dict[str, object]:
    return {
        "ok": _("OK"),
        "offline": _("offline"),
        "online": _("Online"),
        "offlineState": _("Offline"),
        "badge": _("Badge"),
        "lead": _("Lead"),
        "firstScan": _("first scanned at"),
        "leadQueued": _("Lead saved on this device; it is sent when the network is back."),
        "leadSaved": _("Lead details saved."),
        "gateMode": _("Gate check-in"),
        "boothMode": _("Lead capture"),
        "startCamera": _("Start camera"),
        "stopCamera": _("Stop camera"),
        "cameraOn": _("Hold a badge QR code in front of the camera."),
        "cameraFailed": _("The camera could not be started"),
        "needsNetwork": _("Signing in needs a network connection."),
        "setupFailed": _("This setup code is not valid."),
        "confirmSignOut": _("Sign this device out? Scans waiting to be sent stay on the device."),
        "reasons": {
            "already_checked_in": _("Already checked in"),
            "invalid_signature": _("Invalid badge"),
            "unknown": _("Unknown badge"),
            "revoked": _("Badge revoked"),
            "cancelled": _("Registration cancelled"),
            "unpaid": _("Not paid"),
            "not_valid_today": _("Not valid today"),
            "not_on_list": _("Not admitted here"),
            "room_full": _("Room full"),
            "other_convention": _("This badge belongs to another convention."),
            "needs_network_for_code": _("Registration codes can only be checked with a network connection."),
            "no_consent": _("No consent to share contact details: the lead is stored without personal data."),
            "error": _("Scan failed"),
        },
    }


def scanner(request: HttpRequest) -> HttpResponse:
    # The shell is cached by its service worker and opens offline, so it reads nothing from the database: no
    # convention of its own, hence no footer links to one's legal pages (the scanner is a tool for staff).
    context = page_context(request, strings=_scanner_strings(), site_legal_slug="")
    return render(request, "pages/staff/scanner.html", context)


def scanner_worker(request: HttpRequest) -> HttpResponse:
    """The scanner's service worker, served from /scan/ so that its scope covers the scanner page."""
    response = render(request, "pages/staff/scanner_worker.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


class OrganizerLoginView(LoginView):
    template_name = "pages/staff/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**page_context(self.request), **super().get_context_data(**kwargs)}

    def get_default_redirect_url(self) -> str:
        """Without ``next``: the organizer home of the one convention on whose team the user is, else the list of
        their conventions."""
        return organizer_home_url(self.request.user) + _lang_query(self.request)


def _lang_query(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return f"?lang={lang}" if lang in LANGUAGE_CODES else ""


def organizer_home_url(user) -> str:
    slugs = list(team_conventions(user=user).values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return reverse("web:organizer-home", args=[slugs[0]])
    if not slugs and user.exhibitor_roles.exists():
        # Exhibitor staff without a team seat sign in here with their password: their booths are in the portal.
        return reverse("exhibitor:home")
    return reverse("web:organizer-conventions")


class OrganizerLogoutView(LogoutView):
    """Sign out (POST, as Django requires) and back to the sign-in page in the same language."""

    def get_success_url(self) -> str:
        return reverse("web:login") + _lang_query(self.request)


def _charts(figures: dict) -> list[Chart]:
    ticket_types = figures["ticket_types"]
    lists = figures["checkin_lists"]
    registrations = [
        (
            formats.date_format(day, "SHORT_DATE_FORMAT"),
            [counts.get(pk, 0) for pk, _name in ticket_types],
            str(sum(counts.values())),
        )
        for day, counts in figures["registrations_per_day"]
    ]
    per_hour = [
        (hour, [counts.get(pk, 0) for pk, _name in lists], str(sum(counts.values())))
        for hour, counts in figures["checkins_per_hour"]
    ]
    gates = [
        (gate["name"], [gate["today"]], _("%(entries)s in, %(inside)s inside") % gate_caption(gate))
        for gate in figures["gates"]
    ]
    rooms = [
        (
            f"{room.room} ({room.list_name})",
            [room.inside, max((room.capacity or 0) - room.inside, 0)],
            f"{room.inside} / {room.capacity}" if room.capacity else str(room.inside),
        )
        for room in figures["rooms"]
    ]
    workshops = [
        (
            workshop.title,
            [workshop.confirmed, workshop.waitlisted],
            (f"{workshop.confirmed} / {workshop.capacity}" if workshop.capacity else str(workshop.confirmed))
            + (" · " + _("%(count)s waiting") % {"count": workshop.waitlisted} if workshop.waitlisted else ""),
        )
        for workshop in figures["workshops"]
    ]
    status_labels = {
        MessageStatus.PENDING: _("Pending"),
        MessageStatus.SENDING: _("Sending"),
        MessageStatus.SENT: _("Sent"),
        MessageStatus.FAILED: _("Failed"),
    }
    messages = [
        (label, [figures["messages"].get(status, 0)], str(figures["messages"].get(status, 0)))
        for status, label in status_labels.items()
    ]
    nothing = _("Nothing yet.")
    speaker_counts = figures["speakers"]
    speaker_rows = [
        (
            _("Speakers with a pass"),
            [speaker_counts["checked_in"], max(speaker_counts["passes"] - speaker_counts["checked_in"], 0)],
            _("%(checked_in)s of %(passes)s checked in; %(confirmed)s of %(total)s speakers confirmed")
            % speaker_counts,
        )
    ]
    return [
        bar_chart(
            chart_id="registrations",
            title=_("Registrations per day and ticket type"),
            label_header=_("Day"),
            series=[name for _pk, name in ticket_types],
            rows=registrations,
            empty_text=nothing,
        ),
        bar_chart(
            chart_id="checkins-hour",
            title=_("Check-ins per hour today"),
            label_header=_("Hour"),
            series=[name for _pk, name in lists],
            rows=per_hour,
            empty_text=nothing,
        ),
        bar_chart(
            chart_id="checkins-gate",
            title=_("Check-ins today per gate"),
            label_header=_("Check-in list"),
            series=[_("Entries today")],
            rows=gates,
            empty_text=nothing,
        ),
        bar_chart(
            chart_id="occupancy",
            title=_("Current occupancy per room"),
            label_header=_("Room"),
            series=[_("Inside"), _("Free")],
            rows=rooms,
            palette=USED_AND_FREE,
            empty_text=_("No check-in list is tied to a room."),
        ),
        bar_chart(
            chart_id="workshops",
            title=_("Workshop fill and waitlists"),
            label_header=_("Workshop"),
            series=[_("Confirmed"), _("Waiting")],
            rows=workshops,
            empty_text=_("No workshops."),
        ),
        bar_chart(
            chart_id="speakers",
            title=_("Speakers checked in"),
            label_header=_("Speakers"),
            series=[_("Checked in"), _("Not yet")],
            rows=speaker_rows if speaker_counts["total"] else [],
            palette=USED_AND_FREE,
            empty_text=_("No speakers yet."),
        ),
        bar_chart(
            chart_id="messages",
            title=_("Message delivery"),
            label_header=_("Status"),
            series=[_("Messages")],
            rows=messages,
            empty_text=nothing,
        ),
    ]


def gate_caption(gate: dict) -> dict:
    return {"entries": gate["today"], "inside": gate["inside"]}


@never_cache
@login_required(login_url="web:login")
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    convention = get_object_or_404(Convention, slug=slug)
    if not permissions.is_team_member(request.user, convention):
        raise Http404()
    figures = dashboard_figures(convention=convention, language=translation.get_language())
    context = page_context(
        request,
        convention={"name": convention.name, "slug": convention.slug, "time_zone": convention.time_zone},
        charts=_charts(figures),
        generated_at=figures["generated_at"],
        refresh_seconds=DASHBOARD_REFRESH_SECONDS,
    )
    if request.GET.get("fragment") == "1":
        return render(request, "pages/staff/_dashboard_panels.html", context)
    return render(request, "pages/staff/dashboard.html", context)
