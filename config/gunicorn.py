"""gunicorn settings, shared by the Dockerfile, docker-compose, ``make run`` and the scan benchmark.

    gunicorn config.wsgi -c config/gunicorn.py --bind 0.0.0.0:8000

Sync workers: drf-spectacular's schema generation is not thread-safe (concurrent first requests to /api/schema/
fail in threaded workers), and on a small machine a process per concurrent request is also the cheapest in CPU
(no GIL hand-overs). A scan spends part of its time waiting for PostgreSQL, so there is one worker more than
cores: ``WEB_CONCURRENCY`` (gunicorn's own variable), by default the cores plus one. More workers did not add
throughput on a 2-core machine, they cost it: at 16 gate connections 3 workers served ~670 scans/s, 4 ~610 and
5 (the usual "twice the cores plus one") ~595, with a longer tail, because every extra process evicts the others'
data from the CPU caches (``bench/bench_scanning.py``).
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
worker_class = "sync"
# Django is imported once in the master, so workers start (and restart) fast and share its memory pages.
preload_app = True
# A control socket would default to one path per user, which several instances on one host would share.
control_socket_disable = True
graceful_timeout = 5
# No gunicorn access log: config.middleware.RequestIdMiddleware already writes one JSON line per request (with the
# request id, status, duration and client address); a second line per request cost CPU at every gate scan.
accesslog = None
