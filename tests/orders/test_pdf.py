"""The order's PDF: number, date, the director's name, the listed pairs, Cyrillic; the
render_order command; the Celery path with a real worker."""

import subprocess

import pytest
from django.utils import timezone

from apps.documents.models import Document
from apps.documents.rendering import document_render, render_subject
from apps.orders import services
from apps.pairs.models import Pair, Programme
from tests.outside import outside_manage

from .test_workflow import _consent_everyone_in


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.usefixtures("pairs_seeded")
def test_the_approved_pairs_order_prints_its_number_date_director_and_pairs(tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    pair = Pair.objects.get(programme=programme)
    _consent_everyone_in(pair)
    order = services.order_draft(
        organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator, programme=programme
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    order = services.order_approve(order=order, actor=tenant_a.director)
    pdf, filename = render_subject(order, "order")
    text = pdf_text(pdf)
    assert "ПРИКАЗ" in text
    assert f"№ {order.number}" in text and timezone.localdate().strftime("%d.%m.%Y") in text
    assert tenant_a.organization.director_name in text
    assert "Об утверждении наставнических пар, групп" in text
    assert pair.mentor.last_name in text and pair.members.first().mentee.last_name in text
    assert "ПРОЕКТ" not in text
    assert filename == f"prikaz-{order.number}.pdf"
    metadata = subprocess.run(["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"pdfaid:part" in metadata  # an approved order is archived as PDF/A-3b


def test_a_draft_prints_as_a_draft(tenant_a):
    order = services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    text = pdf_text(render_subject(order, "order")[0])
    assert "ПРОЕКТ" in text and "Об утверждении Положения о наставничестве" in text


def test_approval_queues_one_pdf_and_a_rerun_stores_one_document(tenant_a):
    order = services.order_draft(
        organization=tenant_a.organization, kind="curator", actor=tenant_a.curator, curator=tenant_a.curator
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    order = services.order_approve(order=order, actor=tenant_a.director)
    document = Document.objects.get(subject_id=order.pk, kind="order")
    assert document.state == "queued"
    document_render(document.pk)
    document_render(document.pk)  # the job delivered twice
    assert Document.objects.filter(subject_id=order.pk, kind="order").count() == 1
    document.refresh_from_db()
    assert document.state == "ready" and document.attempts == 1
    assert order.number in pdf_text(document.file.read())


@pytest.mark.django_db(transaction=True)
def test_render_order_command(tenant_a, tmp_path):
    order = services.order_draft(
        organization=tenant_a.organization, kind="implement_model", actor=tenant_a.curator
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    order = services.order_approve(order=order, actor=tenant_a.director)
    out = tmp_path / "order.pdf"
    with outside_manage() as manage:
        result = manage("render_order", str(order.pk), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert f"№ {order.number}" in pdf_text(out.read_bytes())
        missing = manage("render_order", "999999", "-o", str(out))
        assert missing.returncode == 1 and "999999" in missing.stderr
