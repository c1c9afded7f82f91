from django.apps import AppConfig


class ExhibitorPortalConfig(AppConfig):
    """The exhibitor portal: booth content, staff and passes, booth scanners and leads (de/en)."""

    name = "web.exhibitor"
    label = "web_exhibitor"
    verbose_name = "Exhibitor portal"
