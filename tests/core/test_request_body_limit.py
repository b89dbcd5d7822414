"""A request body above MAX_REQUEST_BODY_SIZE is refused with 413 from its Content-Length,
before anything (CSRF's check of a POST form included) reads it."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

MB = 1024 * 1024


class UnreadableBody:
    """A body that fails the test if anyone reads a byte of it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def _huge_post(client, url):
    # A CSRF cookie, so that CSRF's check would read the form's token from the body.
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=portal",
        CONTENT_LENGTH=str(150 * MB),
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_150_mb_upload_is_refused_with_413_without_reading_its_body(tenant_a):
    client = Client(enforce_csrf_checks=True)  # CSRF would read the form first
    client.force_login(tenant_a.staff)
    url = reverse("participants:import", kwargs={"org_slug": tenant_a.organization.slug})
    response = _huge_post(client, url)
    assert response.status_code == 413
    assert response.content.decode() == "Запрос слишком велик: загрузить можно файл не больше 10 МБ."


def test_the_refusal_speaks_the_persons_language_and_needs_no_sign_in(db):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _huge_post(client, reverse("login"))
    assert response.status_code == 413
    assert response.content.decode() == "The request is too large: files of at most 10 MB can be uploaded."


def test_the_limit_lies_just_above_the_largest_file_a_form_takes():
    assert settings.MAX_UPLOAD_FILE_SIZE == 10 * MB  # imports, scans, evidence, attachments
    assert (
        settings.MAX_UPLOAD_FILE_SIZE
        < settings.MAX_REQUEST_BODY_SIZE
        <= settings.MAX_UPLOAD_FILE_SIZE + 4 * MB
    )
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BODY_SIZE


@pytest.mark.parametrize("size", [10 * MB + 1])
def test_a_file_just_over_the_form_limit_gets_the_forms_own_message(client, tenant_a, size):
    """Below the body limit the request reaches the form, which says what is wrong."""
    client.force_login(tenant_a.staff)
    url = reverse("participants:import", kwargs={"org_slug": tenant_a.organization.slug})
    upload = SimpleUploadedFile("anketa.xlsx", b"\0" * size)
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "больше 10 МБ" in response.content.decode()
