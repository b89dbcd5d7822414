"""A committee's reads: targets per organisation and period, and the regional monitoring form
as JSON. Aggregates only: organisations' names and numbers, never a person."""

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from apps.monitoring import breakdowns, targets
from apps.monitoring.periods import Period, parse_period, quarter_of, report_as_of
from apps.monitoring.selectors import satisfaction
from apps.regional.models import IndicatorSet
from apps.regional.selectors import form_values

from ..views_base import TenantAPIView

PERIOD_PARAMETER = OpenApiParameter(
    "period",
    str,
    description="YYYY-Qn, YYYY or an academic year YYYY/YY; the running quarter when not given",
    pattern=r"^\d{4}(-Q[1-4]|/\d{2})?$",
)


def period_asked(request) -> tuple[Period, date]:
    """The period of `?period=` (the running quarter when not given) and the day its numbers
    are read on: its end, or today while it runs. A period not begun yet is a 400."""
    today = timezone.localdate()
    try:
        period = parse_period(request.query_params.get("period") or quarter_of(today))
    except ValueError:
        raise exceptions.ValidationError(
            {"period": [_("A period is YYYY-Qn, YYYY or an academic year YYYY/YY.")]}
        ) from None
    if period.start > today:
        raise exceptions.ValidationError({"period": [_("This period has not begun.")]})
    return period, report_as_of(period, today)


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
        period, as_of = period_asked(request)
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


class BreakdownSerializer(serializers.Serializer):
    """Counts only; an inclusion group's count under three is null (withheld)."""

    forms = serializers.DictField(child=serializers.IntegerField())
    categories = serializers.DictField(child=serializers.IntegerField())
    ages = serializers.DictField(child=serializers.IntegerField())
    origins = serializers.DictField(child=serializers.IntegerField())
    pupils_10_18 = serializers.IntegerField()
    pupils_headcount = serializers.IntegerField(allow_null=True)
    inclusion = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class OrganizationBreakdownSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    name = serializers.CharField()
    breakdowns = BreakdownSerializer()


class CommitteeBreakdownsSerializer(serializers.Serializer):
    period = serializers.CharField()
    as_of = serializers.DateField()
    totals = BreakdownSerializer()
    organizations = OrganizationBreakdownSerializer(many=True)


class CommitteeBreakdowns(CommitteeView):
    """Participants by form, category and age group, mentors by origin, pupils aged 10–18 and
    the inclusion groups, per organisation and in total: the dashboard's numbers (issue #19)."""

    serializer_class = CommitteeBreakdownsSerializer

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=CommitteeBreakdownsSerializer)
    def get(self, request, municipality_slug):
        period, as_of, organizations, _numbers = self.period_and_numbers(request)
        found = breakdowns.counts([o.pk for o in organizations], as_of)
        data = {
            "period": period.label,
            "as_of": as_of,
            "totals": breakdowns.totals(found),
            "organizations": [
                {"organization": o.pk, "name": o.short_name, "breakdowns": found[o.pk]} for o in organizations
            ],
        }
        return Response(CommitteeBreakdownsSerializer(data).data)


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    label = serializers.CharField(source="indicator.label")
    unit = serializers.CharField(source="indicator.unit")
    target = serializers.DecimalField(
        source="indicator.target", max_digits=9, decimal_places=2, allow_null=True
    )
    value = serializers.FloatField(source="shown", allow_null=True)
    state = serializers.CharField()


class RegionalFormSerializer(serializers.Serializer):
    indicator_set = serializers.CharField(source="indicator_set.title")
    municipality = serializers.CharField()
    period = serializers.CharField(source="period.label")
    as_of = serializers.DateField()
    indicators = IndicatorValueSerializer(many=True)


class RegionalForm(CommitteeView):
    """The region's monitoring form (an indicator set of the municipality's region) with this
    municipality's values: the JSON twin of the committee's form page and xlsx."""

    serializer_class = RegionalFormSerializer

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=RegionalFormSerializer)
    def get(self, request, municipality_slug, set_id):
        region_id = self.municipality.parent_region_id
        indicator_set = (
            IndicatorSet.objects.filter(pk=set_id, region_id=region_id).first() if region_id else None
        )
        if indicator_set is None:
            raise Http404
        period, as_of, _organizations, _numbers = self.period_and_numbers(request)
        data = form_values(indicator_set, [self.municipality], period, as_of)
        data |= {
            "municipality": self.municipality.name,
            "indicators": [row["values"][0] for row in data["rows"]],
        }
        return Response(RegionalFormSerializer(data).data)
