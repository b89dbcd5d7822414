"""A job of a worker killed with kill -9 comes back within minutes: the broker's visibility
timeout is short, and still longer than any acknowledged-late task may run (else a job still
running would be delivered twice). tests/test_celery_worker.py kills a worker for real."""

from django.conf import settings

from mentoring_portal.celery import app

VISIBILITY_TIMEOUT = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def _portal_tasks():
    app.loader.import_default_modules()  # every app's tasks.py
    tasks = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert "apps.documents.tasks.render_document" in tasks
    return tasks


def test_a_job_of_a_dead_worker_is_delivered_again_within_five_minutes():
    assert VISIBILITY_TIMEOUT <= 5 * 60
    assert app.conf.broker_transport_options["visibility_timeout"] == VISIBILITY_TIMEOUT


def test_every_acks_late_task_is_stopped_before_its_message_comes_back():
    checked = []
    for name, task in _portal_tasks().items():
        if not task.acks_late:
            continue
        hard = task.time_limit or app.conf.task_time_limit
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert hard is not None and hard < VISIBILITY_TIMEOUT, f"{name}: time limit {hard} s"
        assert soft is not None and soft < hard, f"{name}: soft limit {soft} s, hard {hard} s"
        checked.append(name)
    assert len(checked) >= 5


def test_pdf_renders_and_imports_are_acknowledged_late_with_their_own_limits():
    tasks = _portal_tasks()
    for name in (
        "apps.documents.tasks.render_document",
        "apps.participants.tasks.check_import_run",
        "apps.participants.tasks.confirm_import_run",
    ):
        task = tasks[name]
        assert task.acks_late and task.reject_on_worker_lost, name
        assert task.time_limit == 150 and task.soft_time_limit == 120, name
