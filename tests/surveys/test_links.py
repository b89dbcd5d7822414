"""The life of a personal link: valid, expired, used, tampered, or of another organisation."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.surveys import services
from apps.surveys.models import SurveyForm, SurveyInvitation
from apps.surveys.selectors.links import invitation_by_token
from apps.surveys.selectors.recipients import Recipient
from apps.surveys.tokens import MAX_VALID_DAYS, InvitationUnavailable, token_hash, token_make
from tests.factories import ParticipantFactory

from .conftest import build_programme, issue, respond


def _reason(token):
    with pytest.raises(InvitationUnavailable) as caught:
        invitation_by_token(token)
    return caught.value.reason


def _page(client, token):
    return client.get(reverse("survey_public:answer", kwargs={"token": token}))


def test_only_a_hash_of_the_token_is_stored(surveyed, standard_forms):
    invitation, token = issue(
        standard_forms["mentee_satisfaction"], surveyed.programme, surveyed.mentees[0], "mentee"
    )
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token) != token
    assert token not in str(SurveyInvitation.objects.filter(pk=invitation.pk).values().get())
    assert token.count(":") == 2  # value:timestamp:signature of TimestampSigner


def test_a_valid_link_finds_its_invitation(surveyed, standard_forms):
    invitation, token = issue(
        standard_forms["mentee_satisfaction"], surveyed.programme, surveyed.mentees[0], "mentee"
    )
    found = invitation_by_token(token)
    assert found.pk == invitation.pk
    assert found.pair == surveyed.pairs[0]  # the mentee answers about their mentor
    assert abs(found.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_a_link_expires_with_its_invitation(client, surveyed, standard_forms):
    invitation, token = issue(
        standard_forms["mentee_satisfaction"], surveyed.programme, surveyed.mentees[0], "mentee"
    )
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert _reason(token) == InvitationUnavailable.EXPIRED
    response = _page(client, token)
    assert response.status_code == 410
    assert b'data-testid="invitation-expired"' in response.content


def test_a_signature_older_than_any_validity_is_expired(client, surveyed, standard_forms):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - (MAX_VALID_DAYS + 1) * 86400):
        old_token = token_make()
    assert _reason(old_token) == InvitationUnavailable.EXPIRED
    assert _page(client, old_token).status_code == 410


def test_a_link_works_once(client, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    values = {
        q: 7 if q.kind == "scale" else (q.choices[0] if q.choices else "") for q in form.questions.all()
    }
    services.response_submit_by_invitation(invitation=invitation, values=values)

    assert _reason(token) == InvitationUnavailable.USED
    with pytest.raises(InvitationUnavailable):
        services.response_submit_by_invitation(invitation=invitation, values=values)
    response = _page(client, token)
    assert response.status_code == 410
    assert b'data-testid="invitation-used"' in response.content


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature changed
        lambda t: ("X" if t[0] != "X" else "Y") + t[1:],  # the value changed (1 in 64 began with X)
        lambda t: t[: len(t) // 2],  # truncated
        lambda t: "not-a-token",
        lambda t: signing.TimestampSigner(salt="another.purpose").sign(t.split(":")[0]),  # signed for else
        lambda t: signing.dumps({"invitation": 1}),  # Django's default salt
    ],
    ids=["signature", "value", "truncated", "garbage", "other-salt", "default-salt"],
)
def test_a_tampered_link_is_not_found(client, surveyed, standard_forms, spoil):
    _invitation, token = issue(
        standard_forms["mentee_satisfaction"], surveyed.programme, surveyed.mentees[0], "mentee"
    )
    spoiled = spoil(token)
    assert spoiled != token
    assert _reason(spoiled) == InvitationUnavailable.INVALID
    response = _page(client, spoiled)
    assert response.status_code == 404
    assert b'data-testid="invitation-invalid"' in response.content
    assert surveyed.mentees[0].first_name.encode() not in response.content


def test_a_genuine_token_without_an_invitation_is_not_found(client, surveyed):
    token = token_make()  # well signed, but no invitation was made with it
    assert _reason(token) == InvitationUnavailable.INVALID
    assert _page(client, token).status_code == 404


def test_a_closed_form_takes_no_answers(client, tenant_a, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    _invitation, token = issue(form, surveyed.programme, surveyed.mentees[0], "mentee")
    services.form_update(form=form, actor=tenant_a.curator, is_active=False)
    assert _reason(token) == InvitationUnavailable.CLOSED
    assert _page(client, token).status_code == 410


def test_a_second_link_of_someone_who_answered_is_refused(client, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    mentee = surveyed.mentees[0]
    _first, token = issue(form, surveyed.programme, mentee, "mentee")
    second, _token = issue(form, surveyed.programme, mentee, "mentee")
    respond_values = {
        q: 5 if q.kind == "scale" else (q.choices[0] if q.choices else "") for q in form.questions.all()
    }
    services.response_submit_by_invitation(invitation=second, values=respond_values)

    assert _reason(token) == InvitationUnavailable.ANSWERED
    assert _page(client, token).status_code == 410


def test_links_are_made_only_for_the_programmes_pairs(tenant_a, tenant_b, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    stranger = ParticipantFactory(organization=tenant_a.organization)  # in A, not in the programme
    b_participant = ParticipantFactory(organization=tenant_b.organization)
    for person in (stranger, b_participant):
        with pytest.raises(ValidationError):
            services.invitations_create(
                programme=surveyed.programme,
                form=form,
                recipients=[Recipient(participant=person, role="mentee")],
                actor=tenant_a.curator,
            )
    # A mentor is not asked as a mentee, even by naming the role.
    with pytest.raises(ValidationError):
        services.invitations_create(
            programme=surveyed.programme,
            form=form,
            recipients=[Recipient(participant=surveyed.mentors[0], role="mentee")],
            actor=tenant_a.curator,
        )
    assert not SurveyInvitation.objects.exists()


def test_a_form_of_another_organisation_is_refused(tenant_a, tenant_b, surveyed):
    services.forms_create_standard(tenant_b.organization)
    b_form = SurveyForm.objects.get(organization=tenant_b.organization, kind="mentee_satisfaction")
    with pytest.raises(ValidationError):
        services.invitations_create(
            programme=surveyed.programme,
            form=b_form,
            recipients=[Recipient(participant=surveyed.mentees[0], role="mentee")],
            actor=tenant_a.curator,
        )
    assert not SurveyInvitation.objects.exists()


def test_a_link_of_another_organisation_shows_only_its_own_form(
    client, tenant_a, tenant_b, surveyed, standard_forms
):
    services.forms_create_standard(tenant_b.organization)
    b = build_programme(tenant_b.organization, surname="Бетов")
    b_form = SurveyForm.objects.get(organization=tenant_b.organization, kind="mentee_satisfaction")
    services.form_update(form=b_form, actor=None, title="Анкета школы Бета")
    _invitation, token = issue(b_form, b.programme, b.mentees[0], "mentee")

    body = _page(client, token).content.decode()
    assert "Анкета школы Бета" in body
    assert b.mentees[0].first_name in body
    assert tenant_a.organization.short_name not in body
    assert standard_forms["mentee_satisfaction"].title not in body  # A's form, same kind
    for person in surveyed.mentees + surveyed.mentors:
        assert person.last_name not in body


def test_the_invitation_is_made_in_the_organisation_of_the_programme(tenant_a, surveyed, standard_forms):
    invitation, _token = issue(
        standard_forms["evaluation"], surveyed.programme, surveyed.mentors[0], "mentor", stage="before"
    )
    assert invitation.organization == tenant_a.organization
    assert (invitation.stage, invitation.pair, invitation.respondent_role) == ("before", None, "mentor")


def test_the_evaluation_needs_a_stage_and_other_forms_none(tenant_a, surveyed, standard_forms):
    mentee = Recipient(participant=surveyed.mentees[0], role="mentee")
    with pytest.raises(ValidationError):
        services.invitations_create(
            programme=surveyed.programme, form=standard_forms["evaluation"], recipients=[mentee], actor=None
        )
    with pytest.raises(ValidationError):
        services.invitations_create(
            programme=surveyed.programme,
            form=standard_forms["programme_quality"],
            recipients=[mentee],
            stage="before",
            actor=None,
        )


def test_who_has_answered_is_skipped_and_who_the_form_is_not_for(tenant_a, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    respond(form, surveyed.programme, surveyed.mentees[0], "mentee")
    batch = services.invitations_create(
        programme=surveyed.programme,
        form=form,
        recipients=[
            Recipient(participant=surveyed.mentees[0], role="mentee"),
            Recipient(participant=surveyed.mentees[1], role="mentee"),
            Recipient(participant=surveyed.mentors[0], role="mentor"),
        ],
        actor=tenant_a.curator,
    )
    assert [link.recipient.participant for link in batch.issued] == [surveyed.mentees[1]]
    assert {r.participant.pk for r, _reason in batch.skipped} == {
        surveyed.mentees[0].pk,
        surveyed.mentors[0].pk,
    }
