"""One submission per form (apps/core/idempotency.py): a creating form carries a one-time token,
and the same token posted again — a double click, five requests at the same moment, a resent
form — creates nothing a second time."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from apps.core.idempotency import FIELD
from apps.orders.models import Order
from apps.organizations.roles import Role
from apps.pairs.models import Meeting, Pair
from tests.conftest import seed_pair
from tests.factories import MembershipFactory

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
DRAFT_FORM = 'data-testid="order-draft-form"'


def form_token(page, marker: str) -> str:
    """The token of the form on `page` whose opening tag holds `marker` (its action, a test id)."""
    html = page.content.decode()
    form = re.search(rf"<form[^>]*{re.escape(marker)}.*?</form>", html, re.S)
    assert form, f"no form with {marker}"
    token = TOKEN.search(form.group(0))
    assert token, f"the form with {marker} carries no {FIELD}"
    return token.group(1)


def post_at_once(client: Client, url: str, data: dict, times: int = 5) -> list[int]:
    """POST the same data `times` times at the same moment, each on its own connection to
    PostgreSQL (a thread each), as one signed-in browser would; the status codes answered."""
    barrier = threading.Barrier(times)
    statuses, errors = [], []

    def post():
        browser = Client()
        browser.cookies = client.cookies
        try:
            barrier.wait(timeout=10)
            statuses.append(browser.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return statuses


def _working_pair(tenant) -> Pair:
    pair = seed_pair(tenant, "Альфов")
    pair.status = Pair.Status.ACTIVE
    pair.save()
    return pair


def _meeting(pair, token: str) -> dict:
    return {
        "kind": "trial",  # the next of the sequence: the seeded pair held its organisational meeting
        "held_on": timezone.localdate().isoformat(),
        "place": "каб. 12",
        "attendees": [pair.mentor_id, pair.members.get().mentee_id],
        FIELD: token,
    }


@pytest.mark.django_db(transaction=True)
def test_five_identical_posts_at_the_same_moment_log_one_meeting(tenant_a):
    with scopes_disabled():
        pair = _working_pair(tenant_a)
        before = Meeting.objects.filter(pair=pair).count()
    client = Client()
    client.force_login(tenant_a.mentor)
    slug = tenant_a.organization.slug
    url = reverse("pairs:meeting_add", kwargs={"org_slug": slug, "pair_id": pair.pk})
    page = client.get(reverse("pairs:my_pair", kwargs={"org_slug": slug, "pair_id": pair.pk}))
    token = form_token(page, f'action="{url}"')

    statuses = post_at_once(client, url, _meeting(pair, token))

    assert statuses == [302] * 5
    with scopes_disabled():
        assert Meeting.objects.filter(pair=pair).count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_five_identical_posts_at_the_same_moment_write_one_order_draft(tenant_a):
    client = Client()
    client.force_login(tenant_a.curator)
    url = reverse("orders:create", kwargs={"org_slug": tenant_a.organization.slug})
    token = form_token(client.get(url, {"kind": "final_event"}), DRAFT_FORM)
    data = {"kind": "final_event", "event_date": "25.05.2027", "event_place": "актовый зал", FIELD: token}

    statuses = post_at_once(client, url, data)

    assert statuses == [302] * 5
    with scopes_disabled():
        assert Order.objects.filter(organization=tenant_a.organization).count() == 1


def test_a_repeated_token_leads_to_what_the_first_post_created(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("orders:create", kwargs={"org_slug": tenant_a.organization.slug})
    token = form_token(client.get(url, {"kind": "final_event"}), DRAFT_FORM)
    data = {"kind": "final_event", "event_date": "25.05.2027", "event_place": "актовый зал", FIELD: token}

    first = client.post(url, data)
    again = client.post(url, data)

    order = Order.objects.get(organization=tenant_a.organization)
    assert first.url == again.url == order.get_absolute_url()
    with translation.override("ru"):  # the portal speaks Russian unless one chose English
        already_sent = gettext("This form was already sent: sending it again changed nothing.")
    assert already_sent in [str(message) for message in get_messages(again.wsgi_request)]


def test_a_form_with_errors_keeps_its_token_and_another_token_creates_again(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("orders:create", kwargs={"org_slug": tenant_a.organization.slug})
    data = {"kind": "final_event", "event_date": "25.05.2027", "event_place": "актовый зал"}
    first, second = "first-form-token-0001", "second-form-token-0002"

    assert client.post(url, {**data, "event_date": "", FIELD: first}).status_code == 200  # errors
    created = client.post(url, {**data, FIELD: first})
    repeated = client.post(url, {**data, FIELD: first})
    assert client.post(url, {**data, FIELD: second}).status_code == 302  # another draft, on purpose

    assert created.status_code == repeated.status_code == 302 and created.url == repeated.url
    assert Order.objects.filter(organization=tenant_a.organization).count() == 2


def test_the_same_token_of_another_person_is_theirs(client, tenant_a):
    """The token counts per person and form: nobody lands on what someone else created."""
    url = reverse("orders:create", kwargs={"org_slug": tenant_a.organization.slug})
    data = {"kind": "final_event", "event_date": "25.05.2027", "event_place": "актовый зал", FIELD: "t" * 32}
    colleague = MembershipFactory(organization=tenant_a.organization, role=Role.CURATOR).user
    for person in (tenant_a.curator, colleague):
        client.force_login(person)
        assert client.post(url, data).status_code == 302

    assert Order.objects.filter(organization=tenant_a.organization).count() == 2


def test_every_form_token_is_new():
    template = Template("{% load idempotency %}{% form_token %}{% form_token %}")

    tokens = TOKEN.findall(template.render(Context()))

    assert len(tokens) == 2 and tokens[0] != tokens[1] and all(len(token) >= 32 for token in tokens)
