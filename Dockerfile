# One image for web (gunicorn), Celery worker and Celery beat; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    MESSE_VAR_DIR=/app/var

RUN pip install --no-cache-dir uv

WORKDIR /app
# Dependencies first, from the lock file only, so code changes do not rebuild this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# collectstatic needs settings but no database or secret worth keeping.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin messe \
    && mkdir -p var/mail var/media var/celery/queue var/celery/processed \
    && chown -R messe var

USER messe
EXPOSE 8000
# config/gunicorn.py: sync workers (drf-spectacular's schema generation is not thread-safe; plenty behind a
# buffering proxy), WEB_CONCURRENCY of them (default: the cores plus one).
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--bind", "0.0.0.0:8000"]
