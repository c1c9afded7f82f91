from django.apps import AppConfig


class BoardConfig(AppConfig):
    """The schedule board of the organizer area: a day of the live programme by room and time (de/en)."""

    name = "web.organizer.board"
    label = "web_organizer_board"
    verbose_name = "Schedule board"
