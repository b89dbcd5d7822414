"""Demo library (#18): each demo organisation has a methodological memo with a file and a
programme shared with the municipality, a template kept to itself, and an anonymised case of
one of its pairs, published on its website; the committee features one organisation's
programme. Deterministic, and running it twice changes nothing."""

from django.core.files.base import ContentFile

from apps.library import services
from apps.library.models import Item
from apps.organizations.models import CommitteeMembership, Membership
from apps.organizations.roles import Role
from apps.pairs.models import Pair

# A programme each organisation describes for its neighbours (forms from its seed roadmap).
PROGRAMMES = {
    "licey-7": ("Программа «Учитель – ученик»: от трудностей в учёбе к успеху", ["Учитель – ученик"]),
    "borisovskaya-sosh": ("Программа «Ученик – ученик»: старшие помогают младшим", ["Ученик – ученик"]),
    "valuyskiy-kolledzh": (
        "Программа «Работодатель – студент»: наставники с предприятий",
        ["Работодатель – ученик"],
    ),
    "cvr-gloria": ("Программа «Учитель – учитель»: успешный старт молодого педагога", ["Учитель – учитель"]),
}

MEMO = """Памятка наставнику: первая встреча

1. Познакомьтесь: расскажите о себе и узнайте интересы наставляемого.
2. Договоритесь о целях работы пары и о том, как вы будете общаться.
3. Согласуйте график регулярных встреч и способ обратной связи.
4. Запишите договорённости в индивидуальный план развития.
"""


def load_demo_library(*, organization) -> str:
    if Item.objects.filter(organization=organization).exists():
        return f"{Item.objects.filter(organization=organization).count()} library items (already there)"
    curator = Membership.objects.get(organization=organization, role=Role.CURATOR, is_active=True).user
    title, forms = PROGRAMMES.get(organization.slug, ("Программа наставничества", ["Учитель – ученик"]))

    def add(kind, title, **fields):
        return services.item_create(
            organization=organization, actor=curator, kind=kind, title=title, **fields
        )

    add(
        Item.Kind.MATERIAL,
        "Памятка наставнику: как провести первую встречу",
        description="Короткая памятка для наставников: знакомство, цели, график встреч и обратная связь.",
        file=ContentFile(MEMO.encode(), name="pamyatka-nastavniku.txt"),
        forms=forms,
        stages=[6],
        visibility=Item.Visibility.MUNICIPALITY,
        published=True,
    )
    add(
        Item.Kind.MATERIAL,
        "Шаблон положения о наставничестве",
        description="Наш рабочий шаблон положения о системе наставничества: правим перед утверждением.",
        url="https://docs.edu.gov.ru/",
        stages=[1],
    )
    add(
        Item.Kind.PROGRAMME,
        title,
        description=(
            "Цель: поддержка наставляемых и развитие их потенциала. Задачи: адаптация, "
            "повышение мотивации, рост образовательных результатов. Этапы: подготовка, "
            "формирование пар, работа пар, завершение и оценка результатов."
        ),
        forms=forms,
        stages=[1, 5, 6, 7],
        visibility=Item.Visibility.MUNICIPALITY,
    )
    pair = Pair.objects.filter(organization=organization).order_by("pk").first()
    add(
        Item.Kind.CASE,
        "Кейс: как наставник помог втянуться в учёбу после перехода в новую школу",
        description="Обезличенная история одной пары.",
        situation=(
            "Наставляемый перешёл в новую школу, отставал по двум предметам и не "
            "находил общий язык с классом."
        ),
        actions=(
            "Еженедельные встречи с наставником, совместный план на четверть, "
            "участие в проектной работе класса."
        ),
        results=(
            "К концу полугодия наставляемый закрыл пробелы по предметам и выступил с "
            "проектом на школьной конференции."
        ),
        pair=pair,
        stages=[6, 7],
        forms=forms,
        visibility=Item.Visibility.MUNICIPALITY,
        published=True,
    )
    return "4 library items"


def load_demo_committee_library(*, municipality, organizations) -> str:
    """The committee features the first organisation's programme for every organisation."""
    if Item.objects.filter(organization__in=organizations, featured=True).exists():
        return "a featured library item (already there)"
    member = CommitteeMembership.objects.filter(municipality=municipality, is_active=True).first()
    programme = (
        Item.objects.filter(
            organization__in=organizations, kind=Item.Kind.PROGRAMME, visibility=Item.Visibility.MUNICIPALITY
        )
        .order_by("organization__pk", "pk")
        .first()
    )
    if member is None or programme is None:
        return "no featured library item"
    services.item_feature(item=programme, actor=member.user, featured=True)
    return "a featured library item"
