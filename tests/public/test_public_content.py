"""What the public section publishes beyond news: the roadmap (web view, PDF), contest
winners (names with consent, minors and pairs never), the committee's page; the roadmap
activities publishing completes; and pages that cost the same queries at 10 and 200 items."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apps.audit.models import AuditEntry
from apps.public import services
from apps.public.models import WinnerConsent
from apps.roadmap import services as roadmap_services
from apps.roadmap.links import public_section_event
from apps.roadmap.models import Activity
from apps.roadmap.template_library import all_templates, get_template

from .helpers import contest_with_winners, open_section, publish_document, publish_news


def _gloria_roadmap(tenant):
    """Seed 004: «Ведение специальной рубрики на официальном сайте» is the section's."""
    return roadmap_services.roadmap_create(
        owner=tenant.organization,
        year=2026,
        data=get_template("gloria"),
        source="template",
        actor=tenant.curator,
    )


def _valuyki_roadmap(tenant):
    """Seed 003: 7.6 «Публикация результатов программы наставничества…»."""
    return roadmap_services.roadmap_create(
        owner=tenant.organization,
        year=2026,
        data=get_template("valuyki"),
        source="template",
        actor=tenant.curator,
    )


def test_publishing_a_news_item_informs_through_the_section(tenant_a):
    with scope(organization=tenant_a.organization):
        roadmap = _gloria_roadmap(tenant_a)
        activity = Activity.objects.get(roadmap=roadmap, event=Activity.Event.PUBLIC_INFORMING)
        publish_news(tenant_a, publish=False)
        activity.refresh_from_db()
        assert activity.status != Activity.Status.DONE  # a draft informs nobody
        item = publish_news(tenant_a)
        activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.evidence_link == item.get_public_url()


def test_results_published_by_a_news_item_about_them_or_a_document_of_results(tenant_a):
    with scope(organization=tenant_a.organization):
        roadmap = _valuyki_roadmap(tenant_a)
        activity = Activity.objects.get(roadmap=roadmap, event=Activity.Event.RESULTS_PUBLISHED)
        publish_news(tenant_a)
        activity.refresh_from_db()
        assert activity.status != Activity.Status.DONE
        document = publish_document(tenant_a, title="Итоги программы 2026/2027", kind="results")
        activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.evidence_link.endswith(f"/documents/{document.pk}/")


def test_the_templates_public_events_agree_with_the_phrase_table():
    """An imported roadmap is linked by the titles as the curated templates are."""
    checked = 0
    for template in all_templates().values():
        if template["owner_kind"] == "municipality":
            continue
        for stage in template["stages"]:
            for activity in stage["activities"]:
                found = public_section_event(activity["title"])
                if found or activity.get("event") in {"public_informing", "results_published"}:
                    assert activity.get("event") == found, activity["title"]
                    checked += 1
    assert checked == 2


def test_the_roadmap_is_shown_with_its_pdf(client, tenant_a, roadmaps_seeded):
    roadmap = roadmaps_seeded["a"]["organization"]
    slug = tenant_a.organization.slug
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
    assert client.get(reverse("public:roadmap", kwargs={"site_slug": slug})).status_code == 404
    with scope(organization=tenant_a.organization):
        services.roadmap_publish(organization=tenant_a.organization, actor=tenant_a.curator, roadmap=roadmap)
        first = roadmap.activities.order_by("stage__position", "position").first()
    page = client.get(reverse("public:roadmap", kwargs={"site_slug": slug}))
    assert page.status_code == 200 and first.title in page.content.decode()
    pdf = client.get(reverse("public:roadmap_pdf", kwargs={"site_slug": slug}))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert (
        "/roadmap/pdf/" in client.get(reverse("public:section", kwargs={"site_slug": slug})).content.decode()
    )


def test_a_winner_is_named_only_with_consent_and_a_minor_never(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        nominees = contest_with_winners(tenant_a)
        services.winner_consent_record(
            nominee=nominees["adult"], actor=tenant_a.curator, signed_on=date(2026, 11, 1)
        )
        with pytest.raises(ValidationError):
            services.winner_consent_record(
                nominee=nominees["minor"], actor=tenant_a.curator, signed_on=date(2026, 11, 1)
            )
    body = client.get(
        reverse("public:section", kwargs={"site_slug": tenant_a.organization.slug})
    ).content.decode()
    assert "Согласнова" in body
    assert "Молчанова" not in body and "Юнова" not in body
    assert body.count("имя не публикуется") == 2


def test_a_winner_who_revokes_the_consent_leaves_the_section_at_once(client, tenant_a):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        winner = contest_with_winners(tenant_a)["adult"]
        services.winner_consent_record(nominee=winner, actor=tenant_a.curator, signed_on=date(2026, 11, 1))
    section = reverse("public:section", kwargs={"site_slug": tenant_a.organization.slug})
    assert "Согласнова" in client.get(section).content.decode()

    client.force_login(tenant_a.curator)
    revoke = reverse(
        "public_admin:winner_consent_revoke",
        kwargs={"org_slug": tenant_a.organization.slug, "nominee_id": winner.pk},
    )
    response = client.post(revoke, follow=True)
    page = response.content.decode()
    assert "Согласие отозвано: имя больше не публикуется." in page
    assert f"Согласие отозвано {timezone.localdate():%d.%m.%Y}" in page  # the winner's row
    client.post(revoke)  # a second click changes nothing
    client.logout()
    assert "Согласнова" not in client.get(section).content.decode()
    with scopes_disabled():
        revocations = AuditEntry.objects.filter(action="public.winner_consent_revoked")
        consent = WinnerConsent.objects.get(nominee=winner)
        assert [(e.actor, e.target_id) for e in revocations] == [(tenant_a.curator, consent.pk)]


def test_the_committee_page_lists_open_sections(client, tenant_a, tenant_b):
    with scopes_disabled():
        municipality = tenant_a.organization.municipality
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
    response = client.get(reverse("public:committee", kwargs={"committee_slug": municipality.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert tenant_a.organization.short_name in body and tenant_b.organization.short_name not in body
    assert "max-age=300" in response["Cache-Control"]
    assert client.get(reverse("public:committee", kwargs={"committee_slug": "nowhere"})).status_code == 404


def _fill(tenant, count):
    """`count` published news items and documents (bulk: the page's cost, not the writes')."""
    from django.core.files.base import ContentFile

    from apps.public.models import NewsItem, PublicDocument

    organization = tenant.organization
    NewsItem.objects.bulk_create(
        NewsItem(
            organization=organization,
            title=f"Новость {n}",
            text="<p>Текст</p>",
            published_on=date(2026, 11, 1),
            is_published=True,
        )
        for n in range(count)
    )
    stored = publish_document(tenant, title="Образец")
    PublicDocument.objects.bulk_create(
        PublicDocument(
            organization=organization,
            kind="other",
            title=f"Документ {n}",
            file=stored.file.name,
            published_on=date(2026, 10, 1),
            is_published=True,
        )
        for n in range(count)
    )
    return ContentFile


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    ["public:section", "public:news", "public:rss", "public:embed", "public:roadmap", "public:documents"],
)
def test_public_pages_cost_the_same_queries_at_10_and_200_items(
    client, tenant_a, roadmaps_seeded, name, django_assert_max_num_queries
):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        services.roadmap_publish(
            organization=tenant_a.organization,
            actor=tenant_a.curator,
            roadmap=roadmaps_seeded["a"]["organization"],
        )
        _fill(tenant_a, 10)
    url = reverse(name, kwargs={"site_slug": tenant_a.organization.slug})
    at_10 = _queries(client, url)
    with scope(organization=tenant_a.organization):
        _fill(tenant_a, 190)
    with django_assert_max_num_queries(at_10):
        client.get(url)
    assert at_10 <= 12
