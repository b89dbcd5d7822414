"""A curator creates an API token on their profile, a school system lists participants with it
(curl's request, from outside the browser), the curator revokes it; the API's documentation
page is served from the portal's static files."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from tests.factories import PASSWORD


def _get(url, secret):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def test_curator_creates_uses_and_revokes_a_token(page, sign_in, live_server, tenant_a):
    tenant_a.curator.set_password(PASSWORD)
    tenant_a.curator.save()
    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_test_id("api-tokens-link").click()
    page.get_by_label("Название токена").fill("Школьная ИС")
    page.get_by_label("Запись").check()
    page.get_by_role("button", name="Создать токен").click()
    secret = page.get_by_test_id("token-secret").locator("code").inner_text().strip()
    assert secret.startswith("mpt_")

    url = f"{live_server.url}/api/v1/o/{tenant_a.organization.slug}/participants/"
    status, body = _get(url, secret)
    assert status == 200
    assert [row["last_name"] for row in body["results"]] == ["АльфовНаставляемый"]

    page.goto(page.url)  # the secret is not shown again
    expect(page.get_by_test_id("token-secret")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Отозвать").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("Отозван")
    assert _get(url, secret)[0] == 401


def test_the_api_documentation_is_served_from_static(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Mentoring portal API")
    assert all(url.startswith(live_server.url) for url in requests)
