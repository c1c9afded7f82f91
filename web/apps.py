from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages in German and English, one package per audience: ``web/public`` (programme,
    sessions, speakers, exhibitors), ``web/attendee`` (registration, the attendee's own page, workshop sign-up)
    and ``web/staff`` (scanner, dashboard). Templates live under ``templates/pages/<audience>/``."""

    name = "web"
    verbose_name = "Pages"
