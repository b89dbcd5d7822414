"""A participant with a portal account answers signed in, without a link."""

from django.urls import reverse

from apps.pairs.models import PairMentee
from apps.surveys.models import SurveyResponse
from tests.factories import ParticipantFactory


def _mine(tenant):
    return reverse("surveys:mine", kwargs={"org_slug": tenant.organization.slug})


def _answer(tenant, programme, form):
    return reverse(
        "surveys:my_answer",
        kwargs={"org_slug": tenant.organization.slug, "programme_id": programme.pk, "form_id": form.pk},
    )


def _data(form, role, score="7"):
    data = {}
    for question in form.questions.all():
        if question.is_asked_of(role) and question.kind != "text":
            data[f"q{question.pk}"] = score if question.kind == "scale" else question.choices[0]
    return data


def test_a_young_specialist_answers_the_evaluation_before_and_after(
    client, tenant_a, surveyed, standard_forms
):
    """A young teacher mentored in the programme has a staff account: their surveys are listed."""
    organization = tenant_a.organization
    teacher = ParticipantFactory(
        organization=organization, category="young_specialist", account=tenant_a.staff
    )
    PairMentee.objects.create(organization=organization, pair=surveyed.pairs[0], mentee=teacher)
    form = standard_forms["evaluation"]
    client.force_login(tenant_a.staff)

    surveys = client.get(_mine(tenant_a)).context["surveys"]
    kinds = {s.form.kind for s in surveys}
    assert kinds == {"mentee_satisfaction", "programme_quality", "evaluation", "interim_feedback"}
    evaluation = next(s for s in surveys if s.form == form)
    assert (evaluation.stage, evaluation.answered, evaluation.role) == ("before", False, "mentee")

    assert (
        client.post(_answer(tenant_a, surveyed.programme, form), _data(form, "mentee", "4")).status_code
        == 302
    )
    assert (
        client.post(_answer(tenant_a, surveyed.programme, form), _data(form, "mentee", "8")).status_code
        == 302
    )
    responses = SurveyResponse.objects.filter(respondent=teacher).order_by("pk")
    assert [(r.stage, r.invitation, r.respondent_role) for r in responses] == [
        ("before", None, "mentee"),
        ("after", None, "mentee"),
    ]
    assert responses[1].answers.get(question__parameter="academic_results").number == 8

    # Both stages answered: the form is done.
    evaluation = next(s for s in client.get(_mine(tenant_a)).context["surveys"] if s.form == form)
    assert evaluation.answered
    response = client.post(_answer(tenant_a, surveyed.programme, form), _data(form, "mentee"))
    assert response.status_code == 302
    assert SurveyResponse.objects.filter(respondent=teacher).count() == 2


def test_a_mentor_answers_about_the_programme_not_about_a_mentor(client, tenant_a, surveyed, standard_forms):
    mentor = surveyed.mentors[0]
    mentor.account = tenant_a.mentor
    mentor.save()
    form = standard_forms["mentor_satisfaction"]
    client.force_login(tenant_a.mentor)

    kinds = {s.form.kind for s in client.get(_mine(tenant_a)).context["surveys"]}
    assert "mentor_satisfaction" in kinds and "mentee_satisfaction" not in kinds
    page = client.get(_answer(tenant_a, surveyed.programme, form))
    assert page.status_code == 200
    assert client.post(_answer(tenant_a, surveyed.programme, form), _data(form, "mentor")).status_code == 302
    response = SurveyResponse.objects.get(respondent=mentor)
    assert (response.pair, response.respondent_role, response.invitation) == (None, "mentor", None)
    # The mentees' form is not theirs.
    assert (
        client.get(_answer(tenant_a, surveyed.programme, standard_forms["mentee_satisfaction"])).status_code
        == 404
    )


def test_missing_answers_are_shown(client, tenant_a, surveyed, standard_forms):
    mentor = surveyed.mentors[0]
    mentor.account = tenant_a.mentor
    mentor.save()
    form = standard_forms["programme_quality"]
    client.force_login(tenant_a.mentor)
    response = client.post(_answer(tenant_a, surveyed.programme, form), {})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SurveyResponse.objects.exists()
