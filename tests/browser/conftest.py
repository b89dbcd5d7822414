"""Browser tests: Playwright drives Debian's chromium against the live server.

Chromium missing makes them skip here; CI (.ci/run) fails on any skipped browser test.
"""

import os
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the Django calls the tests
# make between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium is not installed at {CHROMIUM}: run `make test` to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    def sign_in(username, password):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")

    return sign_in


@pytest.fixture
def pdf_download_text(page, tmp_path):
    """Wait for a document's download link (its PDF is rendered by a task), download it, and
    return its text as pdftotext reads it."""

    def pdf_download_text(link, name="document.pdf"):
        expect(link).to_be_visible(timeout=30_000)
        with page.expect_download() as download_info:
            link.click()
        path = tmp_path / name
        download_info.value.save_as(path)
        return subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout

    return pdf_download_text
