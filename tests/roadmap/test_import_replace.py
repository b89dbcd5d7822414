"""Importing a roadmap again: refused without --replace, a dry run always, and a replacement
that keeps the progress of the activities whose titles match (command and browser alike)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.roadmap import services
from apps.roadmap.models import Activity, Roadmap
from tests.roadmap.shapes import shaped_docx

FIRST = [
    ["№", "Мероприятие", "Сроки", "Ответственные"],
    ["1. Подготовка", "<", "<", "<"],
    ["1.1", "Изучение материалов", "Сентябрь 2025", "Куратор"],
    ["1.2", "Анкетирование педагогов", "Октябрь 2025", "Куратор"],
    ["1.3", "Педсовет", "Ноябрь 2025", "Директор"],
]
SECOND = [
    ["№", "Мероприятие", "Сроки", "Ответственные"],
    ["1. Подготовительный этап", "<", "<", "<"],
    ["1.1", "Изучение материалов.", "Октябрь 2025", "Куратор"],  # the same title, a new deadline
    ["2. Реализация", "<", "<", "<"],
    ["2.1", "Анкетирование педагогов", "Декабрь 2025", "Куратор"],
    ["2.2", "Встречи пар", "Январь 2026", "Наставники"],
]


def write(tmp_path, rows, name="plan.docx"):
    path = tmp_path / name
    path.write_bytes(shaped_docx(rows).getvalue())
    return str(path)


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        call_command("import_roadmap", *args)
        code = 0
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err


@pytest.fixture
def imported(tenant_a, tmp_path, capsys):
    organization = tenant_a.organization
    code, out, _err = run(capsys, write(tmp_path, FIRST), "--org", organization.slug, "--year", "2025")
    assert (code, out) == (0, "stages 1, activities 3")
    roadmap = Roadmap.objects.get(organization=organization, academic_year=2025)
    studied = roadmap.activities.get(title="Изучение материалов")
    services.activity_record_progress(
        activity=studied,
        status=Activity.Status.DONE,
        actor=tenant_a.curator,
        done_on=date(2025, 9, 20),
        evidence_note="Протокол совещания",
    )
    return roadmap


def outline(roadmap):
    return [(s.title, [a.title for a in s.activities.order_by("position")]) for s in roadmap.stages.all()]


@pytest.mark.django_db
def test_again_without_replace_is_refused_and_writes_nothing(imported, tenant_a, tmp_path, capsys):
    before = outline(imported)

    code, out, err = run(
        capsys, write(tmp_path, SECOND), "--org", tenant_a.organization.slug, "--year", "2025"
    )

    assert code == 1 and out == ""
    assert "already exists" in err and "--replace" in err
    assert outline(imported) == before


@pytest.mark.django_db
@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_a_dry_run_works_where_a_roadmap_exists(imported, tenant_a, tmp_path, capsys, replace):
    before = outline(imported)
    args = [write(tmp_path, SECOND), "--org", tenant_a.organization.slug, "--year", "2025", "--dry-run"]

    code, out, err = run(capsys, *args, *replace)

    assert (code, out) == (0, "stages 2, activities 3")
    assert "replacing: 2 activities kept, 1 added, 1 removed" in err
    assert outline(imported) == before
    assert imported.activities.get(title="Изучение материалов").status == Activity.Status.DONE


@pytest.mark.django_db
def test_replace_keeps_the_progress_of_matching_titles(imported, tenant_a, tmp_path, capsys):
    studied = imported.activities.get(title="Изучение материалов")

    code, out, _err = run(
        capsys, write(tmp_path, SECOND), "--org", tenant_a.organization.slug, "--year", "2025", "--replace"
    )

    assert (code, out) == (0, "stages 2, activities 3")
    roadmap = Roadmap.objects.get(pk=imported.pk)
    assert outline(roadmap) == [
        ("Подготовительный этап", ["Изучение материалов."]),
        ("Реализация", ["Анкетирование педагогов", "Встречи пар"]),
    ]
    kept = roadmap.activities.get(pk=studied.pk)  # the same row: its history stays with it
    assert (kept.status, kept.done_on, kept.evidence_note) == (
        Activity.Status.DONE,
        date(2025, 9, 20),
        "Протокол совещания",
    )
    assert (kept.deadline_text, kept.due_on) == ("Октябрь 2025", date(2025, 10, 31))
    assert AuditEntry.objects.filter(target_id=kept.pk, action="roadmap.progress_changed").exists()
    assert not roadmap.activities.filter(title="Педсовет").exists()
    assert AuditEntry.objects.filter(action="roadmap.changed", data__replaced_by="import").count() == 1


@pytest.mark.django_db
def test_the_browser_shows_the_changes_then_replaces(client, imported, tenant_a):
    organization = tenant_a.organization
    url = reverse("roadmap:import", kwargs={"org_slug": organization.slug})
    client.force_login(tenant_a.curator)
    upload = SimpleUploadedFile("new.docx", shaped_docx(SECOND).getvalue())

    preview = client.post(url, {"file": upload, "year": 2025})

    assert preview.status_code == 200
    changes = preview.context["changes"]
    assert (changes["added"], changes["removed"]) == (["Встречи пар"], ["Педсовет"])
    assert b'data-testid="replace"' in preview.content
    assert outline(imported)[0][1] == ["Изучение материалов", "Анкетирование педагогов", "Педсовет"]

    response = client.post(url, {"confirm": "1", "replace": "1"})

    assert response.status_code == 302
    roadmap = Roadmap.objects.get(organization=organization, academic_year=2025)
    assert roadmap.pk == imported.pk and roadmap.source_detail == "new.docx"
    assert [a.title for a in roadmap.activities.all()] == [
        "Изучение материалов.",
        "Анкетирование педагогов",
        "Встречи пар",
    ]
    assert roadmap.activities.get(title="Изучение материалов.").status == Activity.Status.DONE
