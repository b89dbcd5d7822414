"""The mapping page of an online form's export: columns, answers with counts and best guesses,
values for every row; saved as soon as it is confirmed, reused, downloadable as JSON."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.participants.importing.mapping import header_signature
from apps.participants.models import ColumnMapping, ImportRun, Participant

from .forms_exports import MENTEE_ANSWER, form_csv

HEADER = ["Отметка времени", "Ваша фамилия, имя, отчество", "Дата рождения", "Класс", "Участвую как", "Почта"]
ROWS = [
    [
        "01.09.2026 10:00:00",
        "Егорова Анна Павловна",
        "12 апреля 2012",
        "6Б",
        MENTEE_ANSWER,
        "anna@example.org",
    ],
    ["01.09.2026 10:05:00", "Ким Юрий", "01.02.11", "7А", MENTEE_ANSWER, "kim@example.org"],
    ["01.09.2026 10:07:00", "Орлов Глеб", "вчера", "7А", "Хочу стать наставником", "gleb@example.org"],
]


def _url(tenant, name, **kwargs):
    return reverse(f"participants:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _upload(client, tenant, content, callbacks, name="answers.csv"):
    with callbacks(execute=True):
        response = client.post(_url(tenant, "import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return ImportRun.objects.filter(organization=tenant.organization).latest("pk")


def _post_mapping(client, tenant, run, data, callbacks):
    with callbacks(execute=True):
        return client.post(_url(tenant, "import_mapping", run_id=run.pk), data)


def test_a_form_is_mapped_once_saved_at_once_and_reused(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, form_csv(ROWS, HEADER), django_capture_on_commit_callbacks)
    # «Участвую как» is no known header, and the form never asks the category.
    assert run.state == ImportRun.State.INVALID
    assert run.missing_columns == ["Категория", "Роль в программе"]

    page = client.get(_url(tenant_a, "import_mapping", run_id=run.pk))
    form = page.context["form"]
    assert [form[f"c{i}"].initial for i in range(6)] == [
        "timestamp",
        "full_name",
        "birth_date",
        "group_name",
        "",
        "email",
    ]
    assert not form.value_groups  # no choice column chosen yet

    # The role column chosen: its answers are listed with their counts and best guesses.
    refreshed = client.post(
        _url(tenant_a, "import_mapping", run_id=run.pk),
        {
            "action": "refresh",
            "c0": "timestamp",
            "c1": "full_name",
            "c2": "birth_date",
            "c3": "group_name",
            "c4": "programme_role",
            "c5": "email",
        },
    )
    form = refreshed.context["form"]
    [group] = form.value_groups
    listed = [(field.label, count, field.initial) for field, count in group["rows"]]
    assert listed == [(MENTEE_ANSWER, 2, "Наставляемый"), ("Хочу стать наставником", 1, "Наставник")]
    assert "Хочу стать наставником" in refreshed.content.decode()
    assert not ColumnMapping.objects.filter(organization=tenant_a.organization).exists()  # not yet confirmed

    # Confirmed with a category for every row: saved at once, although row 4 has a bad date.
    data = {
        "action": "check",
        "c0": "timestamp",
        "c1": "full_name",
        "c2": "birth_date",
        "c3": "group_name",
        "c4": "programme_role",
        "c5": "email",
        "v4_0": "Наставляемый",
        "v4_1": "Наставник",
        "d_category": "Обучающийся",
    }
    _post_mapping(client, tenant_a, run, data, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.state == ImportRun.State.INVALID
    assert [(e["row"], e["column"]) for e in run.errors] == [(4, "Дата рождения")]
    saved = ColumnMapping.objects.get(organization=tenant_a.organization, signature=header_signature(HEADER))
    assert saved.mapping == {
        "columns": {
            "Отметка времени": "Отметка времени",
            "Ваша фамилия, имя, отчество": "ФИО",
            "Дата рождения": "Дата рождения",
            "Класс": "Класс или группа",
            "Участвую как": "Роль в программе",
            "Почта": "E-mail",
        },
        "values": {
            "Роль в программе": {MENTEE_ANSWER: "Наставляемый", "Хочу стать наставником": "Наставник"}
        },
        "defaults": {"Категория": "Обучающийся"},
    }
    # The page names the row with its person, and groups the errors by column.
    result = client.get(_url(tenant_a, "import_run", run_id=run.pk))
    assert result.context["errors_by_column"] == [("Дата рождения", 1)]
    assert "Орлов Г." in result.content.decode()

    # The JSON download is the saved mapping, as the command line reads it.
    download = client.get(_url(tenant_a, "import_mapping_json", run_id=run.pk))
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content.decode()) == saved.mapping

    # The fixed file, uploaded again: no mapping page, a preview with names.
    fixed = [list(r) for r in ROWS]
    fixed[2][2] = "03.03.2000"
    run2 = _upload(client, tenant_a, form_csv(fixed, HEADER), django_capture_on_commit_callbacks)
    assert run2.state == ImportRun.State.CHECKED, run2.errors or run2.missing_columns
    preview = client.get(_url(tenant_a, "import_run", run_id=run2.pk))
    assert preview.context["actions"] == [
        (2, "new", "Егорова А. П."),
        (3, "new", "Ким Ю."),
        (4, "new", "Орлов Г."),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run2.pk))
    gleb = Participant.objects.get(organization=tenant_a.organization, email="gleb@example.org")
    assert (gleb.category, gleb.programme_role) == ("student", "mentor")


def test_the_mapping_page_edits_a_saved_mapping(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.staff)
    good = [list(r) for r in ROWS]
    good[2][2] = "03.03.2000"
    run = _upload(client, tenant_a, form_csv(good, HEADER), django_capture_on_commit_callbacks)
    data = {
        "c0": "timestamp",
        "c1": "full_name",
        "c2": "birth_date",
        "c3": "",
        "c4": "programme_role",
        "c5": "email",
        "v4_0": "Наставляемый",
        "v4_1": "Наставник",
        "d_category": "Обучающийся",
    }
    _post_mapping(client, tenant_a, run, data, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    # Opened again: the page shows the mapping as confirmed; a change is saved over it.
    form = client.get(_url(tenant_a, "import_mapping", run_id=run.pk)).context["form"]
    assert form["c3"].initial == "" and form["d_category"].initial == "Обучающийся"
    _post_mapping(client, tenant_a, run, {**data, "c3": "group_name"}, django_capture_on_commit_callbacks)
    saved = ColumnMapping.objects.get(organization=tenant_a.organization)
    assert saved.mapping["columns"]["Класс"] == "Класс или группа"


def test_a_mapping_without_role_or_category_is_refused_on_the_page(
    client, tenant_a, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, form_csv(ROWS, HEADER), django_capture_on_commit_callbacks)
    response = client.post(
        _url(tenant_a, "import_mapping", run_id=run.pk),
        {"action": "check", "c1": "full_name", "c4": "programme_role"},
    )
    assert response.status_code == 200
    assert "Категория" in str(response.context["form"].non_field_errors())
    assert not ColumnMapping.objects.filter(organization=tenant_a.organization).exists()


def test_a_hostile_csv_ends_the_check_with_a_message(client, tenant_a, django_capture_on_commit_callbacks):
    """A cell longer than any spreadsheet's, NUL bytes: the run ends invalid, never «checking»."""
    client.force_login(tenant_a.staff)
    huge_cell = ("Фамилия;Имя\n" + "Иванова;" + "а" * 40_000 + "\n").encode()
    run = _upload(client, tenant_a, huge_cell, django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.INVALID and "(.csv)" in run.file_error
    binary = b"\x00\x01\x02" * 1000
    run = _upload(client, tenant_a, binary, django_capture_on_commit_callbacks, name="answers.csv")
    assert run.state == ImportRun.State.INVALID and run.file_error
    assert not Participant.objects.filter(organization=tenant_a.organization, last_name="Иванова").exists()
