import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _import_views_now() -> None:
    # Django imports the URLconf (every view, serializer and schema decorator) and the translation catalogs on
    # a worker's first request: ~0.2 s of CPU that made the first request each worker served the slowest one.
    # Done while the worker boots instead.
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the property imports the URLconf)
    for code in ("en", "de"):
        with translation.override(code):
            pass
    # The broker's transport (kombu and redis-py, ~0.8 s to import on a busy host) too: otherwise the first task a
    # worker publishes, e.g. a sign-up's confirmation e-mail, pays for the import inside the request.
    from config.celery import app

    app.connection_for_write().transport  # noqa: B018 (the property imports and builds the transport)


_import_views_now()

# Everything loaded so far (Django, the apps, the URLconf) lives as long as the process. Frozen, the cyclic
# garbage collector stops walking those objects on each full collection (with gunicorn's preload: once in the
# master, shared by every worker): on a gate scan that walk had cost ~7% of the CPU, in bursts.
gc.freeze()
