from django.apps import AppConfig


class LegalPagesConfig(AppConfig):
    """Legal pages of each convention (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, terms),
    the site footer that links them, and the styled error pages."""

    name = "web.legal"
    label = "web_legal"
    verbose_name = "Legal and error pages"
