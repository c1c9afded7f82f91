"""The schedule board, under ``/organize/<slug>/board/`` (see ``web/organizer/urls.py``)."""

from django.urls import path

from web.organizer.board import views

urlpatterns = [
    path("", views.board, name="organizer-board-day"),
    path("sessions/<int:session_id>/move/", views.move, name="organizer-board-move"),
]
