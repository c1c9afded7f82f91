import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("messe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks enqueued during a request carry its id into the worker's log lines (config/logs.py).
from config.logs import connect_celery_signals  # noqa: E402

connect_celery_signals()
