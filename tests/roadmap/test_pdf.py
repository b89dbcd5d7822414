"""The official PDF of a roadmap: its text (Cyrillic, every activity), the approval block,
A4 landscape, PDF/A, and the renderer that fetches nothing from outside."""

import re
import subprocess

import pytest
from django.conf import settings
from weasyprint import HTML

from apps.documents.models import Document
from apps.documents.pdf import EmbeddedOnlyFetcher
from apps.documents.rendering import document_render, render_subject
from apps.documents.services import document_request, document_retry
from apps.roadmap import services
from apps.roadmap.template_library import all_templates, get_template
from tests.outside import outside_manage


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def squeeze(text: str) -> str:
    """Letters and digits only: hyphenation and line breaks of the PDF do not matter."""
    return re.sub(r"[^0-9a-zа-яё]", "", text.lower())


@pytest.mark.parametrize("key", sorted(all_templates()))
def test_every_activity_of_every_template_is_in_its_pdf(key, tenant_a, tmp_path):
    template = get_template(key)
    owner = (
        tenant_a.organization.municipality
        if template["owner_kind"] == "municipality"
        else tenant_a.organization
    )
    roadmap = services.roadmap_create(owner=owner, year=2026, data=template, source="template")
    pdf, filename = render_subject(roadmap, "roadmap")
    assert pdf.startswith(b"%PDF") and filename.endswith(".pdf")
    text = pdf_text(pdf, tmp_path)
    flat = squeeze(text)
    missing = [a.title[:60] for a in roadmap.activities.all() if squeeze(a.title)[:80] not in flat]
    assert not missing, f"{key}: activities missing from the PDF: {missing}"
    assert squeeze(roadmap.title)[:60] in flat
    assert "Страница 1 из" in text


def test_the_approval_block_and_the_page(tenant_a, tmp_path):
    roadmap = services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("lyceum7"), source="template"
    )
    services.roadmap_update_header(
        roadmap=roadmap,
        values={
            "approval_order": "Приказ №135/1-ОД от 05.10.2026",
            "accepted_protocol": "протокол № 1 от 31.08.2026",
        },
        actor=None,
    )
    roadmap.refresh_from_db()
    pdf, _ = render_subject(roadmap, "roadmap")
    text = pdf_text(pdf, tmp_path)
    assert "УТВЕРЖДЕНО" in text and "ПРИНЯТО" in text.upper()
    assert tenant_a.organization.director_name.split()[0] in text
    assert "135/1-ОД" in text and "протокол № 1 от 31.08.2026" in text
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    # A4 landscape: 841.89 x 595.28 pt.
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info
    metadata = subprocess.run(["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"pdfaid:part" in metadata  # PDF/A-3b: an archival document


def test_the_renderer_fetches_no_file_and_no_outside_url():
    fetcher = EmbeddedOnlyFetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="http://example.com/a.png">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    HTML(string=html, base_url="about:blank", url_fetcher=fetcher).write_pdf()
    assert sorted(fetcher.refused) == [
        "file:///etc/passwd",
        "http://example.com/a.png",
        "https://example.com/x.css",
    ]


def test_a_document_is_rendered_once_and_stored_with_its_checksum(tenant_a):
    import hashlib

    roadmap = services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("borisovka"), source="template"
    )
    first = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    # A double click while it waits: the same job.
    assert document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator).pk == first.pk
    document_render(first.pk)
    document_render(first.pk)  # delivered twice: nothing more happens
    first.refresh_from_db()
    assert first.state == "ready" and first.attempts == 1
    content = first.file.read()
    assert first.sha256 == hashlib.sha256(content).hexdigest() and first.size == len(content)
    assert first.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # A new render replaces the old file: one document per subject is kept.
    second = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    document_render(second.pk)
    assert list(Document.objects.filter(subject_id=roadmap.pk).values_list("pk", flat=True)) == [second.pk]


def test_a_failed_render_shows_its_state_and_can_be_retried(tenant_a, monkeypatch):
    from apps.documents import renderers

    roadmap = services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("borisovka"), source="template"
    )
    real = renderers.KINDS["roadmap"]

    def broken(subject):
        raise RuntimeError("the template is broken")

    monkeypatch.setitem(
        renderers.KINDS, "roadmap", renderers.DocumentKind("roadmap", real.permission, broken)
    )
    document = document_request(subject=roadmap, kind="roadmap", actor=None)
    document_render(document.pk)
    document.refresh_from_db()
    assert document.state == "failed" and "the template is broken" in document.error

    monkeypatch.setitem(renderers.KINDS, "roadmap", real)
    document = document_retry(document=document)
    assert document.state == "queued"
    document_render(document.pk)
    document.refresh_from_db()
    assert document.state == "ready" and document.error == "" and document.attempts == 2


def test_the_render_task_runs_after_the_commit_in_the_committees_scope(
    tenant_a, django_capture_on_commit_callbacks
):
    """A committee's own roadmap: the task is sent when the request commits, with the
    municipality as its owner, and renders inside the committee's scope."""
    roadmap = services.roadmap_create(
        owner=tenant_a.organization.municipality,
        year=2026,
        data=get_template("kalachinsk"),
        source="template",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = document_request(subject=roadmap, kind="roadmap", actor=None)
        assert Document.objects.get(pk=document.pk).state == "queued"  # nothing sent before the commit
    assert len(callbacks) == 1
    document.refresh_from_db()
    assert document.state == "ready" and document.organization is None, document.error


@pytest.mark.django_db(transaction=True)
def test_export_roadmap_command(tenant_a, tmp_path):
    services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("gloria"), source="template"
    )
    services.roadmap_create(
        owner=tenant_a.organization.municipality,
        year=2026,
        data=get_template("kalachinsk"),
        source="template",
    )
    out = tmp_path / "roadmap.pdf"
    with outside_manage() as manage:
        result = manage(
            "export_roadmap", "--org", tenant_a.organization.slug, "--year", "2026", "-o", str(out)
        )
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")
        assert "Формирование наставнических пар или групп" in pdf_text(out.read_bytes(), tmp_path)
        # A municipality's slug gives the committee's own roadmap; 2028 is inside its 2026–2030.
        committee = tmp_path / "committee.pdf"
        slug = tenant_a.organization.municipality.slug
        result = manage("export_roadmap", "--org", slug, "--year", "2028", "-o", str(committee))
        assert result.returncode == 0, result.stderr
        assert "Комитет" in pdf_text(committee.read_bytes(), tmp_path) or committee.stat().st_size > 1000
        missing = manage(
            "export_roadmap", "--org", tenant_a.organization.slug, "--year", "2019", "-o", str(out)
        )
        assert missing.returncode == 1
        unknown = manage("export_roadmap", "--org", "no-such-org", "--year", "2026", "-o", str(out))
        assert unknown.returncode == 1
