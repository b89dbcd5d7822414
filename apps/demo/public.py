"""The demo's public sections «Наставничество» (#18): each demo organisation's section is open,
with the curator's contact, news (one about the programme's results), its regulation as a PDF,
the approved order on implementing the target model, the roadmap, and its contest's winner
named with a consent to publication (the runner-up without one: «имя не публикуется").
Deterministic, and running it twice changes nothing."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.core.academic_year import academic_year_of
from apps.documents.pdf import render_pdf
from apps.events.models import Contest
from apps.orders.models import Order
from apps.organizations.models import Membership, Organization
from apps.organizations.roles import Role
from apps.public import services
from apps.public.models import NewsItem, PublicDocument, WinnerConsent
from apps.roadmap.models import Roadmap

WEBSITES = {
    "licey-7": "https://licey7.example.ru",
    "borisovskaya-sosh": "https://borisovka-school.example.ru",
    "valuyskiy-kolledzh": "https://valuyki-college.example.ru",
    "cvr-gloria": "https://gloria.example.ru",
}

REGULATION = [
    "1. Настоящее Положение определяет порядок организации наставничества в образовательной "
    "организации в соответствии с целевой моделью наставничества (распоряжение Минпросвещения "
    "России от 25.12.2019 № Р-145).",
    "2. Наставничество реализуется в формах, выбранных образовательной организацией с учётом "
    "её потребностей.",
    "3. Куратор программы наставничества назначается приказом руководителя.",
    "4. Участие в программе добровольное; персональные данные обрабатываются с согласия участников, "
    "а несовершеннолетних — с согласия их законных представителей.",
]


def _news(start: int, today: date, short_name: str) -> list[dict]:
    return [
        {
            "title": "В нашей организации стартовала программа наставничества",
            "text": (
                f"<p>С сентября {start} года в {short_name} реализуется целевая модель наставничества.</p>"
                "<p>Наставники и наставляемые сформировали пары и группы; "
                "куратор программы ответит на вопросы.</p>"
            ),
            "published_on": date(start, 9, 15),
            "about_results": False,
        },
        {
            "title": "Прошла «Школа наставников»",
            "text": (
                "<p>Наставники прошли обучение: планирование встреч, обратная связь, индивидуальный план.</p>"
            ),
            "published_on": min(date(start, 11, 10), today),
            "about_results": False,
        },
        {
            "title": "Промежуточные итоги программы наставничества",
            "text": (
                "<p>Подведены промежуточные итоги: проведены организационные и пробные встречи, "
                "составлены индивидуальные планы развития.</p><ul><li>все пары провели первую встречу;</li>"
                "<li>подведены итоги конкурса «Наставник года».</li></ul>"
            ),
            "published_on": min(date(start, 12, 1), today),
            "about_results": True,
        },
    ]


def load_demo_public(*, organization: Organization) -> str:
    if NewsItem.objects.filter(organization=organization).exists():
        count = NewsItem.objects.filter(organization=organization, is_published=True).count()
        return f"public section: {count} news (already there)"
    if organization.slug in WEBSITES and not organization.website:
        # The site that may frame the embeddable page (frame-ancestors).
        Organization.objects.filter(pk=organization.pk).update(website=WEBSITES[organization.slug])
        organization.website = WEBSITES[organization.slug]
    curator = Membership.objects.get(organization=organization, role=Role.CURATOR, is_active=True).user
    today = timezone.localdate()
    start = academic_year_of(today)
    services.section_update(
        organization=organization,
        actor=curator,
        is_open=True,
        intro=(
            f"Раздел о реализации целевой модели наставничества в {organization.short_name}: "
            "нормативные документы, дорожная карта, новости и итоги."
        ),
        contact_name=curator.full_name,
        contact_position="куратор программы наставничества",
        contact_phone="+7 900 000-00-00",
        contact_email=curator.email,
    )
    for item in _news(start, today, organization.short_name):
        services.news_create(organization=organization, actor=curator, publish=True, **item)
    # A draft stays unpublished: the crawl checks that it never shows.
    services.news_create(
        organization=organization,
        actor=curator,
        title="Черновик: итоговое мероприятие",
        text="<p>Готовится к публикации.</p>",
        published_on=today,
    )
    title = "Положение о наставничестве"
    pdf = render_pdf(
        "public/demo_regulation_pdf.html",
        {"title": title, "paragraphs": REGULATION, "letterhead": organization.full_name},
    )
    services.document_create(
        organization=organization,
        actor=curator,
        kind=PublicDocument.Kind.REGULATION,
        title=title,
        published_on=date(start, 9, 1),
        upload=ContentFile(pdf, name="polozhenie-o-nastavnichestve.pdf"),
        publish=True,
    )
    implement = (
        Order.objects.filter(organization=organization, kind="implement_model", status=Order.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    if implement is not None:
        services.document_create(
            organization=organization,
            actor=curator,
            kind=PublicDocument.Kind.ORDER,
            title="",
            published_on=implement.date or date(start, 9, 1),
            order=implement,
            publish=True,
        )
    roadmap = Roadmap.objects.filter(organization=organization).order_by("-academic_year").first()
    if roadmap is not None:
        services.roadmap_publish(organization=organization, actor=curator, roadmap=roadmap)
    # The winner of the organisation's contest consented to the publication of their name.
    winner = (
        services.winners(organization)
        .filter(contest__organization=organization, contest__level=Contest.Level.ORGANIZATION, place=1)
        .first()
    )
    consented = 0
    if winner is not None and winner.participant_id and services.is_adult(winner.participant, today):
        services.winner_consent_record(nominee=winner, actor=curator, signed_on=today - timedelta(days=1))
        consented = WinnerConsent.objects.filter(organization=organization).count()
    news = NewsItem.objects.filter(organization=organization, is_published=True).count()
    documents = PublicDocument.objects.filter(organization=organization, is_published=True).count()
    return f"public section: {news} news, {documents} documents, {consented} winner named"
