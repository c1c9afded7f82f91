"""The import page under ``/organize/<slug>/imports/``, namespace ``web``."""

from django.urls import path

from web.organizer.imports import views

urlpatterns = [
    path("imports/", views.upload, name="organizer-imports"),
    path("imports/<int:upload_id>/", views.preview, name="organizer-imports-preview"),
]
