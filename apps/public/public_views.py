"""The public section «Наставничество» at /p/<site_slug>/ and the committee's page at
/p/m/<committee_slug>/: no sign-in, server-rendered, printable (apps/public/http.py)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django_scopes import scope

from apps.core.downloads import stored_file_response
from apps.core.links import address_of_each
from apps.library import selectors as library_selectors

from . import selectors
from .http import allow_framing_by, public_page, render_public, site_origin


@public_page
def section(request, site_slug):
    context = selectors.section_page(selectors.open_section(site_slug))
    return render_public("public/section.html", {**context, "page_url": request.build_absolute_uri()})


@public_page
def embed(request, site_slug):
    """The same section without the portal's frame, for the school's own site to frame."""
    section = selectors.open_section(site_slug)
    context = selectors.section_page(section)
    response = render_public(
        "public/embed.html", {**context, "page_url": request.build_absolute_uri(), "embedded": True}
    )
    return allow_framing_by(response, site_origin(section.organization.website))


@public_page
def news_list(request, site_slug):
    section = selectors.open_section(site_slug)
    with scope(organization=section.organization):
        news = list(selectors.published_news(section.organization).defer("text"))
    news_url = address_of_each("public:news_item", by="news_id", site_slug=site_slug)
    for item in news:
        item.public_url = news_url(item.pk)
    return render_public(
        "public/news_list.html",
        {
            "section": section,
            "organization": section.organization,
            "news": news,
            "page_url": request.build_absolute_uri(),
        },
    )


@public_page
def news_item(request, site_slug, news_id):
    section = selectors.open_section(site_slug)
    with scope(organization=section.organization):
        item = selectors.published_news_item(section.organization, news_id)
    return render_public(
        "public/news_item.html",
        {
            "section": section,
            "organization": section.organization,
            "item": item,
            "description": strip_tags(item.text)[:200],
            "page_url": request.build_absolute_uri(),
        },
    )


@public_page
def document_list(request, site_slug):
    section = selectors.open_section(site_slug)
    with scope(organization=section.organization):
        documents = selectors.documents_listed(
            section.organization, selectors.published_documents(section.organization)
        )
    return render_public(
        "public/document_list.html",
        {
            "section": section,
            "organization": section.organization,
            "documents": documents,
            "page_url": request.build_absolute_uri(),
        },
    )


@public_page
def document(request, site_slug, public_document_id):
    """A published document's PDF: the uploaded file, or the approved order's rendered PDF."""
    section = selectors.open_section(site_slug)
    with scope(organization=section.organization):
        row = selectors.published_documents(section.organization).filter(pk=public_document_id).first()
        if row is None:
            raise Http404
        if row.order_id:
            pdf = selectors.ready_pdf(type(row.order), [row.order_id], "order").get(row.order_id)
            if pdf is None:
                raise Http404
            file, name = pdf.file, pdf.filename or "order.pdf"
        else:
            file, name = row.file, row.file.name.rsplit("/", 1)[-1]
    return stored_file_response(file, filename=name, inline=True, content_type="application/pdf")


@public_page
def library_item(request, site_slug, item_id):
    """A material, case or programme the organisation publishes from its library."""
    section = selectors.open_section(site_slug)
    item = library_selectors.public_item(section.organization, item_id)
    text = " ".join(filter(None, [item.description, item.situation]))
    return render_public(
        "public/library_item.html",
        {
            "section": section,
            "organization": section.organization,
            "item": item,
            "description": text[:200],
            "page_url": request.build_absolute_uri(),
        },
    )


@public_page
def library_file(request, site_slug, item_id):
    section = selectors.open_section(site_slug)
    item = library_selectors.public_item(section.organization, item_id)
    return stored_file_response(item.file)


@public_page
def roadmap(request, site_slug):
    section = selectors.open_section(site_slug)
    context = selectors.roadmap_page(section)
    return render_public(
        "public/roadmap.html",
        {
            **context,
            "section": section,
            "organization": section.organization,
            "page_url": request.build_absolute_uri(),
        },
    )


@public_page
def roadmap_pdf(request, site_slug):
    section = selectors.open_section(site_slug)
    context = selectors.roadmap_page(section)
    pdf = context["roadmap_pdf"]
    if pdf is None:
        raise Http404
    return stored_file_response(
        pdf.file, filename=pdf.filename or "roadmap.pdf", inline=True, content_type="application/pdf"
    )


@public_page
def committee(request, committee_slug):
    context = selectors.committee_page(committee_slug)
    return render_public("public/committee.html", {**context, "page_url": request.build_absolute_uri()})


class NewsFeed(Feed):
    """The section's news as RSS 2.0 (django.contrib.syndication)."""

    def get_object(self, request, site_slug):
        return selectors.open_section(site_slug)

    def title(self, section):
        return f"Наставничество — {section.organization.short_name}"

    def link(self, section):
        return reverse("public:section", kwargs={"site_slug": section.organization.slug})

    def description(self, section):
        return f"Новости раздела «Наставничество»: {section.organization.full_name}"

    def items(self, section):
        with scope(organization=section.organization):
            items = list(selectors.published_news(section.organization)[:50])
        for item in items:
            item.organization = section.organization  # its link, without a query per item
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text  # sanitised when saved (orders.services.clean_html)

    def item_link(self, item):
        return item.get_public_url()

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9, 0)))


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


news_rss = public_page(NewsFeed())
news_atom = public_page(AtomNewsFeed())
