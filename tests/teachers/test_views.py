"""The teachers' pages as the curator, the director, the mentor and the committee use them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.documents.models import Document
from apps.pairs.models import Pair
from apps.pairs.services.pairs import pair_approve
from apps.teachers import services
from apps.teachers.models import DutyConsent, PersonalisedProgramme, SupplementaryAgreement
from tests.factories import CommitteeMembershipFactory

from .helpers import consent_for, teacher_pair


def _url(tenant, name, **kwargs):
    return reverse(f"teachers:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


@pytest.fixture
def pair(tenant_a):
    return teacher_pair(tenant_a)


def test_the_curator_records_a_consent_with_its_scan_and_generates_the_agreement(client, tenant_a, pair):
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "consent_create")).content.decode()
    assert pair.mentor.full_name in page
    response = client.post(
        _url(tenant_a, "consent_create"),
        {
            "mentor": pair.mentor.pk,
            "signed_on": "2026-08-25",
            "starts_on": "2026-09-01",
            "ends_on": "2027-05-31",
            "document": SimpleUploadedFile("soglasie.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        },
    )
    consent = DutyConsent.objects.get(mentor=pair.mentor)
    assert response.url == _url(tenant_a, "consent", duty_consent_id=consent.pk)
    assert client.get(_url(tenant_a, "consent_scan", duty_consent_id=consent.pk)).status_code == 200
    client.post(_url(tenant_a, "agreement", duty_consent_id=consent.pk))
    agreement = SupplementaryAgreement.objects.get(consent=consent)
    assert Document.objects.filter(subject_id=agreement.pk, kind="supplementary_agreement").exists()
    page = client.get(_url(tenant_a, "consents")).content.decode()
    assert agreement.number in page


def test_bad_periods_are_refused_with_a_message_and_nothing_saved(client, tenant_a, pair):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "consent_create"),
        {
            "mentor": pair.mentor.pk,
            "signed_on": "2026-08-25",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
        },
    )
    assert (
        response.status_code == 200
        and "Срок должен заканчиваться позже, чем начинается." in response.content.decode()
    )
    assert not DutyConsent.objects.exists()


def test_the_programme_is_drafted_edited_and_approved_by_the_director(client, tenant_a, pair):
    client.force_login(tenant_a.curator)
    client.post(_url(tenant_a, "programme_draft", pair_id=pair.pk), {"situation": ""})
    programme = PersonalisedProgramme.objects.get(pair=pair)
    assert client.get(_url(tenant_a, "programme_edit", pair_id=pair.pk)).status_code == 200
    client.post(
        _url(tenant_a, "programme_edit", pair_id=pair.pk),
        {"title": "ППН молодого педагога", "body": "<p>Цель</p><script>alert(1)</script>"},
    )
    programme.refresh_from_db()
    assert programme.title == "ППН молодого педагога" and "<script" not in programme.body
    client.post(_url(tenant_a, "programme_approve", pair_id=pair.pk))  # a curator may not: 403
    programme.refresh_from_db()
    assert programme.status == "draft"
    client.force_login(tenant_a.director)
    client.post(_url(tenant_a, "programme_approve", pair_id=pair.pk))
    programme.refresh_from_db()
    assert programme.status == "approved"
    page = client.get(_url(tenant_a, "programme", pair_id=pair.pk)).content.decode()
    assert 'data-testid="ppn-approve"' not in page and "document-status" in page


def test_the_mentor_confirms_their_consent(client, tenant_a, pair):
    pair.mentor.account = tenant_a.mentor
    pair.mentor.save()
    consent = consent_for(pair, tenant_a.curator)
    client.force_login(tenant_a.mentor)
    assert "2026" in client.get(_url(tenant_a, "my_consents")).content.decode()
    client.post(_url(tenant_a, "my_consent_confirm", duty_consent_id=consent.pk))
    consent.refresh_from_db()
    assert consent.confirmed_at is not None


def test_ending_early_from_the_page_ends_the_pair(client, tenant_a, pair):
    consent = consent_for(pair, tenant_a.curator)
    pair_approve(pair=pair, actor=tenant_a.curator)
    client.force_login(tenant_a.curator)
    client.post(
        _url(tenant_a, "consent_end", duty_consent_id=consent.pk),
        {"notice_by": "employer", "notice_on": "2027-01-10", "ended_on": "2027-01-15", "reason": ""},
    )
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DISSOLVED


def test_the_committee_sees_counts_of_young_specialists_and_no_names(client, tenant_a, pair):
    consent_for(pair, tenant_a.curator)
    pair_approve(pair=pair, actor=tenant_a.curator)
    committee_user = CommitteeMembershipFactory(municipality=tenant_a.organization.municipality).user
    client.force_login(committee_user)
    url = reverse(
        "committee_monitoring:dashboard",
        kwargs={"municipality_slug": tenant_a.organization.municipality.slug},
    )
    page = client.get(url).content.decode()
    assert 'data-testid="young-total">1<' in page and 'data-testid="young-with-mentor">1<' in page
    mentee = pair.members.get().mentee
    assert mentee.last_name not in page and pair.mentor.last_name not in page


@pytest.mark.parametrize("pairs", [1, 12])
@pytest.mark.parametrize("name", ["bank", "consents"])
def test_the_lists_keep_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries, pairs, name
):
    for index in range(pairs):
        consent_for(
            teacher_pair(tenant_a, prefix=f"Учителев{index}"), tenant_a.curator, signed_on=date(2026, 8, 1)
        )
    client.force_login(tenant_a.curator)
    with django_assert_max_num_queries(17):
        response = client.get(_url(tenant_a, name))
    assert response.status_code == 200 and response.content.decode().count("Учителев") >= pairs


def test_the_bank_offers_the_teachers_without_a_category_and_saves_one(client, tenant_a, pair):
    from .helpers import adult

    newcomer = adult(tenant_a.organization, "НовенькаяУчительница", "mentee")
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "bank")).content.decode()
    assert "НовенькаяУчительница" in page and pair.members.get().mentee.last_name in page
    client.post(
        _url(tenant_a, "profile", participant_id=newcomer.pk),
        {"situation": "new_employee", "experience_years": "7", "position": "учитель химии"},
    )
    assert newcomer.teacher_profile.situation == "new_employee"
    response = client.post(
        _url(tenant_a, "profile", participant_id=newcomer.pk),
        {"situation": "young_specialist", "experience_years": "1"},
    )
    assert "Укажите дату начала педагогической работы молодого специалиста." in response.content.decode()


def test_the_mentor_downloads_their_own_agreement_once_it_is_ready(
    client, tenant_a, pair, django_capture_on_commit_callbacks
):
    pair.mentor.account = tenant_a.mentor
    pair.mentor.save(update_fields=["account"])
    consent = consent_for(pair, tenant_a.curator)
    mine = _url(tenant_a, "my_agreement", duty_consent_id=consent.pk)
    client.force_login(tenant_a.mentor)
    assert client.get(mine).status_code == 404  # no agreement yet
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.agreement_create(consent=consent, actor=tenant_a.curator)
    page = client.get(_url(tenant_a, "my_consents")).content.decode()
    assert f'href="{mine}"' in page and agreement.number in page
    response = client.get(mine)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Another mentor's agreement is the same 404.
    other = teacher_pair(tenant_a, prefix="Другой")
    other_consent = consent_for(other, tenant_a.curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_create(consent=other_consent, actor=tenant_a.curator)
    assert client.get(_url(tenant_a, "my_agreement", duty_consent_id=other_consent.pk)).status_code == 404


def test_the_profile_offers_the_questionnaires_requests_and_takes_them(client, tenant_a, pair):
    from apps.participants.models import Answer, QuestionnaireTemplate
    from apps.participants.questionnaires import questionnaires_create_standard
    from apps.questions.models import Question
    from apps.questions.services import question_add

    organization = tenant_a.organization
    questionnaires_create_standard(organization=organization)
    mentee_form = QuestionnaireTemplate.objects.get(organization=organization, kind="mentee")
    question = question_add(
        question_set=mentee_form.question_set,
        actor=tenant_a.curator,
        text="Ваши профессиональные затруднения",
        kind=Question.Kind.TEXT,
        topic=Question.Topic.REQUESTS,
    )
    mentee = pair.members.get().mentee
    Answer.objects.create(
        organization=organization, participant=mentee, question=question, value="Оценивание"
    )
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "profile", participant_id=mentee.pk)).content.decode()
    assert 'data-testid="requests-import"' in page
    response = client.post(_url(tenant_a, "requests_import", participant_id=mentee.pk), follow=True)
    assert "Запросов взято из анкеты: 1." in response.content.decode()
    assert mentee.professional_requests.filter(source="questionnaire", text="Оценивание").exists()


def test_the_curator_words_a_situations_template_and_the_next_draft_starts_from_it(client, tenant_a, pair):
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "programme_templates")
    page = client.get(url + "?situation=young_specialist").content.decode()
    assert "Персонализированная программа наставничества молодого специалиста" in page  # the default
    data = {
        "situation": "young_specialist",
        "title": "ППН молодого педагога МОУ",
        "goals": "Закрепить молодого педагога в профессии.",
        "forms": "Взаимопосещение уроков\n\nРазбор кейсов",
        "results": "Проведён открытый урок",
        "assessment": "Открытый урок и портфолио.",
    }
    refused = client.post(url, {**data, "forms": "  \n "})
    assert refused.status_code == 200 and "Обязательное поле" in refused.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.endswith("?situation=young_specialist")
    assert client.get(url + "?situation=new_role").status_code == 200
    assert client.get(url + "?situation=unknown").status_code == 404
    client.post(_url(tenant_a, "programme_draft", pair_id=pair.pk), {"situation": ""})
    programme = PersonalisedProgramme.objects.get(pair=pair)
    assert programme.title.startswith("ППН молодого педагога МОУ")
    assert "<li>Разбор кейсов</li>" in programme.body and "Открытый урок и портфолио." in programme.body
    assert "<li></li>" not in programme.body
