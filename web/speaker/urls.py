"""The speaker's own pages under ``/speaker/<guid>/`` (magic link; see ``web.speaker.access``)."""

from django.urls import path

from web.speaker import views

SPEAKER = "speaker/<uuid:guid>/"

urlpatterns = [
    path(SPEAKER, views.home, name="speaker-home"),
    path(SPEAKER + "sessions/<int:role_id>/answer/", views.answer, name="speaker-answer"),
    path(SPEAKER + "sessions/<int:role_id>/material/", views.material, name="speaker-material"),
    path(SPEAKER + "material/<int:material_id>/remove/", views.material_remove, name="speaker-material-remove"),
    path(SPEAKER + "profile/", views.profile, name="speaker-profile"),
    path(SPEAKER + "availability/", views.availability, name="speaker-availability"),
    path(
        SPEAKER + "availability/<int:unavailability_id>/remove/",
        views.availability_remove,
        name="speaker-availability-remove",
    ),
]
