"""Letters of thanks and diplomas: numbered, one multi-page PDF and a zip of single PDFs from
one layout (the names in their text), the reward order drafted from the list, the roadmap."""

import io
import subprocess
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import Document
from apps.documents.rendering import document_render, render_subject
from apps.events.documents import BOOKLET_KIND, INVITATIONS_KIND, ZIP_KIND
from apps.events.models import Event, Letter
from apps.events.services import letters as services
from apps.orders.models import Order
from apps.pairs.models import Programme
from apps.roadmap import services as roadmap_services
from apps.roadmap.models import Activity
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


PEOPLE = [
    services.Recipient("Смирнова Людмила Ивановна", "за подготовку призёров олимпиады"),
    services.Recipient("Архипов Пётр Сергеевич", "за организацию наставнической пары"),
    services.Recipient("ООО «Завод»", "за участие в программе наставничества как партнёр"),
]


def _issue(tenant, people=PEOPLE, **fields):
    return services.letters_issue(
        owner=tenant.organization,
        actor=tenant.curator,
        kind=fields.pop("kind", "thanks"),
        title="Благодарственные письма",
        issued_on=date(2026, 5, 25),
        signer_position="Директор",
        signer_name="Иванова И.И.",
        recipients=people,
        **fields,
    )


def test_letters_are_numbered_through_the_year(tenant_a):
    first = _issue(tenant_a)
    second = _issue(tenant_a, people=PEOPLE[:1])
    assert list(first.letters.values_list("number", flat=True)) == ["1/2026", "2/2026", "3/2026"]
    assert second.letters.get().number == "4/2026"
    assert Document.objects.filter(subject_id=first.pk, kind__in=[BOOKLET_KIND, ZIP_KIND]).count() == 2
    with pytest.raises(ValidationError):
        _issue(tenant_a, people=[])


def test_the_booklet_has_a_page_per_letter_and_the_zip_a_pdf_per_letter(tenant_a):
    batch = _issue(tenant_a)
    booklet, filename = render_subject(batch, BOOKLET_KIND)
    assert filename.endswith(".pdf") and pdf_pages(booklet) == 3
    text = pdf_text(booklet)
    assert "БЛАГОДАРСТВЕННОЕ" in text and tenant_a.organization.full_name.split()[0] in text
    for person in PEOPLE:
        assert person.full_name.split()[0] in text
    assert "№ 1/2026" in text and "25.05.2026" in text and "Иванова И.И." in text
    archive, filename = render_subject(batch, ZIP_KIND)
    assert filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        names = files.namelist()
        assert names == ["1-2026.pdf", "2-2026.pdf", "3-2026.pdf"]
        for name, person in zip(names, PEOPLE, strict=True):
            single = files.read(name)
            assert pdf_pages(single) == 1 and person.full_name.split()[0] in pdf_text(single)


def test_the_worker_stores_both_files(tenant_a):
    batch = _issue(tenant_a, people=PEOPLE[:2], kind="diploma")
    for document in Document.objects.filter(subject_id=batch.pk, kind__in=[BOOKLET_KIND, ZIP_KIND]):
        document_render(document.pk)
        document.refresh_from_db()
        assert document.state == Document.State.READY and document.size > 0
    assert "ДИПЛОМ" in pdf_text(Document.objects.get(subject_id=batch.pk, kind=BOOKLET_KIND).file.read())


@pytest.mark.usefixtures("pairs_seeded")
def test_all_mentors_of_a_programme_and_the_reward_order(client, tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    client.force_login(tenant_a.curator)
    response = client.post(
        reverse("events:letter_batches", args=[tenant_a.organization.slug]),
        {
            "kind": "thanks",
            "title": "Наставникам программы",
            "issued_on": "2026-05-25",
            "signer_position": "Директор",
            "signer_name": "Иванова И.И.",
            "programme": programme.pk,
            "merit": "за работу наставником",
            "people": "",
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get(batch__title="Наставникам программы")
    assert letter.full_name.startswith("АльфовНаставник")
    response = client.post(
        reverse("events:letters_order", args=[tenant_a.organization.slug, letter.batch_id])
    )
    order = Order.objects.get(kind="reward")
    assert response.status_code == 302 and order.details["people"][0]["name"] == letter.full_name


def test_a_line_without_a_merit_is_refused_and_nothing_is_lost(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.post(
        reverse("events:letter_batches", args=[tenant_a.organization.slug]),
        {
            "kind": "thanks",
            "title": "Партнёрам",
            "issued_on": "2026-05-25",
            "signer_position": "Директор",
            "signer_name": "Иванова И.И.",
            "people": "ООО «Завод»",
        },
    )
    assert response.status_code == 200 and "ООО «Завод»" in response.content.decode()
    assert not Letter.objects.exists()


def test_issuing_letters_completes_the_letters_activity(tenant_a):
    roadmap = roadmap_services.roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("gloria"),
        source="template",
        actor=tenant_a.curator,
    )
    activity = roadmap.activities.get(event=Activity.Event.LETTERS_ISSUED)
    batch = _issue(tenant_a)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.evidence_link == batch.get_absolute_url()


def test_printable_invitations_for_guests_without_an_account(tenant_a):
    from apps.events.services import events as event_services

    event = event_services.event_create(
        owner=tenant_a.organization,
        actor=tenant_a.curator,
        kind=Event.Kind.CEREMONY,
        title="Торжественное мероприятие",
        starts_at=timezone.now(),
        place="Актовый зал",
    )
    event_services.event_invite(event=event, actor=tenant_a.curator, via="partners", names=["Петров П.П."])
    event_services.event_invite(event=event, actor=tenant_a.curator, via="team", users=[tenant_a.director])
    pdf, _filename = render_subject(event, INVITATIONS_KIND)
    text = pdf_text(pdf)
    assert "ПРИГЛАШЕНИЕ" in text and "Петров П.П." in text and tenant_a.director.last_name not in text
