"""The daily e-mail: one per person, in Russian, with the PDF digest attached."""

import re
import subprocess
from datetime import timedelta

from django.core import mail

from apps.organizations.roles import Role
from apps.reminders.models import DigestSent, Notification

from .conftest import DAY, add_activity, local_time, make_roadmap


def squeeze(text: str) -> str:
    return re.sub(r"[^0-9a-zа-яё]", "", text.lower())


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_digest_is_one_e_mail_with_a_russian_pdf(tenant_a, run_reminders, settings):
    settings.PORTAL_URL = "https://portal.example.org"
    roadmap = make_roadmap(tenant_a.organization)
    add_activity(roadmap, "Сформировать базу наставников", DAY + timedelta(days=5), role=Role.CURATOR)
    add_activity(roadmap, "Провести анкетирование обучающихся", DAY - timedelta(days=4), role=Role.CURATOR)

    run_reminders(local_time("Europe/Moscow", 7))

    [letter] = mail.outbox
    assert letter.to == [tenant_a.curator.email]
    assert letter.subject == f"Напоминания портала наставничества на {DAY:%d.%m.%Y}: 2 напоминания"
    assert letter.body.startswith(f"Здравствуйте, {tenant_a.curator.full_name}!")
    # Links are absolute, on the portal address from settings (a worker has no request).
    assert "https://portal.example.org/notifications/settings/" in letter.body
    [(filename, content, mimetype)] = letter.attachments
    assert filename == f"napominaniya-{DAY:%Y-%m-%d}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert f"Напоминания портала наставничества на {DAY:%d.%m.%Y}" in text
    assert f"Получатель: {tenant_a.curator.full_name}" in text
    assert tenant_a.organization.short_name in text
    assert "Приближается срок мероприятий дорожной карты (1)" in text
    assert "Просроченные мероприятия дорожной карты (1)" in text
    # Long lines wrap and hyphenate: compare letters and digits only.
    assert squeeze("Срок мероприятия через 5 дней: «Сформировать базу наставников»") in squeeze(text)
    assert squeeze("Провести анкетирование обучающихся») Срок был") in squeeze(text)
    assert squeeze(f"Срок был {DAY - timedelta(days=4):%d.%m.%Y}, просрочено на 4 дня") in squeeze(text)
    # The link may wrap in the PDF: compare letters and digits.
    link = f"https://portal.example.org/o/{tenant_a.organization.slug}/roadmap/{roadmap.pk}/activities/"
    assert squeeze(link) in squeeze(text)

    digest = DigestSent.objects.get()
    assert digest.user == tenant_a.curator and digest.day == DAY and digest.sent_at is not None
    assert set(Notification.objects.values_list("digest_id", flat=True)) == {digest.pk}


def test_nobody_without_an_e_mail_address_gets_a_digest(tenant_a, run_reminders):
    tenant_a.curator.email = ""
    tenant_a.curator.save()
    add_activity(make_roadmap(tenant_a.organization), "Мероприятие", DAY, role=Role.CURATOR)

    run_reminders()

    assert Notification.objects.filter(user=tenant_a.curator).count() == 1
    assert mail.outbox == [] and not DigestSent.objects.exists()
