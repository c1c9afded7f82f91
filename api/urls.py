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
