"""Import in the browser's terms: upload, preview, mapping, confirm, result, history."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.participants.models import ColumnMapping, ImportRun, Participant

from .xlsx_files import person, xlsx


def _url(tenant, name, **kwargs):
    return reverse(f"participants:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _upload(client, tenant, content, django_capture_on_commit_callbacks, name="anketa.xlsx"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(tenant, "import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return ImportRun.objects.filter(organization=tenant.organization).latest("pk")


ROWS = [
    person("Иванова", "Мария", "Петровна", date(2011, 5, 1), email="maria@example.org"),
    person("Петров", "Сергей", "", None, category="Педагог", role="Наставник"),
]


def test_staff_upload_preview_and_confirm(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.CHECKED
    assert (run.created_count, run.updated_count, run.skipped_count) == (2, 0, 0)
    assert not Participant.objects.filter(last_name="Иванова").exists()  # nothing before confirmation

    page = client.get(_url(tenant_a, "import_run", run_id=run.pk))
    assert page.context["actions"] == [(2, "new", "Иванова М. П."), (3, "new", "Петров С.")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))  # a double click
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert Participant.objects.filter(last_name="Иванова").count() == 1
    assert run.finished_at is not None
    history = client.get(_url(tenant_a, "import"))
    assert run in history.context["runs"]


def test_a_file_with_errors_shows_them_and_offers_the_rejected_rows(
    client, tenant_a, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.curator)
    rows = [*ROWS, person("Сидоров", "Павел", birth="30.02.2012"), person("", "Анна")]
    run = _upload(client, tenant_a, xlsx(rows), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.INVALID
    assert [(e["row"], e["column"]) for e in run.errors] == [(4, "Дата рождения"), (5, "Фамилия")]
    page = client.get(_url(tenant_a, "import_run", run_id=run.pk))
    assert b"30.02.2012" in page.content
    # Confirming an invalid run does nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    assert not Participant.objects.filter(last_name="Иванова").exists()

    rejected = client.get(_url(tenant_a, "import_rejected", run_id=run.pk))
    sheet = load_workbook(BytesIO(rejected.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-1] == "Что исправить"
    assert [row[0] for row in values[1:]] == ["Сидоров", None]
    assert "Дата рождения" in values[1][-1]


def test_an_unreadable_file_gets_a_clear_message(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, b"%PDF-1.4", django_capture_on_commit_callbacks, name="scan.pdf")
    assert run.state == ImportRun.State.INVALID
    page = client.get(_url(tenant_a, "import_run", run_id=run.pk))
    assert "Excel" in page.context["run"].file_error


def test_an_online_form_export_is_mapped_once_and_remembered(
    client, tenant_a, django_capture_on_commit_callbacks
):
    header = [
        "Отметка времени",
        "ФИО",
        "Дата рождения",
        "Статус в школе",
        "Участие",
        "Адрес электронной почты",
    ]
    rows = [
        [
            "2026-09-01 10:00",
            "Егорова Анна Павловна",
            "12.04.2012",
            "Обучающийся",
            "Наставляемый",
            "anna@example.org",
        ]
    ]
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, xlsx(rows, header=header), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.INVALID
    assert run.missing_columns == ["Категория", "Роль в программе"]

    mapping_page = client.get(_url(tenant_a, "import_mapping", run_id=run.pk))
    form = mapping_page.context["form"]
    assert form["c1"].initial == "full_name" and form["c0"].initial == "timestamp"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(tenant_a, "import_mapping", run_id=run.pk),
            {
                "c0": "timestamp",
                "c1": "full_name",
                "c2": "birth_date",
                "c3": "category",
                "c4": "programme_role",
                "c5": "email",
            },
        )
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    anna = Participant.objects.get(email="anna@example.org")
    assert (anna.last_name, anna.first_name, anna.patronymic) == ("Егорова", "Анна", "Павловна")
    assert ColumnMapping.objects.filter(organization=tenant_a.organization).count() == 1

    # The next file of the same shape needs no mapping.
    rows2 = [
        [
            "2026-09-02 11:00",
            "Ким Юрий Сергеевич",
            "01.02.2011",
            "Обучающийся",
            "Наставляемый",
            "kim@example.org",
        ]
    ]
    run2 = _upload(client, tenant_a, xlsx(rows2, header=header), django_capture_on_commit_callbacks)
    assert run2.state == ImportRun.State.CHECKED


def test_the_mapping_refuses_two_columns_for_one_field(client, tenant_a, django_capture_on_commit_callbacks):
    header = ["Фамилия", "Имя", "Категория", "Роль"]
    client.force_login(tenant_a.staff)
    run = _upload(
        client,
        tenant_a,
        xlsx([["А", "Б", "Педагог", "Наставник"]], header=header),
        django_capture_on_commit_callbacks,
    )
    response = client.post(
        _url(tenant_a, "import_mapping", run_id=run.pk),
        {"c0": "last_name", "c1": "last_name", "c2": "category", "c3": "programme_role"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_progress_bar_polls_until_the_work_is_done(client, tenant_a):
    client.force_login(tenant_a.staff)
    run = ImportRun.objects.filter(organization=tenant_a.organization).first()
    run.state, run.progress = ImportRun.State.CHECKING, 40
    run.save()
    url = _url(tenant_a, "import_run", run_id=run.pk)
    polling = client.get(url, HTTP_HX_REQUEST="true")
    assert b'aria-valuenow="40"' in polling.content and b'hx-trigger="every 1s"' in polling.content
    run.state = ImportRun.State.CHECKED
    run.save()
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_the_template_download(client, tenant_a):
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a, "import_template"))
    header = [c.value for c in load_workbook(BytesIO(response.content))["Участники"][1]]
    assert header[0] == "Фамилия*"


def test_files_over_the_limit_are_refused_before_saving(client, tenant_a):
    client.force_login(tenant_a.staff)
    before = ImportRun.objects.count()
    response = client.post(
        _url(tenant_a, "import"), {"file": SimpleUploadedFile("big.xlsx", bytes(11 * 1024 * 1024))}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ImportRun.objects.count() == before
