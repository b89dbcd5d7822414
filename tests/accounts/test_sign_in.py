import logging

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.middleware import SESSION_REFRESH_SECONDS
from tests.factories import PASSWORD


def _sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_signs_in_at_the_standard_path_and_lands_on_the_home_of_the_organization(client, tenant_a):
    response = _sign_in(client, tenant_a.curator.username)
    assert response.status_code == 302
    response = client.get(response.url)  # "/" sends the user to their workplace
    assert response.status_code == 302
    assert response.url == reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug})


def test_it_logs_every_sign_in_event(client, tenant_a, caplog):
    with caplog.at_level(logging.INFO, logger="apps.accounts.auth"):
        _sign_in(client, tenant_a.curator.username, password="wrong")
        _sign_in(client, tenant_a.curator.username)
        client.post(reverse("logout"))
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"sign-in failed username={tenant_a.curator.username}") for m in messages)
    assert any(m.startswith(f"sign-in ok user_id={tenant_a.curator.pk}") for m in messages)
    assert any(m.startswith(f"sign-out user_id={tenant_a.curator.pk}") for m in messages)
    assert all(PASSWORD not in m and "wrong" not in m for m in messages)


def test_it_locks_out_by_username_and_ip_after_repeated_failures(client, tenant_a):
    username = tenant_a.curator.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, username, password="wrong")
    locked = _sign_in(client, username)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode() or "Слишком много" in locked.content.decode()

    # The same colleague from another computer is not locked out by the attacker.
    assert _sign_in(client, username, ip="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cool_off_time(client, tenant_a, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    username = tenant_a.curator.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, username, password="wrong")
    assert _sign_in(client, username).status_code == 429
    # Age the attempts beyond the cool-off time.
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + timedelta(minutes=1)
        attempt.save()
    assert _sign_in(client, username).status_code == 302


def test_password_reset_sends_a_working_link(client, tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the letter leaves after the commit
        response = client.post(reverse("password_reset"), {"email": tenant_a.curator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [tenant_a.curator.email]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nov-pароль-2026!", "new_password2": "Nov-pароль-2026!"},
    )
    assert done.status_code == 302
    assert _sign_in(client, tenant_a.curator.username, password="Nov-pароль-2026!").status_code == 302


def test_password_reset_for_an_unknown_address_tells_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["organizations:home", "organizations:members"])
def test_pages_with_personal_data_are_not_stored_by_caches(client, tenant_a, name):
    client.force_login(tenant_a.director)
    response = client.get(reverse(name, kwargs={"org_slug": tenant_a.organization.slug}))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def _session_expiry(session_key):
    return Session.objects.get(session_key=session_key).expire_date


def test_session_ends_after_inactivity(client, tenant_a):
    """An active session is renewed at most once a minute; a page read within that minute
    writes nothing (no session UPDATE per page view)."""
    client.force_login(tenant_a.director)
    home = reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug})
    assert client.get(home).status_code == 200
    key = client.session.session_key
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 60 * 60
    first_expiry = _session_expiry(key)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
    assert _session_expiry(key) == first_expiry

    # A minute later the next page renews the idle timeout.
    session = client.session
    session["active_at"] -= SESSION_REFRESH_SECONDS
    session.save()
    stale_expiry = _session_expiry(key)
    assert client.get(home).status_code == 200
    assert _session_expiry(key) > stale_expiry


def test_signed_in_user_without_a_workplace_is_told_what_to_do(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["workplaces"] == []


def test_interface_is_russian_by_default_and_english_on_request(client, tenant_a):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Войти" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_healthz_answers_without_sign_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_behind_a_proxy_the_lockout_uses_the_forwarded_client_address(client, tenant_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    username = tenant_a.curator.username

    def sign_in(client_ip, password=PASSWORD):
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.254",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{client_ip}, 10.0.0.254",
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("203.0.113.7", password="wrong")
    assert sign_in("203.0.113.7").status_code == 429
    # The colleague behind the same proxy, from another computer, still signs in.
    assert sign_in("198.51.100.20").status_code == 302
