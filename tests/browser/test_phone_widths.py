"""On a phone (390×844) no page of the curators, directors, staff, committees and regional centres
is wider than the screen: a wider page makes the phone zoom the whole of it out. The data are
the long Russian texts real roadmaps, orders and stages have, since long texts are what break a
phone: tables scroll within their box, badges and form controls wrap or shrink to the screen."""

from apps.api.services import api_token_create
from apps.events.models import Contest
from apps.library import services as library_services
from apps.library.models import Item
from apps.orders import services as order_services
from apps.regional.services import indicator_set_create_default
from apps.roadmap import services as roadmap_services
from apps.surveys import services as survey_services
from tests.browser.steps import pages_wider_than_a_phone
from tests.conftest import seed_assigned, seed_events, seed_orders, seed_pair, seed_roadmaps
from tests.factories import (
    PASSWORD,
    CommitteeMembershipFactory,
    ProgrammeFactory,
    RegionFactory,
    RegionMembershipFactory,
)
from tests.public.helpers import open_section, publish_news

THROUGHOUT = "В течение всего периода реализации ЦМН"
LONG_ACTIVITY = (
    "Формирование базы наставников из числа обучающихся, педагогов, представителей родительской "
    "общественности, выпускников, партнеров и т. д."
)


def _long_activity(roadmap, role, *, title=LONG_ACTIVITY, deadline=THROUGHOUT):
    """An activity of the roadmap's first stage, in progress, that the role is responsible for."""
    activity = roadmap_services.activity_save(
        roadmap=roadmap,
        activity=None,
        values={"stage": roadmap.stages.first(), "title": title, "deadline": deadline},
        responsible=[{"role": role, "text": "Куратор"}, {"text": "Проектная группа школы"}],
        actor=None,
    )
    if not activity.recurrence:
        roadmap_services.activity_record_progress(activity=activity, status="in_progress", actor=None)
    return activity


def _world(tenant):
    """Everything the pages below show, with texts as long as real ones."""
    organization = tenant.organization
    municipality = organization.municipality
    seed_pair(tenant, "Альфов")  # a mentor, whom the contest nominates
    roadmaps = seed_roadmaps(tenant)
    _long_activity(roadmaps["organization"], "curator")
    _long_activity(roadmaps["municipality"], "committee")
    recurring = _long_activity(
        roadmaps["organization"],
        "staff",
        title="Мониторинг реализации программы наставничества: анкетирование наставников и наставляемых",
        deadline="Сентябрь – май, ежемесячно",
    )
    seed_assigned(tenant, roadmaps["municipality"])

    seed_orders(tenant)
    returned = order_services.order_draft(organization=organization, kind="regulation", actor=tenant.curator)
    order_services.order_submit(order=returned, actor=tenant.curator)
    order_services.order_return(
        order=returned, actor=tenant.director, comment="Уточните состав рабочей группы и сроки реализации."
    )
    submitted = order_services.order_draft(
        organization=organization, kind="implement_model", actor=tenant.curator
    )
    order_services.order_submit(order=submitted, actor=tenant.curator)

    events = seed_events(tenant)
    for made in events.values():
        Contest.objects.filter(pk=made["contest"].pk).update(stage=Contest.Stage.RESULTS)

    api_token_create(
        user=tenant.curator,
        name="Электронный журнал и дневник «Сетевой город. Образование»",
        scopes=["read"],
        days=30,
        organization=organization,
    )

    open_section(tenant)
    publish_news(
        tenant, title="Стартовала программа наставничества «Учитель – ученик» на 2026/2027 учебный год"
    )
    publish_news(tenant, title="Итоги конкурса «Наставник года»: поздравляем победителей", publish=False)

    item = library_services.item_create(
        organization=organization,
        actor=tenant.curator,
        kind=Item.Kind.MATERIAL,
        title="Положение о системе наставничества педагогических работников в образовательной организации",
        description="Образец положения, приказа и дорожной карты внедрения целевой модели наставничества.",
        stages=[1, 6],
    )

    survey_services.forms_create_standard(organization)
    ProgrammeFactory(
        organization=organization,
        title="Учитель – ученик: сопровождение обучающихся с низкой мотивацией, 2026/2027",
    )

    region = RegionFactory(name="Омская область", slug="omsk")
    municipality.parent_region = region
    municipality.save()
    indicator_set = indicator_set_create_default(region=region)

    return {
        "roadmaps": roadmaps,
        "recurring": recurring,
        "library_item": item,
        "committee": CommitteeMembershipFactory(municipality=municipality).user,
        "region": region,
        "indicator_set": indicator_set,
        "region_member": RegionMembershipFactory(region=region).user,
    }


def test_pages_of_schools_committees_and_regions_do_not_scroll_sideways_on_a_phone(
    browser, live_server, tenant_a
):
    world = _world(tenant_a)
    organization = tenant_a.organization
    slug, m_slug = organization.slug, organization.municipality.slug
    school_map, committee_map = world["roadmaps"]["organization"], world["roadmaps"]["municipality"]
    recurring = world["recurring"]
    committee_activity = committee_map.activities.order_by("stage__position", "position").first()
    pages = {
        tenant_a.curator: [
            f"/o/{slug}/",
            f"/o/{slug}/roadmap/",
            f"/o/{slug}/roadmap/{school_map.pk}/",
            f"/o/{slug}/roadmap/{school_map.pk}/activities/{recurring.pk}/",
            f"/o/{slug}/orders/",
            f"/o/{slug}/orders/?tab=drafts",
            f"/o/{slug}/events/contests/",
            f"/o/{slug}/public/",
            f"/o/{slug}/library/{world['library_item'].pk}/",
            f"/o/{slug}/surveys/",
            "/profile/api-tokens/",
        ],
        tenant_a.director: [
            f"/o/{slug}/",
            f"/o/{slug}/orders/?tab=inbox",
            f"/o/{slug}/monitoring/",
        ],
        tenant_a.staff: [
            f"/o/{slug}/",
            f"/o/{slug}/roadmap/",
            f"/o/{slug}/roadmap/{school_map.pk}/activities/{recurring.pk}/",
            f"/o/{slug}/events/contests/",
            f"/o/{slug}/library/{world['library_item'].pk}/",
        ],
        world["committee"]: [
            f"/m/{m_slug}/",
            f"/m/{m_slug}/roadmap/",
            f"/m/{m_slug}/roadmap/{committee_map.pk}/",
            f"/m/{m_slug}/roadmap/assigned/",
            f"/m/{m_slug}/roadmap/assigned/?activity={committee_activity.pk}",
            f"/m/{m_slug}/monitoring/",
            f"/m/{m_slug}/monitoring/organisations/{slug}/",
            f"/m/{m_slug}/events/contests/",
        ],
        world["region_member"]: [
            f"/r/{world['region'].slug}/",
            f"/r/{world['region'].slug}/forms/{world['indicator_set'].pk}/",
        ],
    }
    assert pages_wider_than_a_phone(browser, live_server.url, pages, PASSWORD) == []
