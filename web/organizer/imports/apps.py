from django.apps import AppConfig


class OrganizerImportsConfig(AppConfig):
    """The organizers' import page: upload, preview row by row, confirm, result (de/en)."""

    name = "web.organizer.imports"
    label = "web_organizer_imports"
    verbose_name = "Organizer area: imports"
