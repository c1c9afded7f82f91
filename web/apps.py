from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered public pages (programme, sessions, speakers, exhibitors) in German and English."""

    name = "web"
    verbose_name = "Public pages"
