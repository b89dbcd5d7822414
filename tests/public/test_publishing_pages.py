"""The curator's publishing pages (/o/<org_slug>/public/): a news item written and published,
once however many times the form is sent; bad input answered in words, nothing lost."""

from django.urls import reverse
from django_scopes import scopes_disabled

from apps.public.models import NewsItem, PublicSection


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_a_news_item_sent_twice_is_written_once_and_published(client, tenant_a):
    client.force_login(tenant_a.curator)
    assert client.get(_url(tenant_a, "public_admin:section")).status_code == 200
    with scopes_disabled():
        assert not PublicSection.objects.filter(
            organization=tenant_a.organization
        ).exists()  # a GET writes nothing
    data = {
        "title": "Открыт набор наставников",
        "text": "<p>Приглашаем.</p><script>alert(1)</script>",
        "published_on": "2026-11-20",
        "publish": "on",
        "form_token": "double-click-news-0001",
    }
    first = client.post(_url(tenant_a, "public_admin:news_create"), data)
    second = client.post(_url(tenant_a, "public_admin:news_create"), data)
    assert first.status_code == 302 and second.status_code == 302
    with scopes_disabled():
        item = NewsItem.objects.get(organization=tenant_a.organization)
    assert item.is_published and item.text == "<p>Приглашаем.</p>"


def test_a_news_item_without_text_is_refused_in_words_and_kept_in_the_form(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "public_admin:news_create"),
        {
            "title": "Без текста",
            "text": "<script>x</script>",
            "published_on": "2026-11-20",
            "form_token": "t-0002-no-text",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Напишите текст новости." in body and "Без текста" in body
    with scopes_disabled():
        assert not NewsItem.objects.filter(organization=tenant_a.organization).exists()


def test_a_document_that_is_not_a_pdf_is_refused_in_words(client, tenant_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "public_admin:document_create"),
        {
            "kind": "regulation",
            "title": "Положение",
            "published_on": "2026-10-01",
            "file": SimpleUploadedFile("polozhenie.pdf", b"PK\x03\x04 a word file"),
            "form_token": "t-0003-not-a-pdf",
        },
    )
    assert response.status_code == 200
    assert "Документы публикуются в формате PDF" in response.content.decode()
