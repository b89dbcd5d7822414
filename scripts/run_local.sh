#!/usr/bin/env bash
# Starts the development server, and a Celery worker and beat when a broker is configured
# (CELERY_BROKER_URL or REDIS_URL in the environment or in .env). Stops them all on Ctrl+C.
set -euo pipefail
PY="$1"

broker=$("$PY" -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mentoring_portal.settings.local'); django.setup(); from django.conf import settings; print(settings.CELERY_BROKER_URL)")

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -n "$broker" ]; then
  echo "Broker $broker: starting a Celery worker and beat"
  "$PY" -m celery -A mentoring_portal worker --loglevel INFO --concurrency 2 &
  pids+=($!)
  "$PY" -m celery -A mentoring_portal beat --loglevel INFO &
  pids+=($!)
else
  echo "No broker configured: Celery tasks run inside the web process"
fi

echo
echo "The portal: http://127.0.0.1:8000  (demo logins above, password demo12345)"
"$PY" manage.py runserver 127.0.0.1:8000
