"""The survey answers that `load_demo` puts into every demo organisation."""

from io import StringIO

from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.demo.organizations import ORGANIZATIONS
from apps.organizations.models import Organization
from apps.surveys.models import SurveyForm, SurveyResponse
from apps.surveys.selectors.satisfaction import scores_by_kind


def test_every_demo_organisation_has_answers_to_show_and_a_second_load_adds_none(db):
    call_command("load_demo", stdout=StringIO())
    with scopes_disabled():
        counted = SurveyResponse.objects.count()
        for spec in ORGANIZATIONS:
            organization = Organization.objects.get(slug=spec.slug)
            responses = SurveyResponse.objects.filter(organization=organization)
            kinds = set(responses.values_list("form__kind", flat=True))
            assert kinds == set(SurveyForm.Kind.values), spec.slug
            before = responses.filter(stage="before").count()
            after = responses.filter(stage="after").count()
            assert before and after, spec.slug
            # Enough answers for the dashboards to show an average of the mentees' satisfaction.
            mentees = {row["kind"]: row for row in scores_by_kind(organization.pk)}["mentee_satisfaction"]
            assert mentees["average"] is not None, spec.slug
        call_command("load_demo", stdout=StringIO())
        assert SurveyResponse.objects.count() == counted
