"""The participant's card and the pages that change it: create and edit, consents and their
scans, revocation, leaving, questionnaire answers and extra information."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.audit.models import AuditEntry
from apps.participants import services
from apps.participants.consents import MISSING_OWN, MISSING_REPRESENTATIVE
from apps.participants.forms import MAX_SCAN_BYTES
from apps.participants.models import (
    Answer,
    Category,
    Consent,
    ExtraInformation,
    Participant,
    PartnerOrganization,
    ProgrammeRole,
    Status,
)
from apps.questions.models import Question
from tests.factories import ConsentFactory, ParticipantFactory

PDF = b"%PDF-1.4\n% a scanned consent\n%%EOF\n"


def _url(tenant, name, participant=None, **kwargs):
    if participant is not None:
        kwargs["participant_id"] = participant.pk
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _in_russian(text):
    with translation.override("ru"):
        return str(text)


def _actions(participant):
    return list(
        AuditEntry.objects.filter(target_id=participant.pk, action__startswith="participant.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _audit_data(organization):
    return str(list(AuditEntry.objects.filter(organization=organization).values_list("data", flat=True)))


def _years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1) - timedelta(days=days)


@pytest.fixture
def teenager(tenant_a):
    """15 years old, with only the representative's consent: the own one is missing."""
    participant = ParticipantFactory(
        organization=tenant_a.organization,
        last_name="Кузнецова",
        first_name="Дарья",
        patronymic="Сергеевна",
        birth_date=_years_ago(15, days=40),
        group_name="9А",
        email="darya@example.org",
    )
    ConsentFactory(participant=participant, representative_name="Кузнецова Елена Петровна")
    return participant


def _participant_data(**values):
    data = {
        "last_name": "Смирнов",
        "first_name": "Алексей",
        "patronymic": "Игоревич",
        "birth_date": "2012-03-04",
        "category": Category.STUDENT,
        "group_name": "7Б",
        "programme_role": ProgrammeRole.MENTEE,
        "status": Status.CANDIDATE,
        "email": "",
        "phone": "",
        "partner": "",
    }
    return data | values


def _consent_data(**values):
    data = {
        "given_by": Consent.GivenBy.REPRESENTATIVE,
        "representative_name": "Смирнова Ольга Павловна",
        "representative_relation": Consent.Relation.MOTHER,
        "signed_on": timezone.localdate().isoformat(),
        "scope": "Обработка персональных данных в программе наставничества",
    }
    return data | values


# --- The card ----------------------------------------------------------------------


def test_the_card_shows_the_consents_and_what_is_missing(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a, "participants:detail", teenager))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Кузнецова Дарья Сергеевна" in body
    assert "Кузнецова Елена Петровна" in body  # the representative who signed
    check = response.context["consent_check"]
    assert not check.valid
    assert check.missing == (_in_russian(MISSING_OWN),)
    assert escape(_in_russian(MISSING_OWN)) in body
    assert escape(_in_russian(MISSING_REPRESENTATIVE)) not in body
    assert 'class="alert alert-danger py-2 small mb-2" data-testid="consent-state"' in body


def test_the_card_says_when_the_consents_are_complete(client, tenant_a, teenager):
    ConsentFactory(
        participant=teenager,
        given_by=Consent.GivenBy.SUBJECT,
        representative_name="",
        representative_relation="",
    )
    client.force_login(tenant_a.staff)
    response = client.get(_url(tenant_a, "participants:detail", teenager))
    assert response.context["consent_check"].valid
    assert (
        'class="alert alert-success py-2 small mb-2" data-testid="consent-state"' in response.content.decode()
    )
    assert len(response.context["consents"]) == 2


def test_opening_the_card_is_recorded(client, tenant_a, teenager):
    client.force_login(tenant_a.director)
    client.get(_url(tenant_a, "participants:detail", teenager))
    client.get(_url(tenant_a, "participants:detail", teenager))
    entries = AuditEntry.objects.filter(action="participant.viewed", target_id=teenager.pk)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {tenant_a.director}
    assert {e.organization for e in entries} == {tenant_a.organization}
    assert [e.data for e in entries] == [{}, {}]


def test_the_card_shows_the_history(client, tenant_a):
    client.force_login(tenant_a.curator)
    client.post(_url(tenant_a, "participants:create"), _participant_data())
    participant = Participant.objects.get(last_name="Смирнов")
    client.post(_url(tenant_a, "participants:consent_add", participant), _consent_data())
    response = client.get(_url(tenant_a, "participants:detail", participant))
    history = [e.action for e in response.context["history"]]
    assert history == ["consent.recorded", "participant.created"]
    body = response.content.decode()
    history_html = body[body.index('data-testid="history"') :]
    for entry in response.context["history"]:
        assert escape(entry.label) in history_html
    assert tenant_a.curator.short_name in history_html


def test_openings_of_the_card_are_folded_in_its_history_and_kept_in_the_audit(client, tenant_a):
    client.force_login(tenant_a.curator)
    client.post(_url(tenant_a, "participants:create"), _participant_data())
    participant = Participant.objects.get(last_name="Смирнов")
    for _opening in range(5):
        client.get(_url(tenant_a, "participants:detail", participant))
    client.force_login(tenant_a.director)
    response = client.get(_url(tenant_a, "participants:detail", participant))
    body = response.content.decode()
    history_html = body[body.index('data-testid="history"') :]
    # One line for six openings, naming the last one; the changes stay listed.
    assert "Открыта карточка участника" not in history_html
    assert history_html.count('data-testid="card-views"') == 1
    assert "Карточку открывали 6 раз, последний — " in history_html
    assert f"({escape(tenant_a.director.short_name)})" in history_html
    assert "Добавлен участник программы" in history_html
    # The audit trail keeps every opening.
    assert AuditEntry.objects.filter(action="participant.viewed", target_id=participant.pk).count() == 6


def test_the_card_of_another_organisation_is_a_404(client, tenant_a, tenant_b):
    stranger = Participant.objects.filter(organization=tenant_b.organization).first()
    client.force_login(tenant_a.staff)
    assert client.get(_url(tenant_a, "participants:detail", stranger)).status_code == 404
    assert not AuditEntry.objects.filter(action="participant.viewed").exists()


def test_the_card_of_an_anonymised_participant_is_gone(client, tenant_a):
    removed = ParticipantFactory(organization=tenant_a.organization, anonymised_at=timezone.now())
    client.force_login(tenant_a.staff)
    for name in ("participants:detail", "participants:edit", "participants:consent_add"):
        assert client.get(_url(tenant_a, name, removed)).status_code == 404


# --- Create and edit ---------------------------------------------------------------


def test_it_adds_a_participant(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.post(_url(tenant_a, "participants:create"), _participant_data())
    participant = Participant.objects.get(last_name="Смирнов")
    assert response.status_code == 302
    assert response.url == _url(tenant_a, "participants:detail", participant)
    assert participant.organization == tenant_a.organization
    assert participant.birth_date == date(2012, 3, 4)
    assert participant.group_name == "7Б"
    entry = AuditEntry.objects.get(action="participant.created")
    assert (entry.actor, entry.target_id, entry.data) == (tenant_a.curator, participant.pk, {})


def test_it_edits_a_participant_and_names_the_fields_not_the_values(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    response = client.post(
        _url(tenant_a, "participants:edit", teenager),
        _participant_data(
            last_name="Кузнецова-Белова",
            first_name="Дарья",
            patronymic="Сергеевна",
            birth_date=teenager.birth_date.isoformat(),
            group_name="9Б",
            email="darya@example.org",
            status=Status.IN_BASE,
        ),
    )
    assert response.status_code == 302
    teenager.refresh_from_db()
    assert (teenager.last_name, teenager.group_name) == ("Кузнецова-Белова", "9Б")
    entry = AuditEntry.objects.get(action="participant.changed")
    assert entry.data == {"fields": ["group_name", "last_name"]}
    audit = _audit_data(tenant_a.organization)
    for value in ("Кузнецова", "Белова", "9Б", "darya@example.org"):
        assert value not in audit


def test_saving_an_unchanged_card_records_nothing(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    client.post(
        _url(tenant_a, "participants:edit", teenager),
        _participant_data(
            last_name=teenager.last_name,
            first_name=teenager.first_name,
            patronymic=teenager.patronymic,
            birth_date=teenager.birth_date.isoformat(),
            group_name=teenager.group_name,
            email=teenager.email,
            status=teenager.status,
        ),
    )
    assert not AuditEntry.objects.filter(action="participant.changed").exists()


def test_a_student_without_a_birth_date_is_refused(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.post(_url(tenant_a, "participants:create"), _participant_data(birth_date=""))
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]
    assert not Participant.objects.filter(last_name="Смирнов").exists()
    assert not AuditEntry.objects.filter(action="participant.created").exists()


def test_a_teacher_without_a_birth_date_is_accepted(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "participants:create"),
        _participant_data(birth_date="", category=Category.TEACHER, group_name="", programme_role="mentor"),
    )
    assert response.status_code == 302
    assert Participant.objects.get(last_name="Смирнов").birth_date is None


def test_a_birth_date_in_the_future_is_refused(client, tenant_a):
    client.force_login(tenant_a.curator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        _url(tenant_a, "participants:create"), _participant_data(birth_date=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]


def test_a_partner_of_another_organisation_cannot_be_chosen(client, tenant_a, tenant_b):
    foreign = PartnerOrganization.objects.create(organization=tenant_b.organization, name="ООО «Чужой завод»")
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "participants:create"),
        _participant_data(category=Category.EMPLOYER, birth_date="", partner=foreign.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["partner"]
    assert "ООО «Чужой завод»" not in response.content.decode()


# --- Consents ----------------------------------------------------------------------


def test_it_records_a_representatives_consent(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    response = client.post(
        _url(tenant_a, "participants:consent_add", teenager),
        _consent_data(given_by=Consent.GivenBy.SUBJECT, representative_name="", representative_relation=""),
    )
    assert response.status_code == 302
    consent = teenager.consents.get(given_by=Consent.GivenBy.SUBJECT)
    assert (consent.created_by, consent.organization) == (tenant_a.staff, tenant_a.organization)
    entry = AuditEntry.objects.get(action="consent.recorded")
    assert entry.data == {"consent": consent.pk, "given_by": "subject"}
    assert client.get(_url(tenant_a, "participants:detail", teenager)).context["consent_check"].valid


@pytest.mark.parametrize(
    "missing",
    [
        {"representative_name": ""},
        {"representative_relation": ""},
        {"representative_name": "", "representative_relation": ""},
    ],
)
def test_a_representative_without_name_or_relation_is_refused(client, tenant_a, teenager, missing):
    before = Consent.objects.count()
    client.force_login(tenant_a.staff)
    response = client.post(_url(tenant_a, "participants:consent_add", teenager), _consent_data(**missing))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Consent.objects.count() == before
    assert not AuditEntry.objects.filter(action="consent.recorded").exists()


def test_a_consent_signed_in_the_future_is_refused(client, tenant_a, teenager):
    before = Consent.objects.count()
    client.force_login(tenant_a.staff)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        _url(tenant_a, "participants:consent_add", teenager), _consent_data(signed_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"]
    assert Consent.objects.count() == before


def _upload(client, tenant, participant, name="consent.pdf", content=PDF, content_type="application/pdf"):
    data = _consent_data(document=SimpleUploadedFile(name, content, content_type=content_type))
    return client.post(_url(tenant, "participants:consent_add", participant), data)


def test_a_scan_is_uploaded_and_downloaded_by_the_organisations_people(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    assert _upload(client, tenant_a, teenager).status_code == 302
    consent = teenager.consents.exclude(document="").get()
    assert consent.document.name.startswith(f"consents/{timezone.localdate():%Y}/")
    url = _url(tenant_a, "participants:consent_document", teenager, consent_id=consent.pk)
    assert url in client.get(_url(tenant_a, "participants:detail", teenager)).content.decode()

    for user in (tenant_a.staff, tenant_a.curator, tenant_a.director):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert consent.document.name.rsplit("/", 1)[-1] in response["Content-Disposition"]
    downloads = AuditEntry.objects.filter(action="consent.document_downloaded", target_id=teenager.pk)
    assert downloads.count() == 3
    assert {e.data["consent"] for e in downloads} == {consent.pk}


def test_a_scan_is_never_kept_by_a_cache(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    _upload(client, tenant_a, teenager)
    consent = teenager.consents.exclude(document="").get()
    response = client.get(_url(tenant_a, "participants:consent_document", teenager, consent_id=consent.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_scan_is_refused_to_everybody_else(client, tenant_a, tenant_b, committee_user, outsider, teenager):
    client.force_login(tenant_a.staff)
    _upload(client, tenant_a, teenager)
    consent = teenager.consents.exclude(document="").get()
    url = _url(tenant_a, "participants:consent_document", teenager, consent_id=consent.pk)
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    for user, status in (
        (tenant_a.mentor, 403),
        (tenant_b.staff, 404),
        (tenant_b.director, 404),
        (committee_user, 404),
        (outsider, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # Through B's own address the consent of A does not exist either.
    client.force_login(tenant_b.staff)
    b_url = _url(tenant_b, "participants:consent_document", teenager, consent_id=consent.pk)
    assert client.get(b_url).status_code == 404
    assert not AuditEntry.objects.filter(action="consent.document_downloaded").exists()


def test_a_consent_without_a_scan_has_no_document(client, tenant_a, teenager):
    consent = teenager.consents.get()
    client.force_login(tenant_a.staff)
    url = _url(tenant_a, "participants:consent_document", teenager, consent_id=consent.pk)
    assert client.get(url).status_code == 404


def test_a_consent_of_another_participant_is_not_found_by_this_ones_address(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    _upload(client, tenant_a, teenager)
    consent = teenager.consents.exclude(document="").get()
    other = ParticipantFactory(organization=tenant_a.organization)
    url = _url(tenant_a, "participants:consent_document", other, consent_id=consent.pk)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name,content_type",
    [
        ("consent.exe", "application/x-msdownload"),
        ("consent.pdf.exe", "application/pdf"),
        ("scan.html", "text/html"),
    ],
)
def test_a_scan_that_is_no_pdf_or_image_is_refused(client, tenant_a, teenager, name, content_type):
    before = Consent.objects.count()
    client.force_login(tenant_a.staff)
    response = _upload(
        client, tenant_a, teenager, name=name, content=b"MZ\x90\x00", content_type=content_type
    )
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert Consent.objects.count() == before


def test_a_scan_larger_than_10_mb_is_refused(client, tenant_a, teenager):
    before = Consent.objects.count()
    client.force_login(tenant_a.staff)
    too_big = PDF + b"0" * (MAX_SCAN_BYTES + 1 - len(PDF))
    response = _upload(client, tenant_a, teenager, content=too_big)
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert Consent.objects.count() == before


def test_a_scan_is_stored_outside_the_public_media(client, tenant_a, teenager, settings):
    client.force_login(tenant_a.staff)
    _upload(client, tenant_a, teenager)
    consent = teenager.consents.exclude(document="").get()
    path = Path(consent.document.path)
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert path.read_bytes() == PDF


def test_revoking_twice_is_harmless(client, tenant_a, teenager):
    consent = teenager.consents.get()
    client.force_login(tenant_a.staff)
    url = _url(tenant_a, "participants:consent_revoke", teenager, consent_id=consent.pk)
    today = timezone.localdate()
    first = client.post(url, {"revoked_on": today.isoformat(), "reason": "Заявление матери"})
    assert first.status_code == 302
    second = client.post(url, {"revoked_on": (today - timedelta(days=3)).isoformat(), "reason": "Ещё раз"})
    assert second.status_code == 302
    consent.refresh_from_db()
    assert (consent.revoked_on, consent.revocation_reason) == (today, "Заявление матери")
    entries = AuditEntry.objects.filter(action="consent.revoked")
    assert entries.count() == 1
    assert entries.get().data == {"consent": consent.pk}
    card = client.get(_url(tenant_a, "participants:detail", teenager))
    assert not card.context["consent_check"].valid
    assert url not in card.content.decode()  # no "revoke" link on a revoked consent


def test_a_revocation_dated_in_the_future_is_refused(client, tenant_a, teenager):
    consent = teenager.consents.get()
    client.force_login(tenant_a.staff)
    url = _url(tenant_a, "participants:consent_revoke", teenager, consent_id=consent.pk)
    later = timezone.localdate() + timedelta(days=400)
    response = client.post(url, {"revoked_on": later.isoformat(), "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["revoked_on"]
    consent.refresh_from_db()
    assert consent.revoked_on is None
    assert not AuditEntry.objects.filter(action="consent.revoked").exists()


def test_the_participant_leaves(client, tenant_a, teenager):
    client.force_login(tenant_a.curator)
    left_on = timezone.localdate() - timedelta(days=2)
    response = client.post(
        _url(tenant_a, "participants:leave", teenager),
        {"left_on": left_on.isoformat(), "reason": "Переход в другую школу"},
    )
    assert response.status_code == 302
    teenager.refresh_from_db()
    assert (teenager.status, teenager.left_on, teenager.left_reason) == (
        Status.LEFT,
        left_on,
        "Переход в другую школу",
    )
    assert _actions(teenager) == ["participant.left"]
    card = client.get(_url(tenant_a, "participants:detail", teenager))
    assert _url(tenant_a, "participants:edit", teenager) not in card.content.decode()


def test_leaving_needs_a_reason(client, tenant_a, teenager):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "participants:leave", teenager), {"left_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    teenager.refresh_from_db()
    assert teenager.status == Status.IN_BASE


# --- Answers and extra information -------------------------------------------------


def _question(kind, questionnaire="mentee"):
    return (
        Question.objects.filter(question_set__questionnaire__kind=questionnaire, kind=kind)
        .order_by("position")
        .first()
    )


def test_it_saves_every_kind_of_answer_and_removes_an_emptied_one(client, tenant_a, teenager):
    text, choice = _question(Question.Kind.TEXT), _question(Question.Kind.CHOICE)
    multiple, scale = _question(Question.Kind.MULTIPLE), _question(Question.Kind.SCALE)
    client.force_login(tenant_a.staff)
    url = _url(tenant_a, "participants:answers", teenager)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            f"q{text.pk}": "Шахматы и робототехника",
            f"q{choice.pk}": choice.choices[1],
            f"q{multiple.pk}": [multiple.choices[0], multiple.choices[2]],
            f"q{scale.pk}": "4",
        },
    )
    assert response.status_code == 302
    answers = {a.question_id: a.value for a in Answer.objects.filter(participant=teenager)}
    assert answers == {
        text.pk: "Шахматы и робототехника",
        choice.pk: choice.choices[1],
        multiple.pk: [multiple.choices[0], multiple.choices[2]],
        scale.pk: 4,
    }
    entry = AuditEntry.objects.get(action="participant.answers_changed")
    assert entry.data == {"questions": sorted([text.pk, choice.pk, multiple.pk, scale.pk])}
    assert "Шахматы" not in _audit_data(tenant_a.organization)

    # The form shows what is stored; emptying a field deletes that answer only.
    form = client.get(url).context["form"]
    assert form.initial[f"q{multiple.pk}"] == [multiple.choices[0], multiple.choices[2]]
    client.post(
        url,
        {f"q{text.pk}": "", f"q{choice.pk}": choice.choices[1], f"q{multiple.pk}": [multiple.choices[0]]},
    )
    answers = {a.question_id: a.value for a in Answer.objects.filter(participant=teenager)}
    assert answers == {choice.pk: choice.choices[1], multiple.pk: [multiple.choices[0]]}
    last = AuditEntry.objects.filter(action="participant.answers_changed").first()
    assert last.data == {"questions": sorted([text.pk, multiple.pk, scale.pk])}

    card = client.get(_url(tenant_a, "participants:detail", teenager)).content.decode()
    assert choice.choices[1] in card
    assert "Шахматы" not in card


def test_an_answer_outside_the_choices_is_refused(client, tenant_a, teenager):
    choice, scale = _question(Question.Kind.CHOICE), _question(Question.Kind.SCALE)
    client.force_login(tenant_a.staff)
    response = client.post(
        _url(tenant_a, "participants:answers", teenager),
        {f"q{choice.pk}": "Что-то своё", f"q{scale.pk}": "9"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {f"q{choice.pk}", f"q{scale.pk}"}
    assert not Answer.objects.filter(participant=teenager).exists()


def test_extra_information_is_recorded_with_its_source(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    response = client.post(
        _url(tenant_a, "participants:extra_information", teenager),
        {
            "source": ExtraInformation.Source.PSYCHOLOGIST,
            "author_name": "Орлова Н.В.",
            "text": "Легко идёт на контакт, интересуется биологией.",
        },
    )
    assert response.status_code == 302
    info = ExtraInformation.objects.get(participant=teenager)
    assert (info.source, info.author_name, info.recorded_by) == (
        "psychologist",
        "Орлова Н.В.",
        tenant_a.staff,
    )
    assert info.organization == tenant_a.organization
    entry = AuditEntry.objects.get(action="participant.extra_information_added")
    assert entry.data == {"source": "psychologist"}
    assert "биологией" not in _audit_data(tenant_a.organization)
    card = client.get(_url(tenant_a, "participants:detail", teenager)).content.decode()
    assert "интересуется биологией" in card and "Орлова Н.В." in card


def test_extra_information_needs_a_source_and_a_text(client, tenant_a, teenager):
    client.force_login(tenant_a.staff)
    response = client.post(_url(tenant_a, "participants:extra_information", teenager), {"author_name": "X"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"source", "text"}
    assert not ExtraInformation.objects.exists()


def test_the_services_never_write_personal_values_into_the_audit(tenant_a, teenager):
    services.participant_update(
        participant=teenager, actor=tenant_a.staff, phone="+7 900 123-45-67", first_name="Дарина"
    )
    services.participant_leave(
        participant=teenager, actor=tenant_a.staff, left_on=date.today(), reason="Переезд"
    )
    audit = _audit_data(tenant_a.organization)
    for value in ("+7 900 123-45-67", "Дарина", "Переезд", "Кузнецова"):
        assert value not in audit
    assert AuditEntry.objects.get(action="participant.changed").data == {"fields": ["first_name", "phone"]}


def test_a_participant_who_left_cannot_be_edited_back(client, tenant_a):
    from apps.participants.models import Status
    from tests.factories import ParticipantFactory

    participant = ParticipantFactory(organization=tenant_a.organization, status=Status.LEFT)
    client.force_login(tenant_a.curator)
    url = reverse(
        "participants:edit", kwargs={"org_slug": tenant_a.organization.slug, "participant_id": participant.pk}
    )
    response = client.post(url, {"status": "in_base"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.LEFT


def test_the_answers_form_asks_only_the_questionnaire_of_the_role(client, tenant_a):
    from apps.participants.models import ProgrammeRole
    from tests.factories import ParticipantFactory

    mentor = ParticipantFactory(organization=tenant_a.organization, programme_role=ProgrammeRole.MENTOR)
    client.force_login(tenant_a.curator)
    url = reverse(
        "participants:answers", kwargs={"org_slug": tenant_a.organization.slug, "participant_id": mentor.pk}
    )
    questions = client.get(url).context["form"].questions
    assert questions and {q.question_set.questionnaire.kind for q in questions} == {"mentor"}


def test_the_home_page_tells_staff_who_lacks_a_consent(client, tenant_a):
    ParticipantFactory(organization=tenant_a.organization)  # a pupil with no consent at all
    client.force_login(tenant_a.staff)
    steps = client.get(
        reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug})
    ).context["next_steps"]
    registry = reverse("participants:list", kwargs={"org_slug": tenant_a.organization.slug})
    assert any(step.url == registry + "?consent=missing" for step in steps)
