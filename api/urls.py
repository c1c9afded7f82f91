"""Routes of the Messe API, all under ``/api/v1/``.

* ``auth/…`` — organizer API tokens.
* ``events/…`` — public reads of released content (no authentication), plus the convention-scoped
  endpoints other parts append (``events/<slug>/schedule/…``, registration, agenda).
* ``manage/events/…`` — organizers' reads and writes of the live data (``Authorization: Token …``).

Add new routes at the end of ``urlpatterns``; convention-scoped ones as ``events/<str:slug>/<resource>/``.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views import auth, conventions, exhibitors, sessions, speakers, venue
from api.views import checkin as checkin_views

app_name = "api"

SCOPED = r"manage/events/(?P<slug>[^/]+)"
manage_router = SimpleRouter()
manage_router.register(r"manage/events", conventions.ManageConventionViewSet, basename="manage-convention")
manage_router.register(rf"{SCOPED}/halls", venue.ManageHallViewSet, basename="manage-hall")
manage_router.register(rf"{SCOPED}/rooms", venue.ManageRoomViewSet, basename="manage-room")
manage_router.register(rf"{SCOPED}/tracks", venue.ManageTrackViewSet, basename="manage-track")
manage_router.register(rf"{SCOPED}/speakers", speakers.ManageSpeakerViewSet, basename="manage-speaker")
manage_router.register(rf"{SCOPED}/sessions", sessions.ManageSessionViewSet, basename="manage-session")
manage_router.register(rf"{SCOPED}/exhibitors", exhibitors.ManageExhibitorViewSet, basename="manage-exhibitor")

urlpatterns: list = [
    # First: every gate posts here at once, and Django tries the patterns in order.
    path("events/<str:slug>/checkin-lists/<int:list_id>/scans/", checkin_views.ScanView.as_view(), name="scans"),
    path("auth/token/", auth.AuthTokenView.as_view(), name="auth-token"),
    path("events/", conventions.PublicConventionList.as_view(), name="event-list"),
    path("events/<str:slug>/", conventions.PublicConventionDetail.as_view(), name="event-detail"),
    path("events/<str:slug>/sessions/", sessions.PublicSessionList.as_view(), name="session-list"),
    path("events/<str:slug>/sessions/<str:session_id>/", sessions.PublicSessionDetail.as_view(), name="session-detail"),
    path("events/<str:slug>/speakers/", speakers.PublicSpeakerList.as_view(), name="speaker-list"),
    path("events/<str:slug>/speakers/<str:speaker_id>/", speakers.PublicSpeakerDetail.as_view(), name="speaker-detail"),
    path("events/<str:slug>/rooms/", venue.PublicRoomList.as_view(), name="room-list"),
    path("events/<str:slug>/tracks/", venue.PublicTrackList.as_view(), name="track-list"),
    path("events/<str:slug>/exhibitors/", exhibitors.PublicExhibitorList.as_view(), name="exhibitor-list"),
    *manage_router.urls,
]

# Schedule: warnings and releases (organizers), versions and exports (public).
from api.views import schedule as schedule_views  # noqa: E402

urlpatterns += [
    path(
        "events/<str:slug>/schedule/warnings/", schedule_views.ScheduleWarningsView.as_view(), name="schedule-warnings"
    ),
    path(
        "events/<str:slug>/schedule/releases/", schedule_views.ScheduleReleasesView.as_view(), name="schedule-releases"
    ),
    path(
        "events/<str:slug>/schedule/versions/", schedule_views.ScheduleVersionsView.as_view(), name="schedule-versions"
    ),
    path("events/<str:slug>/schedule.json", schedule_views.ScheduleJsonView.as_view(), name="schedule-json"),
    path("events/<str:slug>/schedule.xml", schedule_views.ScheduleXmlView.as_view(), name="schedule-xml"),
    path("events/<str:slug>/schedule.ics", schedule_views.ScheduleIcsView.as_view(), name="schedule-ics"),
]


# Badges, check-in, devices and leads.
from api.views import badges as badge_views  # noqa: E402
from api.views import devices as device_views  # noqa: E402
from api.views import leads as lead_views  # noqa: E402

urlpatterns += [
    path("events/<str:slug>/checkin/keys/", checkin_views.CheckinKeysView.as_view(), name="checkin-keys"),
    path("events/<str:slug>/checkin/counters/", checkin_views.CheckinCountersView.as_view(), name="checkin-counters"),
    path("events/<str:slug>/checkin-lists/", checkin_views.CheckinListView.as_view(), name="checkin-lists"),
    path(
        "events/<str:slug>/checkin-lists/<int:list_id>/scans/batch/",
        checkin_views.ScanBatchView.as_view(),
        name="scans-batch",
    ),
    path(
        "events/<str:slug>/checkin-lists/<int:list_id>/scans/<str:nonce>/annul/",
        checkin_views.ScanAnnulView.as_view(),
        name="scan-annul",
    ),
    path("registrations/<str:code>/badge.png", badge_views.BadgePngView.as_view(), name="badge-png"),
    path("registrations/<str:code>/badge.pdf", badge_views.BadgePdfView.as_view(), name="badge-pdf"),
    path("registrations/<str:code>/badge/reprint/", badge_views.BadgeReprintView.as_view(), name="badge-reprint"),
    path("events/<str:slug>/badges/print/", badge_views.BadgePrintJobCreateView.as_view(), name="badge-print"),
    path(
        "events/<str:slug>/badges/print/<int:job_id>/", badge_views.BadgePrintJobView.as_view(), name="badge-print-job"
    ),
    path(
        "events/<str:slug>/badges/print/<int:job_id>/badges.pdf",
        badge_views.BadgePrintJobDownloadView.as_view(),
        name="badge-print-download",
    ),
    path("events/<str:slug>/devices/", device_views.DeviceListView.as_view(), name="devices"),
    path(
        "events/<str:slug>/devices/<int:device_id>/revoke/",
        device_views.DeviceRevokeView.as_view(),
        name="device-revoke",
    ),
    path("devices/activate/", device_views.DeviceActivateView.as_view(), name="device-activate"),
    path("exhibitors/<int:exhibitor_id>/leads/", lead_views.LeadListView.as_view(), name="leads"),
    path("exhibitors/<int:exhibitor_id>/leads.csv", lead_views.LeadCsvView.as_view(), name="leads-csv"),
    path("events/<str:slug>/leads/counts/", lead_views.LeadCountsView.as_view(), name="lead-counts"),
    path(
        "events/<str:slug>/checkin/keys/rotate/",
        checkin_views.CheckinKeyRotateView.as_view(),
        name="checkin-key-rotate",
    ),
]

# Registration, ticketing and payments.
from api.views import payments as payment_views  # noqa: E402
from api.views import registrations as registration_views  # noqa: E402
from api.views import ticketing as ticketing_views  # noqa: E402

urlpatterns += [
    path(
        "events/<str:slug>/ticket-types/",
        ticketing_views.TicketTypeListView.as_view(),
        name="ticket-type-list",
    ),
    path(
        "events/<str:slug>/ticket-types/<int:pk>/",
        ticketing_views.TicketTypeDetailView.as_view(),
        name="ticket-type-detail",
    ),
    path("events/<str:slug>/vouchers/", ticketing_views.VoucherListView.as_view(), name="voucher-list"),
    path("events/<str:slug>/vouchers/<int:pk>/", ticketing_views.VoucherDetailView.as_view(), name="voucher-detail"),
    path("events/<str:slug>/questions/", ticketing_views.QuestionListView.as_view(), name="question-list"),
    path("events/<str:slug>/questions/<int:pk>/", ticketing_views.QuestionDetailView.as_view(), name="question-detail"),
    path(
        "events/<str:slug>/registrations/",
        registration_views.ConventionRegistrationsView.as_view(),
        name="convention-registrations",
    ),
    path(
        "events/<str:slug>/registrations.csv",
        registration_views.ConventionRegistrationsCsvView.as_view(),
        name="convention-registrations-csv",
    ),
    path("registrations/<str:code>/", registration_views.RegistrationDetailView.as_view(), name="registration-detail"),
    path(
        "registrations/<str:code>/cancel/",
        registration_views.RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path("payments/stripe/webhook/", payment_views.StripeWebhookView.as_view(), name="stripe-webhook"),
]

# Personal agendas, workshop sign-ups, session material and message delivery status.
from api.views import agenda as agenda_views  # noqa: E402
from api.views import messaging as messaging_views  # noqa: E402

urlpatterns += [
    path("registrations/<str:code>/agenda/", agenda_views.AgendaView.as_view(), name="agenda"),
    path("registrations/<str:code>/agenda/feed/", agenda_views.FeedTokenView.as_view(), name="agenda-feed-token"),
    path("registrations/<str:code>/preferences/", agenda_views.PreferencesView.as_view(), name="preferences"),
    path("agenda/<str:feed_token>.ics", agenda_views.AgendaFeedView.as_view(), name="agenda-feed"),
    path(
        "events/<str:slug>/sessions/<int:session_id>/signup/",
        agenda_views.WorkshopSignupView.as_view(),
        name="workshop-signup",
    ),
    path(
        "events/<str:slug>/sessions/<int:session_id>/signups/",
        messaging_views.WorkshopSignupsView.as_view(),
        name="workshop-signups",
    ),
    path(
        "events/<str:slug>/sessions/<int:session_id>/materials/",
        messaging_views.SessionMaterialsView.as_view(),
        name="session-materials",
    ),
    path(
        "events/<str:slug>/sessions/<int:session_id>/materials/<int:material_id>/publish/",
        messaging_views.PublishSessionMaterialView.as_view(),
        name="session-material-publish",
    ),
    path("events/<str:slug>/messages/", messaging_views.MessagesView.as_view(), name="messages"),
]

# The scanner page asks who it is after exchanging its setup code.
from api.views import device_profile as device_profile_views  # noqa: E402

urlpatterns += [
    path("devices/me/", device_profile_views.DeviceProfileView.as_view(), name="device-profile"),
]

# Data protection: personal data export and erasure, consents, the audit log.
from api.views import privacy as privacy_views  # noqa: E402

urlpatterns += [
    path("registrations/<str:code>/export/", privacy_views.PersonalDataExportView.as_view(), name="personal-data"),
    path("registrations/<str:code>/erase/", privacy_views.ErasureView.as_view(), name="registration-erase"),
    path("registrations/<str:code>/consents/", privacy_views.ConsentsView.as_view(), name="registration-consents"),
    path("events/<str:slug>/audit/", privacy_views.AuditLogView.as_view(), name="audit-log"),
]
