from django.apps import AppConfig


class OrganizerAreaConfig(AppConfig):
    """The organizer area under /organize/<slug>/: home, team and each area's pages (de/en)."""

    name = "web.organizer"
    label = "web_organizer"
    verbose_name = "Organizer area"
