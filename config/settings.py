"""The one settings module of Messe.

Everything is driven by environment variables (see README, "Configuration"), read through the typed helpers of
``config.env``. The defaults are the embedded set-up that ``make run`` and ``make test`` use on a fresh machine:
SQLite, a file-system Celery broker that needs no server, and e-mails written to files under ``var/``.

Sections, in this order: core and paths; applications and middleware; database and cache; internationalisation;
static files; security headers and proxies; e-mail; Celery (broker, queues, beat); the API (REST framework,
OpenAPI schema, rate limits); logging; domain knobs (registration and payments, workshops and reminders, data
protection). Each setting is assigned once.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from kombu import Exchange, Queue

from config.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_rate, env_str
from config.proxies import parse_trusted_proxies

# --- Core and paths -------------------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MESSE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "messe-insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# Tests that need a real service (PostgreSQL, Redis) fail instead of skipping when this is set (CI).
MESSE_REQUIRE_SERVICES = env_bool("MESSE_REQUIRE_SERVICES", False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications and middleware ------------------------------------------------------------------------------
# Messe's apps come first: Django looks a msgid up in the first app's catalog that has it, so ours must win over
# Django's and the libraries' (the admin's "Save" is "Sichern", the sessions app's "Sessions" stays "Sessions").
INSTALLED_APPS = [
    "events",
    "api",
    "web",
    "web.legal",
    "web.exhibitor.apps.ExhibitorPortalConfig",
    "web.speaker.apps.SpeakerPagesConfig",
    "web.organizer.speakers.apps.OrganizerSpeakersConfig",
    "web.organizer.gates.apps.OrganizerGatesConfig",
    "web.organizer.exhibitors.apps.OrganizerExhibitorsConfig",
    "web.organizer.tickets.apps.OrganizerTicketsConfig",
    "web.organizer.imports.apps.OrganizerImportsConfig",
    "web.organizer.programme.apps.ProgrammeEditorConfig",
    "web.organizer.board.apps.BoardConfig",
    "web.organizer.apps.OrganizerAreaConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the Swagger UI's static files, served by us (see the content security policy)
    "django.contrib.humanize",  # naturaltime ("vor 3 Minuten")
]

# The request id goes first so every later middleware and log line sees it; the CSP header is set last.
MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "config.errors.ErrorShapeMiddleware",
    "config.errors.UnsafeInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PagesMessageMiddleware",  # django.contrib.messages, not for /api/
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "web.middleware.QueryLanguageMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.legal.context_processors.legal_links",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Database and cache ---------------------------------------------------------------------------------------
_database = dj_database_url.parse(
    env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'messe.sqlite3'}"),
    conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    # A reused connection is checked at the start of each request (one round trip, only when it was idle): after
    # PostgreSQL restarts or a failover terminates the backends, the next request reconnects instead of failing.
    conn_health_checks=True,
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: WAL and a busy timeout let the web server and the Celery worker
    # share the file without "database is locked" errors.
    _database["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _database["CONN_MAX_AGE"] = 0
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # The ORM binds parameters client-side, so its statements are never prepared. The badge scan path runs its
    # few fixed statements on server-binding cursors (``events.rows.cursor``), which psycopg prepares on their
    # second use per connection. Behind a transaction-pooling PgBouncer older than 1.21, set
    # DATABASE_PREPARED_STATEMENTS=0.
    _database.setdefault("OPTIONS", {})["prepare_threshold"] = (
        1 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
DATABASES = {"default": _database}

CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    # Degrades to the database when Redis is unreachable (config/cache.py); short socket timeouts so a cache that
    # does not answer costs a request at most a fraction of a second, once per RETRY_AFTER_SECONDS per process.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.DegradingRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": env_int("CACHE_CONNECT_TIMEOUT_MS", 250) / 1000,
                "socket_timeout": env_int("CACHE_TIMEOUT_MS", 500) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "messe"}}

# --- Internationalisation -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static, media and uploaded files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Project-level static files (the pages' stylesheets and scripts), served by WhiteNoise.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded files (events/services/uploads.py) live behind Django's storage API, so every web node and worker sees
# the same files: the file system under MEDIA_ROOT in the embedded set-up, an S3-compatible bucket in production
# (MESSE_MEDIA_S3_BUCKET, with AWS_S3_ENDPOINT_URL for MinIO/Ceph/…; credentials come from the usual AWS_* variables
# or the instance role). Files are always served by Messe's /media/ view, which decides access per file, so the
# bucket stays private and links in e-mails never expire.
MEDIA_ROOT = Path(env_str("MESSE_MEDIA_ROOT", str(VAR_DIR / "media")))
MESSE_MEDIA_S3_BUCKET = env_str("MESSE_MEDIA_S3_BUCKET", "")
_media_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MESSE_MEDIA_S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MESSE_MEDIA_S3_BUCKET,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "location": env_str("MESSE_MEDIA_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security headers and proxies -----------------------------------------------------------------------------
# Which reverse proxies may set X-Forwarded-For / X-Forwarded-Proto: a count ("1") or networks
# ("10.0.0.0/8,127.0.0.1"). Empty means none: the client is REMOTE_ADDR and the headers are ignored.
MESSE_TRUSTED_PROXIES = parse_trusted_proxies(env_str("MESSE_TRUSTED_PROXIES", ""))

# MESSE_HTTPS=1 says the site is served over HTTPS: cookies become Secure, HTTP redirects to HTTPS and HSTS is
# sent. Behind a TLS-terminating proxy, set MESSE_TRUSTED_PROXIES too so that its X-Forwarded-Proto is believed
# (otherwise every request looks like HTTP and redirects forever).
MESSE_HTTPS = env_bool("MESSE_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if MESSE_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes talk plain HTTP to the pod
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if MESSE_TRUSTED_PROXIES.configured:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Same-origin only. The admin and the Swagger UI (served from drf-spectacular-sidecar's static files, with its
# init script loaded from a URL, not inline) work under it; both set inline style attributes, hence
# 'unsafe-inline' for styles only.
MESSE_CONTENT_SECURITY_POLICY = env_str(
    "MESSE_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

# /readyz gives the broker and the cache this many seconds together before reporting them failed.
MESSE_READINESS_TIMEOUT = float(env_int("MESSE_READINESS_TIMEOUT_MS", 1500)) / 1000

# --- E-mail ---------------------------------------------------------------------------------------------------
# EMAIL_URL selects the transport. "file://" (default) writes each message to var/mail/,
# "smtp://user:pass@host:port" (add "?tls=1" or "?ssl=1") talks SMTP, "console://" prints, "locmem://" is
# for tests.
EMAIL_URL = env_str("EMAIL_URL", "file://")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Messe <noreply@messe.localhost>")
if EMAIL_URL.startswith("smtp://"):
    _mail = urlparse(EMAIL_URL)
    _mail_query = parse_qs(_mail.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail_query.get("tls", ["0"])[0] == "1"
    EMAIL_USE_SSL = _mail_query.get("ssl", ["0"])[0] == "1"
    EMAIL_TIMEOUT = 10
elif EMAIL_URL.startswith("console://"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem://"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Celery ---------------------------------------------------------------------------------------------------
# The default broker is kombu's file-system transport: a real broker a separate worker process consumes from,
# with no server to run. Production sets CELERY_BROKER_URL=redis://…
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
_broker_options: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _broker_options = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Exchange bindings of the file-system broker; kombu's default is a "control" folder in the working
        # directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis redelivers a task a dead worker had taken after this many seconds (the outbox re-enqueue job usually
    # gets there first).
    # A publish that cannot reach the broker fails at once instead of retrying for kombu's connect timeout
    # (about 6 s) inside a request: every task Messe publishes from a request has a row behind it (outbox message,
    # print job, release fan-out) that a beat job or the organizer starts again once the broker is back.
    _broker_options = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "max_retries": 0,
        "socket_connect_timeout": env_int("CELERY_BROKER_CONNECT_TIMEOUT_MS", 1000) / 1000,
    }
CELERY_BROKER_TRANSPORT_OPTIONS = _broker_options
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING too, with the task's request id

# Queues. A mail burst must never slow check-in, so tasks are routed by name onto separate queues and
# production runs a worker of its own for "realtime" (celery -A config worker -Q realtime). A worker started
# without -Q (as in `make run`) consumes all four, i.e. -Q default,realtime,mail,bulk. Name new tasks so they match:
#   realtime  events.scan_*, events.check_in_*, events.render_badge*   (small, someone waits at a gate)
#   mail      events.deliver_*, events.send_*                           (one outbox message each)
#   bulk      events.fan_out_*, events.*print_job*, events.export_*, events.retention_*, events.erase_*
#   default   everything else (beat jobs such as events.requeue_stuck_messages)
# The first matching pattern wins, in the order written here.
CELERY_TASK_DEFAULT_QUEUE = "default"
MESSE_CELERY_QUEUES = ["default", "realtime", "mail", "bulk"]
# Each queue gets its own exchange and routing key (otherwise all four bind the default key), so a message
# published by exchange and key, not only by queue name, still reaches exactly one queue.
CELERY_TASK_QUEUES = [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in MESSE_CELERY_QUEUES]
CELERY_TASK_ROUTES = {
    "events.scan_*": {"queue": "realtime"},
    "events.check_in_*": {"queue": "realtime"},
    "events.*print_job*": {"queue": "bulk"},
    "events.render_badge*": {"queue": "realtime"},
    "events.deliver_*": {"queue": "mail"},
    "events.send_*": {"queue": "mail"},
    "events.fan_out_*": {"queue": "bulk"},
    "events.export_*": {"queue": "bulk"},
    "events.retention_*": {"queue": "bulk"},
    "events.erase_*": {"queue": "bulk"},
}

# Periodic jobs (celery beat), by area.
CELERY_BEAT_SCHEDULE = {
    # Messaging: re-enqueue outbox messages whose task was lost.
    "requeue-stuck-messages": {"task": "events.requeue_stuck_messages", "schedule": 60.0},
    "fail-stalled-print-jobs": {"task": "events.fail_stalled_print_jobs", "schedule": 300.0},
    # Registration: held seats of unpaid registrations go back to the quota.
    "expire-held-registrations": {"task": "events.expire_held_registrations", "schedule": 60.0},
    # Workshops, agendas, reminders and releases.
    "send-reminders": {"task": "events.send_due_reminders", "schedule": 300.0},
    "send-session-materials": {"task": "events.send_due_session_materials", "schedule": 300.0},
    "send-speaker-reminders": {"task": "events.send_due_speaker_reminders", "schedule": 3600.0},
    "fan-out-pending-releases": {"task": "events.fan_out_latest_releases", "schedule": 300.0},
    # Announcements whose fan-out stopped (worker killed, broker down at "send") are resumed; see FAN_OUT_STALL.
    "fan-out-stalled-announcements": {"task": "events.fan_out_stalled_announcements", "schedule": 60.0},
    # Exhibitors.
    "send-exhibitor-digests": {"task": "events.send_due_exhibitor_digests", "schedule": 3600.0},
    # Data protection.
    "apply-retention": {"task": "events.apply_retention", "schedule": 86400.0},
    # Webhooks: deliveries whose task was lost or whose worker died; check-in counts (when they changed).
    "requeue-webhook-deliveries": {"task": "events.requeue_stuck_webhook_deliveries", "schedule": 30.0},
    "emit-checkin-counts": {"task": "events.emit_checkin_counts", "schedule": 60.0},
}

# --- API: REST framework, OpenAPI schema, rate limits ---------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "api.authentication.AttendeeTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "api.device_authentication.DeviceTokenAuthentication",
    ],
    # Every view declares its own; a view that forgets is closed to anonymous callers, never open.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.messe_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.MessePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.MesseJSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Messe API",
    "DESCRIPTION": "Programme, schedule exports, registration, badges, check-in and lead capture for conventions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that appear under several field names get one schema component each.
    "ENUM_NAME_OVERRIDES": {
        "RoomKindEnum": "events.enums.RoomKind",
        "MaterialKindEnum": "events.enums.MaterialKind",
        "LanguageEnum": "events.enums.Language",
        "SessionStatusEnum": "events.enums.SessionStatus",
        "SessionFormatEnum": "events.enums.SessionFormat",
        "PrintJobStatusEnum": "events.models.badges.PrintJobStatus",
        "DeviceKindEnum": "events.models.devices.DeviceKind",
        "CheckinListKindEnum": "events.models.scanning.CheckinListKind",
        "RegistrationStatusEnum": "events.models.registration.RegistrationStatus",
        "MessageStatusEnum": "events.models.outbox.MessageStatus",
        "RefundStatusEnum": "events.enums.RefundStatus",
        "SignupStatusEnum": "events.enums.SignupStatus",
        "CalendarMethodEnum": "events.enums.CalendarMethod",
        "WebhookEventTypeEnum": "events.models.webhooks.WebhookEventType",
        "DeliveryStatusEnum": "events.models.webhooks.DeliveryStatus",
    },
    # Every operation documents the error answers any endpoint can give (api/schema_hooks.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_hooks.document_error_responses",
    ],
    # The webhook deliveries Messe sends (api/schema_webhooks.py), in OpenAPI 3.1's "webhooks" section.
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": [
        "api.schema_webhooks.REGISTRATION_CONFIRMED",
        "api.schema_webhooks.REGISTRATION_CANCELLED",
        "api.schema_webhooks.SCHEDULE_RELEASED",
        "api.schema_webhooks.SESSION_CHANGED",
        "api.schema_webhooks.EXHIBITOR_UPDATED",
        "api.schema_webhooks.CHECKIN_SCANNED",
        "api.schema_webhooks.LEAD_CAPTURED",
    ],
}

# Rate limits (api/throttling.py), shared across web workers through the default cache.
MESSE_THROTTLE_RATES = {
    "registration": env_rate("MESSE_THROTTLE_REGISTRATION", "30/min"),
    "auth_token": env_rate("MESSE_THROTTLE_AUTH_TOKEN", "20/min"),
    "scan": env_rate("MESSE_THROTTLE_SCAN", "600/min"),
    "contact": env_rate("MESSE_THROTTLE_CONTACT", "10/h"),
    "login": env_rate("MESSE_THROTTLE_LOGIN", "10/min"),
    "login_account": env_rate("MESSE_THROTTLE_LOGIN_ACCOUNT", "30/h"),
}

# --- Logging --------------------------------------------------------------------------------------------------
# LOG_FORMAT=json (default when DEBUG is off) writes one JSON object per line with the request id;
# "plain" (default with DEBUG=1) is for reading in a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfiguredEnv(f"LOG_FORMAT must be 'plain' or 'json', got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
}

# --- Registration and payments --------------------------------------------------------------------------------
# Without STRIPE_SECRET_KEY paid ticket types are refused (payments_unavailable); free ones work. Seats of unpaid
# registrations are held this long, then go back to the quota.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
# Outgoing webhooks (events.services.webhooks) go to public https:// addresses only, unless this is set (tests,
# a receiver on the organizer's own network).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
REGISTRATION_HOLD_MINUTES = env_int("REGISTRATION_HOLD_MINUTES", 15)

# Free registrations commit without waiting for PostgreSQL's WAL flush when set. Every sign-up for a ticket type
# queues on that ticket type's row from its seat UPDATE to its COMMIT, so the flush (milliseconds on a busy disk)
# caps a ticket launch at one flush per seat. The price: if PostgreSQL itself crashes (not a web process), the
# free registrations of the last fraction of a second are lost together with their seats and e-mails, so the
# quota still agrees with the rows. Paid registrations always wait for the flush (Stripe is told about them).
MESSE_REGISTRATION_ASYNCHRONOUS_COMMIT = env_bool("MESSE_REGISTRATION_ASYNCHRONOUS_COMMIT", False)

# --- Workshops, agendas and reminders -------------------------------------------------------------------------
WORKSHOP_SIGNUP_CLOSES_MINUTES_BEFORE = env_int("WORKSHOP_SIGNUP_CLOSES_MINUTES_BEFORE", 0)
MESSE_REMINDER_LEAD_MINUTES = env_int("MESSE_REMINDER_LEAD_MINUTES", 60)
# Speakers who have not answered their invitation this many days later get one reminder.
MESSE_SPEAKER_REMINDER_DAYS = env_int("MESSE_SPEAKER_REMINDER_DAYS", 7)
# A message claimed by a worker that died goes to another one after this many seconds (docs/operations.md,
# "Delivery guarantee of messages"); it must exceed one send (SMTP connect and send, 10 s timeout each).
MESSE_MESSAGE_SENDING_LEASE_SECONDS = env_int("MESSE_MESSAGE_SENDING_LEASE_SECONDS", 60)

# --- Data protection ------------------------------------------------------------------------------------------
# Leads are deleted and registrations anonymised this many days after a convention's last day.
MESSE_RETENTION_DAYS = env_int("MESSE_RETENTION_DAYS", 180)
# An attendee's magic link and bearer token stop working this many days after the convention's last day (and at
# once when the registration is erased).
MESSE_ATTENDEE_ACCESS_DAYS = env_int("MESSE_ATTENDEE_ACCESS_DAYS", 30)

# --- Upload limits --------------------------------------------------------------------------------------------
# Where uploaded files are stored: see "Static, media and uploaded files" above.
MESSE_UPLOAD_DOCUMENT_MAX_BYTES = env_int("MESSE_UPLOAD_DOCUMENT_MAX_MB", 20) * 1024 * 1024
MESSE_UPLOAD_IMAGE_MAX_BYTES = env_int("MESSE_UPLOAD_IMAGE_MAX_MB", 10) * 1024 * 1024
# Checked from the image header before decoding: larger images are refused, not shrunk (decompression bombs).
MESSE_UPLOAD_IMAGE_MAX_SIDE = env_int("MESSE_UPLOAD_IMAGE_MAX_SIDE", 8000)
MESSE_UPLOAD_IMAGE_MAX_PIXELS = env_int("MESSE_UPLOAD_IMAGE_MAX_PIXELS", 40_000_000)
