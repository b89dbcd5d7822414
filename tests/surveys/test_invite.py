"""The curator's page that makes personal links for a programme's pairs and e-mails them."""

from django.core import mail
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.surveys.models import SurveyInvitation
from apps.surveys.selectors.links import invitation_by_token

from .conftest import respond


def _url(tenant, programme):
    return reverse(
        "surveys:invite", kwargs={"org_slug": tenant.organization.slug, "programme_id": programme.pk}
    )


def test_the_page_lists_the_mentors_and_mentees_of_the_pairs(client, tenant_a, surveyed):
    client.force_login(tenant_a.curator)
    response = client.get(_url(tenant_a, surveyed.programme))
    assert response.status_code == 200
    keys = [key for key, _label in response.context["form"].fields["recipients"].choices]
    assert keys == [f"mentor-{surveyed.mentors[0].pk}"] + [
        f"mentee-{m.pk}" for m in sorted(surveyed.mentees, key=lambda p: p.last_name)
    ]
    assert response.context["form"].initial["recipients"] == keys  # everybody, unless unticked


def test_links_are_shown_once_and_e_mailed(
    client, tenant_a, surveyed, standard_forms, django_capture_on_commit_callbacks
):
    form = standard_forms["mentee_satisfaction"]
    with_email = surveyed.mentees[1]
    with_email.email = "ученик@example.org"
    with_email.save()
    client.force_login(tenant_a.curator)
    everybody = [f"mentor-{surveyed.mentors[0].pk}"] + [f"mentee-{m.pk}" for m in surveyed.mentees]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(tenant_a, surveyed.programme),
            {"form": form.pk, "stage": "", "valid_days": 14, "recipients": everybody},
        )

    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "strict-origin"
    links = response.context["links"]
    assert sorted(link["recipient"].participant.pk for link in links) == sorted(
        m.pk for m in surveyed.mentees
    )
    # The mentor does not answer the mentees' form: listed as not asked.
    assert [r.participant for r, _reason in response.context["batch"].skipped] == [surveyed.mentors[0]]
    for link in links:
        token = link["url"].rstrip("/").rsplit("/", 1)[-1]
        assert link["url"].startswith("http://testserver/s/")
        invitation = invitation_by_token(token)
        assert invitation.participant == link["recipient"].participant
        assert invitation.pair == surveyed.pair_of(invitation.participant)
        assert link["emailed"] == (invitation.participant == with_email)
    assert SurveyInvitation.objects.filter(programme=surveyed.programme, form=form).count() == 3

    (message,) = mail.outbox
    assert message.to == ["ученик@example.org"]
    assert "Здравствуйте, " + with_email.first_name in message.body
    link = next(link for link in links if link["emailed"])
    assert link["url"] in message.body
    assert form.title in message.subject

    entry = AuditEntry.objects.get(action="survey.invitations_created")
    assert entry.data == {"form": form.pk, "stage": "", "links": 3, "emailed": 1}
    token = link["url"].rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(entry.data)


def test_the_evaluation_needs_a_stage(client, tenant_a, surveyed, standard_forms):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, surveyed.programme),
        {
            "form": standard_forms["evaluation"].pk,
            "stage": "",
            "valid_days": 30,
            "recipients": [f"mentee-{surveyed.mentees[0].pk}"],
        },
    )
    assert response.status_code == 200
    assert "stage" in response.context["form"].errors
    assert not SurveyInvitation.objects.exists()

    response = client.post(
        _url(tenant_a, surveyed.programme),
        {
            "form": standard_forms["evaluation"].pk,
            "stage": "after",
            "valid_days": 30,
            "recipients": [f"mentee-{surveyed.mentees[0].pk}"],
        },
    )
    assert SurveyInvitation.objects.get().stage == "after"


def test_only_listed_people_can_be_chosen(client, tenant_a, tenant_b, surveyed, standard_forms):
    from tests.factories import ParticipantFactory

    stranger = ParticipantFactory(organization=tenant_b.organization)
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, surveyed.programme),
        {
            "form": standard_forms["programme_quality"].pk,
            "valid_days": 30,
            "recipients": [f"mentee-{stranger.pk}"],
        },
    )
    assert response.status_code == 200
    assert "recipients" in response.context["form"].errors
    assert not SurveyInvitation.objects.exists()


def test_the_validity_is_limited(client, tenant_a, surveyed, standard_forms):
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, surveyed.programme),
        {
            "form": standard_forms["programme_quality"].pk,
            "valid_days": 365,
            "recipients": [f"mentee-{surveyed.mentees[0].pk}"],
        },
    )
    assert "valid_days" in response.context["form"].errors


def test_the_programme_page_counts_links_and_responses(client, tenant_a, surveyed, standard_forms):
    form = standard_forms["evaluation"]
    for mentee in surveyed.mentees[:2]:
        respond(form, surveyed.programme, mentee, "mentee", stage="before")
    respond(form, surveyed.programme, surveyed.mentees[0], "mentee", stage="after")
    client.force_login(tenant_a.director)
    response = client.get(
        reverse(
            "surveys:programme",
            kwargs={"org_slug": tenant_a.organization.slug, "programme_id": surveyed.programme.pk},
        )
    )
    row = next(r for r in response.context["rows"] if r["form"] == form)
    assert row["invitations"] == {"form_id": form.pk, "sent": 3, "used": 3, "open": 0}
    assert [count for _label, count in row["responses"]] == [2, 1]  # before, after
    assert row["total"] == 3
    index = client.get(reverse("surveys:index", kwargs={"org_slug": tenant_a.organization.slug}))
    assert index.context["programmes"][0].survey_responses == 3


def test_links_asked_twice_with_one_form_token_are_made_once(client, tenant_a, surveyed, standard_forms):
    """A double click on «Create the links»: the second sends nobody a second link."""
    form = standard_forms["mentee_satisfaction"]
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, surveyed.programme)
    data = {
        "form": form.pk,
        "stage": "",
        "valid_days": 14,
        "recipients": [f"mentee-{m.pk}" for m in surveyed.mentees],
        "form_token": "double-click-token-0001",
    }

    first = client.post(url, data)
    again = client.post(url, data)

    assert first.status_code == 200 and len(first.context["links"]) == 3
    assert again.status_code == 302 and again.url == url
    assert SurveyInvitation.objects.filter(programme=surveyed.programme, form=form).count() == 3
