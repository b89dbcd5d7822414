"""The documented deployment: docker-compose.yml's stack behind one HTTPS proxy (nginx), which
appends the address it was called from to X-Forwarded-For. The sign-in lockout must then see
each person's own address, not the proxy's: an attacker who locks a username out from their
computer does not lock out its owner from theirs, whatever X-Forwarded-For they forge."""

import re
import runpy

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

PROXY = "172.18.0.5"  # the proxy's address in the compose network: REMOTE_ADDR of every request


def _compose_default(name):
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    return re.search(rf"{name}: \$\{{{name}:-([^}}]*)\}}", compose).group(1)


@pytest.fixture
def behind_the_compose_proxy(settings, monkeypatch):
    """The client-address settings as base.py computes them from docker-compose.yml's default."""
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", _compose_default("TRUSTED_PROXY_COUNT"))
    computed = runpy.run_path(str(settings.BASE_DIR / "mentoring_portal" / "settings" / "base.py"))
    for name in ("AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "IPWARE_STRICT"):
        setattr(settings, name, computed[name])


def test_compose_trusts_the_one_proxy_of_the_documented_deployment():
    assert _compose_default("TRUSTED_PROXY_COUNT") == "1"


def _sign_in(client, username, forwarded_for, password=PASSWORD):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.usefixtures("behind_the_compose_proxy")
def test_two_people_behind_the_proxy_are_locked_out_separately(client, tenant_a):
    director = tenant_a.director.username
    attacker, owner = "95.165.1.66", "95.165.1.10"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, director, attacker, password="wrong")
    assert _sign_in(client, director, attacker).status_code == 429

    # The director, from their own computer behind the same proxy, still signs in.
    assert _sign_in(client, director, owner).status_code == 302
    client.post(reverse("logout"))

    # Forging the director's address changes nothing: nginx appends the real one.
    assert _sign_in(client, director, f"{owner}, {attacker}").status_code == 429
    assert _sign_in(client, director, owner).status_code == 302


@pytest.mark.usefixtures("behind_the_compose_proxy")
def test_the_sign_in_log_names_the_persons_address(client, tenant_a, caplog):
    caplog.set_level("INFO", logger="apps.accounts.auth")
    _sign_in(client, tenant_a.curator.username, "95.165.1.10")
    assert f"username={tenant_a.curator.username} ip=95.165.1.10" in caplog.text
