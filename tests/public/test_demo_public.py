"""The demo's public sections (issue #18), and the privacy crawl: every public page of the
demo, followed link by link from each section and the committee's page, names no participant
without a consent to publication, and no minor at all."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.demo.organizations import MUNICIPALITY, ORGANIZATIONS
from apps.participants.models import Participant
from apps.public.models import NewsItem, PublicDocument, PublicSection, WinnerConsent
from apps.public.services import is_adult
from apps.roadmap.models import Activity

LINK = re.compile(r'href="(/p/[^"#?]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo once for the module (it takes a while); every case reads it."""
    from tests import demo_world
    from tests.module_scope import built_for_module

    def build():
        demo_world.load_demo()
        return True

    yield from built_for_module(django_db_blocker, build)


def _crawl(client, starts) -> dict[str, bytes]:
    """Every /p/ page reachable from `starts`: {url: body}."""
    seen, queue, pages = set(), list(starts), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert "max-age=300" in response["Cache-Control"], url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = body
        if response["Content-Type"].startswith("text/html"):
            queue.extend(LINK.findall(body.decode()))
    return pages


def test_every_demo_organisation_has_a_filled_public_section(db, demo):
    with scopes_disabled():
        for spec in ORGANIZATIONS:
            section = PublicSection.objects.get(organization__slug=spec.slug)
            assert section.is_open and section.roadmap_id and section.contact_name, spec.slug
            assert NewsItem.objects.filter(organization=section.organization, is_published=True).count() == 3
            assert NewsItem.objects.filter(organization=section.organization, is_published=False).exists()
            kinds = set(
                PublicDocument.objects.filter(
                    organization=section.organization, is_published=True
                ).values_list("kind", flat=True)
            )
            assert {"regulation", "order"} <= kinds, spec.slug
            assert WinnerConsent.objects.filter(organization=section.organization).count() == 1, spec.slug
        # Seed 004 «Ведение специальной рубрики на официальном сайте» is done by the publications.
        rubric = Activity.objects.get(roadmap__organization__slug="cvr-gloria", event="public_informing")
        assert rubric.status == Activity.Status.DONE and "/p/cvr-gloria/" in rubric.evidence_link


def test_the_crawl_of_every_public_page_names_nobody_without_consent(client, db, demo):
    starts = [reverse("public:committee", kwargs={"committee_slug": MUNICIPALITY["slug"]})]
    starts += [
        reverse(name, kwargs={"site_slug": spec.slug})
        for spec in ORGANIZATIONS
        for name in ("public:section", "public:embed")
    ]
    pages = _crawl(client, starts)
    html = {url: body.decode() for url, body in pages.items() if body.lstrip().startswith((b"<", b"<?xml"))}
    # Sections, news, the roadmaps, the feeds, the embeddable pages, the documents.
    assert len(html) >= 4 * 6 and any("/documents/" in url for url in pages)

    today = timezone.localdate()
    with scopes_disabled():
        consented = set(
            WinnerConsent.objects.filter(revoked_on__isnull=True).values_list(
                "nominee__participant_id", flat=True
            )
        )
        people = list(Participant.objects.filter(organization__slug__in=[s.slug for s in ORGANIZATIONS]))
        drafts = list(NewsItem.objects.filter(is_published=False).values_list("title", flat=True))
    named = set()
    for person in people:
        allowed = person.pk in consented and is_adult(person, today)
        for url, body in html.items():
            for form in (person.full_name, person.short_name, f"{person.last_name} {person.first_name}"):
                if form in body:
                    assert allowed, f"{url} names {form!r} without a consent to publication"
                    named.add(person.pk)
    assert named, "the winners who consented are named"
    for url, body in html.items():
        for title in drafts:
            assert title not in body, f"{url} shows the unpublished {title!r}"
