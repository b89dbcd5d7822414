"""The worker hook of gunicorn.conf.py: the objects loaded with Django leave the cyclic
garbage collector's reach before the first request (docs/PERFORMANCE.md, under load)."""

import json
import os
import subprocess
import sys

from django.conf import settings

# A fresh interpreter, as a gunicorn worker is after loading the WSGI application.
WORKER = """
import gc, json, runpy, sys
import django
django.setup()
hooks = runpy.run_path("gunicorn.conf.py")
before = "apps.pairs.views" in sys.modules
hooks["post_worker_init"](worker=None)
print(json.dumps({"views_before": before, "views_after": "apps.pairs.views" in sys.modules,
                  "frozen": gc.get_freeze_count()}))
"""


def test_a_worker_loads_every_view_and_freezes_what_django_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    state = json.loads(done.stdout.strip().splitlines()[-1])

    assert state == {**state, "views_before": False, "views_after": True}
    assert state["frozen"] > 50_000  # Django and the project, not a handful of objects
