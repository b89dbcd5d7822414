"""Survey results: averages and distributions per stage and the before → after changes, only
for groups of at least three answers (the anonymity rule of apps/surveys); no free texts, no
answers about a named mentor."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.pairs.models import Programme
from apps.surveys.models import SurveyForm
from apps.surveys.selectors.results import programme_results

from ..views_base import TenantAPIView


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    distribution = serializers.ListField(child=serializers.DictField())


class StageResultSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    responses = serializers.IntegerField()
    shown = serializers.BooleanField()
    questions = serializers.SerializerMethodField()

    def get_questions(self, group) -> list[dict]:
        shown = [q for q in group.questions if q.shown] if group.shown else []
        return QuestionResultSerializer(shown, many=True).data


class ChangeSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    label = serializers.CharField()
    before = serializers.FloatField(allow_null=True)
    after = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)


class SurveyResultsSerializer(serializers.Serializer):
    programme = serializers.IntegerField()
    form = serializers.IntegerField()
    threshold = serializers.IntegerField()
    total = serializers.IntegerField()
    stages = StageResultSerializer(many=True)
    changes = ChangeSerializer(many=True)


class SurveyResults(TenantAPIView):
    permissions = {"GET": "surveys.view"}
    serializer_class = SurveyResultsSerializer
    pagination_class = None

    @extend_schema(responses=SurveyResultsSerializer)
    def get(self, request, org_slug, programme_id, form_id):
        programme = get_object_or_404(Programme, pk=programme_id)
        form = get_object_or_404(SurveyForm, pk=form_id)
        results = programme_results(form, programme)
        data = {
            "programme": programme.pk,
            "form": form.pk,
            "threshold": results.threshold,
            "total": results.total,
            "stages": results.stages,
            "changes": [change for change in results.changes if change.shown],
        }
        return Response(SurveyResultsSerializer(data).data)
