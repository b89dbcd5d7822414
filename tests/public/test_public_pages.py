"""The public section «Наставничество» (issue #18): what visitors see at /p/<slug>/, how it
is cached and framed, and that nothing unpublished is shown."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apps.public import services
from apps.public.models import NewsItem

from .helpers import PDF, open_section, publish_document, publish_news


def _section_url(tenant):
    return reverse("public:section", kwargs={"site_slug": tenant.organization.slug})


def test_a_section_not_opened_answers_404(client, tenant_a):
    assert client.get(_section_url(tenant_a)).status_code == 404
    assert client.get(reverse("public:section", kwargs={"site_slug": "no-such-school"})).status_code == 404
    with scope(organization=tenant_a.organization):
        services.section_update(organization=tenant_a.organization, actor=tenant_a.curator, intro="Черновик")
    assert client.get(_section_url(tenant_a)).status_code == 404


def test_a_visitor_sees_published_news_and_documents_only(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a, intro="О программе наставничества лицея")
        shown = publish_news(tenant_a, title="Открыт набор наставников")
        hidden = publish_news(tenant_a, title="Черновая новость", publish=False)
        document = publish_document(tenant_a)
        draft_document = publish_document(tenant_a, title="Черновой документ", publish=False)
    response = client.get(_section_url(tenant_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Открыт набор наставников" in body and "О программе наставничества лицея" in body
    assert "Положение о наставничестве" in body and "Куратор Программы" in body
    assert "Черновая новость" not in body and "Черновой документ" not in body
    assert '<meta property="og:title"' in body and "application/rss+xml" in body

    slug = tenant_a.organization.slug
    assert (
        client.get(reverse("public:news_item", kwargs={"site_slug": slug, "news_id": shown.pk})).status_code
        == 200
    )
    assert (
        client.get(reverse("public:news_item", kwargs={"site_slug": slug, "news_id": hidden.pk})).status_code
        == 404
    )
    pdf = client.get(
        reverse("public:document", kwargs={"site_slug": slug, "public_document_id": document.pk})
    )
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == PDF
    assert (
        client.get(
            reverse("public:document", kwargs={"site_slug": slug, "public_document_id": draft_document.pk})
        ).status_code
        == 404
    )
    # Withdrawn: gone at once.
    with scope(organization=tenant_a.organization):
        services.news_set_published(item=shown, actor=tenant_a.curator, published=False)
    assert (
        client.get(reverse("public:news_item", kwargs={"site_slug": slug, "news_id": shown.pk})).status_code
        == 404
    )


def test_public_pages_are_cacheable_for_visitors_and_never_stored_for_a_signed_in_person(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        publish_news(tenant_a)
    response = client.get(_section_url(tenant_a))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies  # no session, no CSRF cookie
    client.force_login(tenant_a.director)
    response = client.get(_section_url(tenant_a))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_news_text_is_sanitised(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        item = publish_news(
            tenant_a, text='<p onclick="x()">Текст</p><script>alert(1)</script><ul><li>пункт</li></ul>'
        )
    assert item.text == "<p>Текст</p><ul><li>пункт</li></ul>"
    with pytest.raises(ValidationError), scope(organization=tenant_a.organization):
        publish_news(tenant_a, text="<script>alert(1)</script>")


def test_only_the_organisation_site_may_frame_the_embeddable_page(client, tenant_a):
    with scopes_disabled():
        tenant_a.organization.website = "https://lyceum.example.ru/nastavnichestvo/"
        tenant_a.organization.save()
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
    embed = client.get(reverse("public:embed", kwargs={"site_slug": tenant_a.organization.slug}))
    assert embed.status_code == 200
    assert "frame-ancestors https://lyceum.example.ru" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    section = client.get(_section_url(tenant_a))
    assert "frame-ancestors 'none'" in section["Content-Security-Policy"]
    assert section["X-Frame-Options"] == "DENY"


def test_without_a_website_the_embeddable_page_is_not_framed(client, tenant_a):
    with scopes_disabled():
        tenant_a.organization.website = ""
        tenant_a.organization.save()
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
    embed = client.get(reverse("public:embed", kwargs={"site_slug": tenant_a.organization.slug}))
    assert "frame-ancestors 'none'" in embed["Content-Security-Policy"] and embed["X-Frame-Options"] == "DENY"


def test_the_news_feeds_carry_published_news(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        publish_news(tenant_a, title="Итоги первого полугодия")
        publish_news(tenant_a, title="Черновик итогов", publish=False)
    slug = tenant_a.organization.slug
    rss = client.get(reverse("public:rss", kwargs={"site_slug": slug}))
    atom = client.get(reverse("public:atom", kwargs={"site_slug": slug}))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    for feed in (rss, atom):
        body = feed.content.decode()
        assert "Итоги первого полугодия" in body and "Черновик итогов" not in body
        assert "max-age=300" in feed["Cache-Control"]


def test_an_order_naming_children_is_never_published(tenant_a, orders_seeded):
    from apps.orders import services as order_services
    from apps.orders.models import Order

    with scope(organization=tenant_a.organization):
        pairs_order = order_services.order_draft(
            organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator
        )
        Order.objects.filter(pk=pairs_order.pk).update(status=Order.Status.APPROVED)
        pairs_order.refresh_from_db()
        with pytest.raises(ValidationError):
            services.document_create(
                organization=tenant_a.organization,
                actor=tenant_a.curator,
                kind="order",
                title="",
                published_on=date(2026, 10, 1),
                order=pairs_order,
            )
        with pytest.raises(ValidationError):  # a draft is not published either
            services.document_create(
                organization=tenant_a.organization,
                actor=tenant_a.curator,
                kind="order",
                title="",
                published_on=date(2026, 10, 1),
                order=orders_seeded["a"]["draft"],
            )
        approved = orders_seeded["a"]["approved"]  # «О внедрении целевой модели»
        approved.refresh_from_db()
        document = services.document_create(
            organization=tenant_a.organization,
            actor=tenant_a.curator,
            kind="order",
            title="",
            published_on=date(2026, 10, 1),
            order=approved,
            publish=True,
        )
    assert document.title == approved.title and document.is_published


def test_a_file_that_is_not_a_pdf_is_refused(tenant_a):
    from django.core.files.base import ContentFile

    with scope(organization=tenant_a.organization), pytest.raises(ValidationError) as refused:
        services.document_create(
            organization=tenant_a.organization,
            actor=tenant_a.curator,
            kind="other",
            title="Сценарий",
            published_on=date(2026, 10, 1),
            upload=ContentFile(b"<html>not a pdf</html>", name="x.pdf"),
        )
    assert "PDF" in " ".join(refused.value.messages)


def test_a_repeated_publish_changes_nothing(tenant_a):
    with scope(organization=tenant_a.organization):
        item = publish_news(tenant_a)
        services.news_set_published(item=item, actor=tenant_a.curator, published=True)
        assert NewsItem.objects.filter(organization=tenant_a.organization, is_published=True).count() == 1


def test_the_section_lists_the_first_documents_and_links_to_all(client, tenant_a):
    from apps.public.selectors import DOCUMENTS_ON_FRONT

    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        for n in range(DOCUMENTS_ON_FRONT + 2):
            publish_document(tenant_a, title=f"Документ {n:02}", kind="other")
    slug = tenant_a.organization.slug
    body = client.get(_section_url(tenant_a)).content.decode()
    assert body.count("(Другой документ)") == DOCUMENTS_ON_FRONT and "Все документы" in body
    listing = client.get(reverse("public:documents", kwargs={"site_slug": slug})).content.decode()
    assert listing.count("(Другой документ)") == DOCUMENTS_ON_FRONT + 2


def test_the_library_items_the_organisation_publishes_are_on_its_section(client, tenant_a):
    from apps.library.models import Item
    from tests.library.helpers import seed_library

    with scopes_disabled():
        items = seed_library(tenant_a)
        Item.objects.filter(pk=items["shared"].pk).update(published=True)
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
    slug = tenant_a.organization.slug
    body = client.get(_section_url(tenant_a)).content.decode()
    shown = reverse("public:library_item", kwargs={"site_slug": slug, "item_id": items["shared"].pk})
    assert f'href="{shown}"' in body and "Памятка наставнику (private)" not in body
    page = client.get(shown)
    assert page.status_code == 200 and "Первая встреча наставника и наставляемого" in page.content.decode()
    assert page["Cache-Control"] == "public, max-age=300"
    file = client.get(
        reverse("public:library_file", kwargs={"site_slug": slug, "item_id": items["shared"].pk})
    )
    assert file.status_code == 200 and b"".join(file.streaming_content) == b"%PDF-1.4 library"
    for name in ("public:library_item", "public:library_file"):
        hidden = reverse(name, kwargs={"site_slug": slug, "item_id": items["private"].pk})
        assert client.get(hidden).status_code == 404
