from django.apps import AppConfig


class ProgrammeEditorConfig(AppConfig):
    """The organizers' session editor and release page (de/en)."""

    name = "web.organizer.programme"
    label = "web_organizer_programme"
    verbose_name = "Programme editor"
