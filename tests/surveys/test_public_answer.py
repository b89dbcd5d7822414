"""Answering by a personal link, without an account (Django's test client, anonymous)."""

import logging

from django.test import Client
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.core.redaction import RedactTokens
from apps.surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse

from .conftest import issue


def _url(token):
    return reverse("survey_public:answer", kwargs={"token": token})


def _post_data(form, role, overrides=None):
    data = {}
    for question in form.questions.all():
        if not question.is_asked_of(role):
            continue
        if question.kind == "scale":
            data[f"q{question.pk}"] = "8"
        elif question.kind == "choice":
            data[f"q{question.pk}"] = question.choices[0]
        else:
            data[f"q{question.pk}"] = "Было интересно"
    data.update(overrides or {})
    return data


def test_a_mentee_answers_by_the_link(client, tenant_a, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    mentee = surveyed.mentees[0]
    invitation, token = issue(form, surveyed.programme, mentee, "mentee")

    response = client.get(_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert mentee.first_name in body
    for question in form.questions.all():
        assert question.text in body
    # No personal data beyond the first name: not the surname, not the mentor's name.
    assert mentee.last_name not in body and mentee.patronymic not in body
    assert surveyed.mentors[0].last_name not in body
    assert response.headers["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response.headers["Cache-Control"]

    response = client.post(_url(token), _post_data(form, "mentee"))
    assert response.status_code == 302
    assert response.url == reverse("survey_public:done")
    assert client.get(response.url).status_code == 200

    saved = SurveyResponse.objects.get(invitation=invitation)
    assert (saved.respondent, saved.respondent_role, saved.pair, saved.stage, saved.programme) == (
        mentee,
        "mentee",
        surveyed.pairs[0],
        "",
        surveyed.programme,
    )
    answers = {a.question.position: a for a in saved.answers.select_related("question")}
    assert len(answers) == form.questions.count()
    assert answers[1].number == 8
    invitation.refresh_from_db()
    assert invitation.used_at == saved.submitted_at

    entry = AuditEntry.objects.get(organization=tenant_a.organization, action="survey.answered")
    assert entry.actor is None and entry.target_id == form.pk
    assert entry.data == {"programme": surveyed.programme.pk, "stage": ""}  # nothing about who or what

    again = client.get(_url(token))
    assert again.status_code == 410
    assert b'data-testid="invitation-used"' in again.content
    assert client.post(_url(token), _post_data(form, "mentee")).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_missing_and_invalid_answers_are_shown_and_nothing_is_saved(client, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    first, second = form.questions.filter(kind="scale")[:2]
    choice = form.questions.filter(kind="choice").first()

    data = _post_data(form, "mentee", {f"q{second.pk}": "11", f"q{choice.pk}": "Может быть"})
    del data[f"q{first.pk}"]
    response = client.post(_url(token), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {f"q{first.pk}", f"q{second.pk}", f"q{choice.pk}"}
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
    assert SurveyInvitation.objects.get(pk=invitation.pk).used_at is None


def test_free_text_is_optional(client, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    data = _post_data(form, "mentee", {f"q{q.pk}": "" for q in form.questions.filter(kind="text")})
    assert client.post(_url(token), data).status_code == 302
    assert not SurveyAnswer.objects.filter(question__kind="text").exists()


def test_the_evaluation_asks_a_mentee_the_mentees_parameters_only(client, surveyed, standard_forms):
    form = standard_forms["evaluation"]
    _invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee", stage="before")
    body = client.get(_url(token)).content.decode()
    for question in form.questions.all():
        assert (question.text in body) == (question.audience in ("", "mentee"))

    assert client.post(_url(token), _post_data(form, "mentee")).status_code == 302
    saved = SurveyResponse.objects.get()
    assert saved.stage == "before"
    assert not saved.answers.filter(question__audience="mentor").exists()


def test_csrf_protection_stays_on(surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    _invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(token), _post_data(form, "mentee")).status_code == 403
    assert not SurveyResponse.objects.exists()

    page = strict.get(_url(token))
    csrf = page.context["csrf_token"]
    assert (
        strict.post(_url(token), {**_post_data(form, "mentee"), "csrfmiddlewaretoken": str(csrf)}).status_code
        == 302
    )


def test_a_link_opened_signed_in_works_the_same(client, tenant_b, surveyed, standard_forms):
    """The page is no tenant page: the link alone decides, whoever is signed in."""
    form = standard_forms["mentee_satisfaction"]
    _invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    client.force_login(tenant_b.director)
    response = client.get(_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert form.title in body
    assert surveyed.mentees[0].last_name not in body and surveyed.mentors[0].last_name not in body


def test_the_token_stays_out_of_the_logs(client, caplog, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    SurveyInvitation.objects.filter(pk=invitation.pk).update(used_at=invitation.created_at)
    spoiled = token[:-2] + "zz"
    caplog.set_level(logging.INFO)

    client.get(_url(token))  # 410, which Django's request logger reports
    client.get(_url(spoiled))  # 404
    Client(enforce_csrf_checks=True).post(_url(token), {})  # a CSRF refusal, reported too

    assert len(caplog.records) >= 3
    assert "/s/[token]/" in caplog.text
    for secret in (token, spoiled, token.split(":")[0], token.split(":")[-1]):
        assert secret not in caplog.text


def test_the_redaction_covers_the_access_log_atoms():
    """gunicorn logs the request line and the Referer through a dict of atoms."""
    atoms = {"r": "GET /s/abc:def:ghi/ HTTP/1.1", "f": "https://portal.example/s/abc:def:ghi/", "s": "200"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s %(f)s", (atoms,), None)
    RedactTokens().filter(record)
    assert record.getMessage() == "GET /s/[token]/ HTTP/1.1 https://portal.example/s/[token]/"
    done = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"GET /s/done/ HTTP/1.1" 200', (), None
    )
    RedactTokens().filter(done)
    assert done.getMessage() == '"GET /s/done/ HTTP/1.1" 200'
