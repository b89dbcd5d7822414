"""A committee's reads: targets per organisation and period, and the regional monitoring form
as JSON. Aggregates only: organisations' names and numbers, never a person."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from apps.monitoring import targets
from apps.monitoring.periods import parse_period, quarter_of, report_as_of
from apps.monitoring.selectors import satisfaction

from ..views_base import TenantAPIView

PERIOD_PARAMETER = OpenApiParameter(
    "period",
    str,
    description="YYYY-Qn or YYYY; the running quarter when not given",
    pattern=r"^\d{4}(-Q[1-4])?$",
)


class TargetValueSerializer(serializers.Serializer):
    code = serializers.CharField(source="target.code")
    label = serializers.CharField(source="target.label")
    threshold = serializers.IntegerField(source="target.threshold")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    state = serializers.CharField()


class OrganizationTargetsSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    name = serializers.CharField()
    targets = TargetValueSerializer(many=True)


class CommitteeTargetsSerializer(serializers.Serializer):
    period = serializers.CharField()
    as_of = serializers.DateField()
    totals = TargetValueSerializer(many=True)
    organizations = OrganizationTargetsSerializer(many=True)


class SatisfactionSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)


class MonitoringFormSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    period = serializers.CharField()
    as_of = serializers.DateField()
    organizations = serializers.IntegerField()
    indicators = TargetValueSerializer(many=True)
    satisfaction = SatisfactionSerializer()


class CommitteeView(TenantAPIView):
    permissions = {"GET": "committee.view"}
    pagination_class = None

    def period_and_numbers(self, request):
        today = timezone.localdate()
        try:
            period = parse_period(request.query_params.get("period") or quarter_of(today))
        except ValueError:
            raise exceptions.ValidationError({"period": [_("A period is YYYY-Qn or YYYY.")]}) from None
        if period.start > today:
            raise exceptions.ValidationError({"period": [_("This period has not begun.")]})
        as_of = report_as_of(period, today)
        organizations = list(self.municipality.organizations.filter(is_active=True).order_by("short_name"))
        numbers = targets.compute([o.pk for o in organizations], as_of)
        return period, as_of, organizations, numbers


class CommitteeTargets(CommitteeView):
    serializer_class = CommitteeTargetsSerializer

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=CommitteeTargetsSerializer)
    def get(self, request, municipality_slug):
        period, as_of, organizations, numbers = self.period_and_numbers(request)
        data = {
            "period": period.label,
            "as_of": as_of,
            "totals": targets.totals(numbers),
            "organizations": [
                {"organization": o.pk, "name": o.short_name, "targets": targets.values_of(numbers[o.pk])}
                for o in organizations
            ],
        }
        return Response(CommitteeTargetsSerializer(data).data)


class MonitoringForm(CommitteeView):
    """The municipality's indicators for the regional centre: totals over its organisations."""

    serializer_class = MonitoringFormSerializer

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=MonitoringFormSerializer)
    def get(self, request, municipality_slug):
        period, as_of, organizations, numbers = self.period_and_numbers(request)
        by_organization = satisfaction([o.pk for o in organizations], since=period.start, until=as_of)
        responses = sum(row["responses"] for row in by_organization.values())
        shown = [row for row in by_organization.values() if row["average"] is not None]
        weight = sum(row["responses"] for row in shown)
        average = (
            round(sum(row["average"] * row["responses"] for row in shown) / weight, 2) if weight else None
        )
        data = {
            "municipality": self.municipality.name,
            "period": period.label,
            "as_of": as_of,
            "organizations": len(organizations),
            "indicators": targets.totals(numbers),
            "satisfaction": {"responses": responses, "average": average},
        }
        return Response(MonitoringFormSerializer(data).data)
