"""Bulk import through the API: the pages' all-or-nothing pipeline, a job to poll."""

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.participants.models import ImportRun, Participant
from tests.participants.xlsx_files import person, xlsx

ROWS = [
    person("Иванова", "Мария", "Петровна", date(2011, 5, 1), email="maria@example.org"),
    person("Петров", "Сергей", "", None, category="Педагог", role="Наставник"),
]


def _post(api, content, capture, **data):
    url = reverse("api:imports", kwargs={"org_slug": "alpha"})
    with capture(execute=True):
        return api.post(url, {"file": SimpleUploadedFile("anketa.xlsx", content), **data}, format="multipart")


def test_a_file_is_checked_then_imported_all_at_once(
    curator_api, tenant_a, django_capture_on_commit_callbacks
):
    response = _post(curator_api, xlsx(ROWS), django_capture_on_commit_callbacks)
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"]
    polled = curator_api.get(job["url"]).json()
    assert polled["state"] == "checked" and polled["created"] == 2 and polled["errors"] == []
    assert not Participant.objects.filter(last_name="Иванова").exists()  # nothing before confirmation
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = curator_api.post(job["url"] + "confirm/")
    assert confirmed.status_code == 202
    assert curator_api.get(job["url"]).json()["state"] == "done"
    assert Participant.objects.filter(organization=tenant_a.organization, last_name="Иванова").count() == 1
    # A second confirmation changes nothing.
    assert curator_api.post(job["url"] + "confirm/").status_code == 409


def test_row_errors_come_back_and_nothing_is_written(
    curator_api, tenant_a, django_capture_on_commit_callbacks
):
    rows = [*ROWS, person("Сидоров", "Павел", birth="30.02.2012")]
    job = _post(curator_api, xlsx(rows), django_capture_on_commit_callbacks).json()
    polled = curator_api.get(job["url"]).json()
    assert polled["state"] == "invalid"
    assert [(e["row"], e["column"]) for e in polled["errors"]] == [(4, "Дата рождения")]
    assert curator_api.post(job["url"] + "confirm/").status_code == 409
    assert not Participant.objects.filter(last_name="Иванова").exists()


def test_a_mapping_maps_another_files_columns(curator_api, tenant_a, django_capture_on_commit_callbacks):
    content = xlsx(
        [["Иванова", "Мария", "01.05.2011", "Обучающийся", "Наставляемый"]],
        header=["Фам", "Имя", "ДР", "Кат", "Роль"],
    )
    mapping = {
        "columns": {
            "Фам": "Фамилия",
            "Имя": "Имя",
            "ДР": "Дата рождения",
            "Кат": "Категория",
            "Роль": "Роль в программе",
        }
    }
    response = _post(curator_api, content, django_capture_on_commit_callbacks, mapping=json.dumps(mapping))
    assert response.status_code == 202, response.json()
    assert curator_api.get(response.json()["url"]).json()["state"] in ("checked", "invalid")
    bad = _post(curator_api, content, django_capture_on_commit_callbacks, mapping="{not json")
    assert bad.status_code == 400 and "mapping" in bad.json()


def test_a_job_of_another_organisation_is_404(curator_api, tenant_b):
    run = ImportRun.objects.filter(organization=tenant_b.organization).first()
    url = reverse("api:import_job", kwargs={"org_slug": "alpha", "run_id": run.pk})
    assert curator_api.get(url).status_code == 404


def test_a_mentor_may_not_import(tenant_a, django_capture_on_commit_callbacks):
    from .conftest import client_with, token_for

    mentor = client_with(token_for(tenant_a.mentor, organization=tenant_a.organization))
    assert _post(mentor, xlsx(ROWS), django_capture_on_commit_callbacks).status_code == 403
