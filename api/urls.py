"""Routes of the Messe API, all under ``/api/v1/``, grouped by area.

* ``auth/…`` — organizer API tokens.
* ``events/<slug>/…`` — public reads of released content (no authentication) and the convention-scoped
  endpoints of each area (schedule, check-in, badges, ticketing, registrations, agenda, messaging, privacy).
* ``manage/events/…`` — organizers' reads and writes of the live data (``Authorization: Token …``).
* ``registrations/<code>/…``, ``devices/…``, ``exhibitors/<id>/…`` — resources addressed by their own key.

Add a route to its area's list below (or a new list for a new area, joined into ``urlpatterns`` at the end);
convention-scoped ones as ``events/<str:slug>/<resource>/``.
"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from api.views import (
    agenda,
    auth,
    badges,
    checkin,
    conventions,
    device_profile,
    devices,
    exhibitors,
    leads,
    messaging,
    payments,
    privacy,
    registrations,
    schedule,
    sessions,
    speakers,
    ticketing,
    venue,
    webhooks,
)

app_name = "api"

# Gate scans. First in ``urlpatterns``: every gate posts here at once, and Django tries the patterns in order.
scan_routes = [
    path("events/<str:slug>/checkin-lists/<int:list_id>/scans/", checkin.ScanView.as_view(), name="scans"),
]

auth_routes = [
    path("auth/token/", auth.AuthTokenView.as_view(), name="auth-token"),
]

# Public reads of a convention's released programme and venue.
public_routes = [
    path("events/", conventions.PublicConventionList.as_view(), name="event-list"),
    path("events/<str:slug>/", conventions.PublicConventionDetail.as_view(), name="event-detail"),
    path("events/<str:slug>/sessions/", sessions.PublicSessionList.as_view(), name="session-list"),
    path("events/<str:slug>/sessions/<str:session_id>/", sessions.PublicSessionDetail.as_view(), name="session-detail"),
    path("events/<str:slug>/speakers/", speakers.PublicSpeakerList.as_view(), name="speaker-list"),
    path("events/<str:slug>/speakers/<str:speaker_id>/", speakers.PublicSpeakerDetail.as_view(), name="speaker-detail"),
    path("events/<str:slug>/rooms/", venue.PublicRoomList.as_view(), name="room-list"),
    path("events/<str:slug>/tracks/", venue.PublicTrackList.as_view(), name="track-list"),
    path("events/<str:slug>/exhibitors/", exhibitors.PublicExhibitorList.as_view(), name="exhibitor-list"),
]

# Organizers' live data: the convention and its halls, rooms, tracks, speakers, sessions and exhibitors.
SCOPED = r"manage/events/(?P<slug>[^/]+)"
manage_router = SimpleRouter()
manage_router.register(r"manage/events", conventions.ManageConventionViewSet, basename="manage-convention")
manage_router.register(rf"{SCOPED}/halls", venue.ManageHallViewSet, basename="manage-hall")
manage_router.register(rf"{SCOPED}/rooms", venue.ManageRoomViewSet, basename="manage-room")
manage_router.register(rf"{SCOPED}/tracks", venue.ManageTrackViewSet, basename="manage-track")
manage_router.register(rf"{SCOPED}/speakers", speakers.ManageSpeakerViewSet, basename="manage-speaker")
manage_router.register(rf"{SCOPED}/sessions", sessions.ManageSessionViewSet, basename="manage-session")
manage_router.register(rf"{SCOPED}/exhibitors", exhibitors.ManageExhibitorViewSet, basename="manage-exhibitor")
manage_router.register(rf"{SCOPED}/webhooks", webhooks.ManageWebhookEndpointViewSet, basename="manage-webhook")

# Schedule: warnings and releases (organizers), versions and exports (public).
schedule_routes = [
    path("events/<str:slug>/schedule/warnings/", schedule.ScheduleWarningsView.as_view(), name="schedule-warnings"),
    path("events/<str:slug>/schedule/releases/", schedule.ScheduleReleasesView.as_view(), name="schedule-releases"),
    path("events/<str:slug>/schedule/versions/", schedule.ScheduleVersionsView.as_view(), name="schedule-versions"),
    path("events/<str:slug>/schedule.json", schedule.ScheduleJsonView.as_view(), name="schedule-json"),
    path("events/<str:slug>/schedule.xml", schedule.ScheduleXmlView.as_view(), name="schedule-xml"),
    path("events/<str:slug>/schedule.ics", schedule.ScheduleIcsView.as_view(), name="schedule-ics"),
]

# Check-in: signing keys, counters, lists, scan batches and annulments.
checkin_routes = [
    path("events/<str:slug>/checkin/keys/", checkin.CheckinKeysView.as_view(), name="checkin-keys"),
    path("events/<str:slug>/checkin/keys/rotate/", checkin.CheckinKeyRotateView.as_view(), name="checkin-key-rotate"),
    path("events/<str:slug>/checkin/counters/", checkin.CheckinCountersView.as_view(), name="checkin-counters"),
    path("events/<str:slug>/checkin-lists/", checkin.CheckinListView.as_view(), name="checkin-lists"),
    path(
        "events/<str:slug>/checkin-lists/<int:list_id>/scans/batch/",
        checkin.ScanBatchView.as_view(),
        name="scans-batch",
    ),
    path(
        "events/<str:slug>/checkin-lists/<int:list_id>/scans/<str:nonce>/annul/",
        checkin.ScanAnnulView.as_view(),
        name="scan-annul",
    ),
]

# Badges: the attendee's badge, reprints and organizers' print jobs.
badge_routes = [
    path("registrations/<str:code>/badge.png", badges.BadgePngView.as_view(), name="badge-png"),
    path("registrations/<str:code>/badge.pdf", badges.BadgePdfView.as_view(), name="badge-pdf"),
    path("registrations/<str:code>/badge/reprint/", badges.BadgeReprintView.as_view(), name="badge-reprint"),
    path("events/<str:slug>/badges/print/", badges.BadgePrintJobCreateView.as_view(), name="badge-print"),
    path("events/<str:slug>/badges/print/<int:job_id>/", badges.BadgePrintJobView.as_view(), name="badge-print-job"),
    path(
        "events/<str:slug>/badges/print/<int:job_id>/badges.pdf",
        badges.BadgePrintJobDownloadView.as_view(),
        name="badge-print-download",
    ),
]

# Scanner devices: organizers' list and revocation, activation by setup code, the device's own profile.
device_routes = [
    path("events/<str:slug>/devices/", devices.DeviceListView.as_view(), name="devices"),
    path("events/<str:slug>/devices/<int:device_id>/revoke/", devices.DeviceRevokeView.as_view(), name="device-revoke"),
    path("devices/activate/", devices.DeviceActivateView.as_view(), name="device-activate"),
    path("devices/me/", device_profile.DeviceProfileView.as_view(), name="device-profile"),
    path("exhibitors/<int:exhibitor_id>/devices/", devices.ExhibitorDeviceListView.as_view(), name="exhibitor-devices"),
]

# Leads captured at booths.
lead_routes = [
    path("exhibitors/<int:exhibitor_id>/leads/", leads.LeadListView.as_view(), name="leads"),
    path("exhibitors/<int:exhibitor_id>/leads.csv", leads.LeadCsvView.as_view(), name="leads-csv"),
    path("exhibitors/<int:exhibitor_id>/leads/<int:lead_id>/", leads.LeadDetailView.as_view(), name="lead-detail"),
    path("events/<str:slug>/leads/counts/", leads.LeadCountsView.as_view(), name="lead-counts"),
]

# Ticketing (organizers): ticket types, vouchers, questions.
ticketing_routes = [
    path("events/<str:slug>/ticket-types/", ticketing.TicketTypeListView.as_view(), name="ticket-type-list"),
    path(
        "events/<str:slug>/ticket-types/<int:pk>/", ticketing.TicketTypeDetailView.as_view(), name="ticket-type-detail"
    ),
    path("events/<str:slug>/vouchers/", ticketing.VoucherListView.as_view(), name="voucher-list"),
    path("events/<str:slug>/vouchers/<int:pk>/", ticketing.VoucherDetailView.as_view(), name="voucher-detail"),
    path("events/<str:slug>/questions/", ticketing.QuestionListView.as_view(), name="question-list"),
    path("events/<str:slug>/questions/<int:pk>/", ticketing.QuestionDetailView.as_view(), name="question-detail"),
]

# Registrations and payments.
registration_routes = [
    path(
        "events/<str:slug>/registrations/",
        registrations.ConventionRegistrationsView.as_view(),
        name="convention-registrations",
    ),
    path(
        "events/<str:slug>/registrations.csv",
        registrations.ConventionRegistrationsCsvView.as_view(),
        name="convention-registrations-csv",
    ),
    path("registrations/<str:code>/", registrations.RegistrationDetailView.as_view(), name="registration-detail"),
    path(
        "registrations/<str:code>/cancel/", registrations.RegistrationCancelView.as_view(), name="registration-cancel"
    ),
    path("payments/stripe/webhook/", payments.StripeWebhookView.as_view(), name="stripe-webhook"),
]

# Personal agendas, calendar feeds, preferences and workshop sign-up.
agenda_routes = [
    path("registrations/<str:code>/agenda/", agenda.AgendaView.as_view(), name="agenda"),
    path("registrations/<str:code>/agenda/feed/", agenda.FeedTokenView.as_view(), name="agenda-feed-token"),
    path("registrations/<str:code>/preferences/", agenda.PreferencesView.as_view(), name="preferences"),
    path("agenda/<str:feed_token>.ics", agenda.AgendaFeedView.as_view(), name="agenda-feed"),
    path(
        "events/<str:slug>/sessions/<int:session_id>/signup/",
        agenda.WorkshopSignupView.as_view(),
        name="workshop-signup",
    ),
]

# Messaging (organizers): workshop sign-up lists, session material and message delivery status.
messaging_routes = [
    path(
        "events/<str:slug>/sessions/<int:session_id>/signups/",
        messaging.WorkshopSignupsView.as_view(),
        name="workshop-signups",
    ),
    path(
        "events/<str:slug>/sessions/<int:session_id>/materials/",
        messaging.SessionMaterialsView.as_view(),
        name="session-materials",
    ),
    path(
        "events/<str:slug>/sessions/<int:session_id>/materials/<int:material_id>/publish/",
        messaging.PublishSessionMaterialView.as_view(),
        name="session-material-publish",
    ),
    path("events/<str:slug>/messages/", messaging.MessagesView.as_view(), name="messages"),
]

# Data protection: personal data export and erasure, consents, the audit log.
privacy_routes = [
    path("registrations/<str:code>/export/", privacy.PersonalDataExportView.as_view(), name="personal-data"),
    path("registrations/<str:code>/erase/", privacy.ErasureView.as_view(), name="registration-erase"),
    path("registrations/<str:code>/consents/", privacy.ConsentsView.as_view(), name="registration-consents"),
    path("events/<str:slug>/audit/", privacy.AuditLogView.as_view(), name="audit-log"),
]

# Webhooks: organizers' endpoints are in ``manage_router``; an exhibitor's own endpoint for its leads here.
webhook_routes = [
    path(
        "exhibitors/<int:exhibitor_id>/webhooks/",
        webhooks.ExhibitorWebhookEndpointsView.as_view(),
        name="exhibitor-webhooks",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    *scan_routes,
    *auth_routes,
    *public_routes,
    *manage_router.urls,
    *schedule_routes,
    *checkin_routes,
    *badge_routes,
    *device_routes,
    *lead_routes,
    *ticketing_routes,
    *registration_routes,
    *agenda_routes,
    *messaging_routes,
    *privacy_routes,
    *webhook_routes,
]
