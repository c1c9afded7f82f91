"""Session editor and releases under ``/organize/<slug>/programme/`` (names ``web:organizer-programme-…``)."""

from django.urls import path

from web.organizer.programme import views

urlpatterns = [
    path("sessions/", views.session_list, name="organizer-programme-sessions"),
    path("sessions/new/", views.session_create, name="organizer-programme-session-new"),
    path("sessions/<int:session_id>/", views.session_edit, name="organizer-programme-session"),
    path("release/", views.release, name="organizer-programme-release"),
]
