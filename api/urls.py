from django.urls import path

from api.views import agenda as agenda_views
from api.views import messaging as messaging_views

app_name = "api"

urlpatterns: list = []

urlpatterns += [
    path("registrations/<str:code>/agenda/", agenda_views.AgendaView.as_view(), name="agenda"),
    path("registrations/<str:code>/agenda/feed/", agenda_views.FeedTokenView.as_view(), name="agenda-feed-token"),
    path("registrations/<str:code>/preferences/", agenda_views.PreferencesView.as_view(), name="preferences"),
    path("agenda/<str:feed_token>.ics", agenda_views.AgendaFeedView.as_view(), name="agenda-feed"),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/signup/",
        agenda_views.WorkshopSignupView.as_view(),
        name="workshop-signup",
    ),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/signups/",
        messaging_views.WorkshopSignupsView.as_view(),
        name="workshop-signups",
    ),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/materials/",
        messaging_views.SessionMaterialsView.as_view(),
        name="session-materials",
    ),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/materials/<int:material_id>/publish/",
        messaging_views.PublishSessionMaterialView.as_view(),
        name="session-material-publish",
    ),
    path("events/<slug:slug>/messages/", messaging_views.MessagesView.as_view(), name="messages"),
]
