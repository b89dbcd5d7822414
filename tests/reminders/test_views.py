"""The person's pages: their notifications, «mark all read», opening one."""

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.reminders.context_processors import unread_count
from apps.reminders.models import Notification
from apps.reminders.services import preferences_set

from .conftest import DAY


def _notify(user, number, **fields):
    return Notification.objects.create(
        user=user,
        kind=fields.pop("kind", "roadmap_due"),
        key=f"activity:{number}",
        day=DAY,
        title=f"Срок мероприятия сегодня: «Мероприятие {number}»",
        body="Мероприятие дорожной карты.",
        link=fields.pop("link", f"/o/alpha/roadmap/1/activities/{number}/"),
        **fields,
    )


def test_the_list_shows_the_person_s_own_notifications_only(client, tenant_a, tenant_b):
    mine = _notify(tenant_a.curator, 1, organization=tenant_a.organization)
    _notify(tenant_b.curator, 2, organization=tenant_b.organization)
    client.force_login(tenant_a.curator)

    response = client.get(reverse("reminders:list"))

    assert list(response.context["page"].object_list) == [mine]
    body = response.content.decode()
    assert "Мероприятие 1" in body and "Мероприятие 2" not in body
    assert tenant_a.organization.short_name in body and tenant_b.organization.short_name not in body
    assert 'data-state="unread"' in body


def test_visitors_are_sent_to_sign_in(client):
    url = reverse("reminders:list")
    assert client.get(url).url == f"{reverse('login')}?next={url}"


def test_mark_all_read_marks_the_person_s_own(client, tenant_a, tenant_b):
    mine = [_notify(tenant_a.curator, n) for n in range(3)]
    other = _notify(tenant_b.curator, 9)
    client.force_login(tenant_a.curator)
    url = reverse("reminders:mark_all_read")

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302 and response.url == reverse("reminders:list")
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert 'data-state="unread"' not in client.get(reverse("reminders:list")).content.decode()


def test_opening_a_notification_marks_it_read_and_opens_its_page(client, tenant_a, tenant_b):
    mine = _notify(tenant_a.curator, 1)
    other = _notify(tenant_b.curator, 2)
    client.force_login(tenant_a.curator)

    response = client.post(reverse("reminders:open", kwargs={"notification_id": mine.pk}))

    assert response.status_code == 302 and response.url == mine.link
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("reminders:open", kwargs={"notification_id": other.pk})).status_code == 404


def test_a_link_leading_out_of_the_portal_is_not_followed(client, tenant_a):
    odd = _notify(tenant_a.curator, 1, link="//evil.example.org/")
    client.force_login(tenant_a.curator)
    response = client.post(reverse("reminders:open", kwargs={"notification_id": odd.pk}))
    assert response.url == reverse("reminders:list")


def test_the_list_costs_the_same_queries_for_5_or_200_notifications(
    client, tenant_a, django_assert_max_num_queries
):
    client.force_login(tenant_a.curator)
    client.get(reverse("reminders:list"))  # warm up: content types and the like are cached
    counts = []
    for count in (5, 200):
        Notification.objects.filter(user=tenant_a.curator).delete()
        Notification.objects.bulk_create(
            Notification(
                user=tenant_a.curator,
                organization=tenant_a.organization,
                kind="roadmap_overdue",
                key=f"activity:{n}",
                day=DAY,
                title=f"Просрочено мероприятие {n}",
                link="/",
            )
            for n in range(count)
        )
        # Session, user, workplaces (2), the count and the page of notifications, the unread
        # count of the navigation, the session save and the savepoints of ATOMIC_REQUESTS.
        with django_assert_max_num_queries(12) as captured:
            response = client.get(reverse("reminders:list"))
        counts.append(len(captured.captured_queries))
        assert len(response.context["page"].object_list) == min(count, 30)
    assert counts[0] == counts[1]


def test_the_unread_count_for_the_navigation_is_one_query(tenant_a, django_assert_num_queries):
    for n in range(4):
        _notify(tenant_a.curator, n)
    _notify(tenant_a.curator, 5, read_at=timezone.now())
    _notify(tenant_a.curator, 6, kind="consent_missing")
    preferences_set(user=tenant_a.curator, preferences={"consent_missing": (True, False)})
    request = RequestFactory().get("/")
    request.user = tenant_a.curator

    context = unread_count(request)
    template = Template("{% if unread_notifications %}{{ unread_notifications }} new{% endif %}")
    with django_assert_num_queries(1):
        assert template.render(Context(context)) == "4 new"
        assert context["unread_notifications"]() == 4

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_count(request) == {"unread_notifications": 0}
