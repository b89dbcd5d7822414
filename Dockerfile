# The mentoring_portal image: one image for every role. The default command serves the
# web application with gunicorn on port 8000; docker-compose.yml runs the same image as
# the Celery worker and Celery beat by overriding the command.
#
#   docker build -t mentoring-portal .
#   docker run --rm -p 8000:8000 -e SECRET_KEY=... -e DATABASE_URL=postgres://... mentoring-portal
#
# Production settings need SECRET_KEY, DATABASE_URL, EMAIL_URL and a broker at run time (see .env.example).
# The image is meant to sit behind an HTTPS reverse proxy that sets X-Forwarded-Proto.

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=mentoring_portal.settings.production

# Shared libraries WeasyPrint loads at run time (Pango, HarfBuzz and its subsetter, libffi),
# a font for the PDFs, and GNU gettext for compilemessages below.
# https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libffi8 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user runs the application. Its home is writable (fontconfig keeps its
# cache there); the code under /app belongs to root and is read-only for it.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Runtime dependencies only (requirements-dev.txt holds the test tools), in their own layer
# so that a change of code does not reinstall them.
COPY requirements.txt ./
RUN pip install --no-cache-dir --disable-pip-version-check --root-user-action=ignore \
        -r requirements.txt

# The project, copied by name: never the local .env, db.sqlite3, .venv, media or .git.
COPY manage.py gunicorn.conf.py ./
COPY mentoring_portal ./mentoring_portal
COPY apps ./apps
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Translations and static files are built into the image. Production settings refuse to
# load without SECRET_KEY, DATABASE_URL, EMAIL_URL and a broker, so these RUN steps get throw-away values that
# stay out of the image's environment; neither command opens the database.
RUN export SECRET_KEY=build-only-not-a-secret-never-used-at-run-time \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        EMAIL_URL=consolemail:// \
        CELERY_BROKER_URL=redis://build-only:6379/0 \
    && python manage.py compilemessages --ignore=.venv \
    && python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

# Uploaded files. A named volume mounted here starts with this directory's owner, so the
# application user can write to it.
RUN mkdir -p /app/media /app/private_media && chown app:app /app/media /app/private_media

USER app

EXPOSE 8000

# /healthz/ answers "ok" when the process and its database answer; it is exempt from the
# SSL redirect. The request names the first ALLOWED_HOSTS entry as its Host, or Django
# would refuse it once ALLOWED_HOSTS lists only the public name. Worker and beat
# containers run this image too: docker-compose.yml gives them their own check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); host = 'localhost' if host in ('', '*') else host; request = urllib.request.Request('http://127.0.0.1:8000/healthz/', headers={'Host': host}); raise SystemExit(urllib.request.urlopen(request, timeout=4).read() != b'ok')"]

# Bind, workers, the access log and the request limits: gunicorn.conf.py (read from /app).
CMD ["gunicorn", "mentoring_portal.wsgi:application"]
