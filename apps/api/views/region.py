"""A regional centre's reads (РЦН, /api/v1/r/<region_slug>/): its municipalities' targets and
breakdowns per period, the region's totals, and its monitoring forms as JSON. The numbers of
the region's own pages, from the same selectors (`regional.selectors`: the dashboard's sums,
the form's one formula evaluation); municipalities' names and numbers only, never an
organisation's page nor a person. A regional token only reads: the service refuses `write`."""

from collections import defaultdict

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.monitoring import breakdowns
from apps.organizations.models import Municipality, Organization
from apps.regional.models import IndicatorSet
from apps.regional.selectors import form_values, region_overview

from ..views_base import TenantAPIView
from .committee import PERIOD_PARAMETER, BreakdownSerializer, TargetValueSerializer, period_asked


class RegionView(TenantAPIView):
    permissions = {"GET": "region.view"}

    def municipalities(self):
        return Municipality.objects.filter(parent_region=self.region)


def breakdowns_by_municipality(municipalities, as_of) -> dict[int, dict]:
    """Each municipality's breakdowns: its organisations' counts as the hourly recount stored
    them (`breakdowns.recorded`, as the committee's dashboard reads them; 1,000 organisations
    counted live cost half a second), added up by `breakdowns.totals` (an inclusion group under
    three withheld, as on the pages)."""
    organizations = list(
        Organization.objects.filter(municipality__in=municipalities, is_active=True).values_list(
            "pk", "municipality_id"
        )
    )
    found, _counted_at = breakdowns.recorded([org for org, _m in organizations], as_of, timezone.localdate())
    grouped = defaultdict(dict)
    for org, municipality in organizations:
        if org in found:  # a past quarter: only the organisations recorded then
            grouped[municipality][org] = found[org]
    return {m.pk: breakdowns.totals(grouped[m.pk]) for m in municipalities}


class MunicipalityAggregateSerializer(serializers.Serializer):
    municipality = serializers.IntegerField()
    name = serializers.CharField()
    period = serializers.CharField()
    as_of = serializers.DateField()
    organizations = serializers.IntegerField()
    targets = TargetValueSerializer(many=True)
    breakdowns = BreakdownSerializer()


class MunicipalityList(RegionView):
    """The region's municipalities, each with its targets (summed over its organisations, as
    the region's dashboard) and its breakdowns, for a quarter, a year or an academic year."""

    serializer_class = MunicipalityAggregateSerializer

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=MunicipalityAggregateSerializer(many=True))
    def get(self, request, region_slug):
        period, as_of = period_asked(request)
        page = self.paginate_queryset(self.municipalities())
        overview = region_overview(self.region, as_of, municipalities=page)
        counted = breakdowns_by_municipality(page, as_of)
        rows = [
            {
                "municipality": row["municipality"].pk,
                "name": row["municipality"].name,
                "period": period.label,
                "as_of": as_of,
                "organizations": row["organizations"],
                "targets": row["targets"],
                "breakdowns": counted[row["municipality"].pk],
            }
            for row in sorted(overview["rows"], key=lambda row: row["municipality"].pk)
        ]
        return self.get_paginated_response(MunicipalityAggregateSerializer(rows, many=True).data)


class RegionTotalsSerializer(serializers.Serializer):
    region = serializers.CharField()
    period = serializers.CharField()
    as_of = serializers.DateField()
    municipalities = serializers.IntegerField()
    organizations = serializers.IntegerField()
    totals = TargetValueSerializer(many=True)
    breakdowns = BreakdownSerializer()


class RegionTotals(RegionView):
    """The region's total: numerators summed over denominators across every municipality."""

    serializer_class = RegionTotalsSerializer
    pagination_class = None

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=RegionTotalsSerializer)
    def get(self, request, region_slug):
        period, as_of = period_asked(request)
        overview = region_overview(self.region, as_of)
        # The hourly snapshots summed, as each municipality's row reads them (a count of every
        # enrolment of the region on each request cost seconds at 1,000 organisations).
        organizations = Organization.objects.filter(municipality__parent_region=self.region, is_active=True)
        summed, _counted_at, _found = breakdowns.recorded_sum(
            list(organizations.values_list("pk", flat=True)), as_of, timezone.localdate()
        )
        data = {
            "region": self.region.name,
            "period": period.label,
            "as_of": as_of,
            "municipalities": len(overview["rows"]),
            "organizations": overview["organizations"],
            "totals": overview["totals"],
            "breakdowns": summed,
        }
        return Response(RegionTotalsSerializer(data).data)


class IndicatorSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorSet
        fields = ["id", "title", "basis", "layout"]


class FormList(RegionView):
    """The region's monitoring forms (indicator sets)."""

    serializer_class = IndicatorSetSerializer

    @extend_schema(responses=IndicatorSetSerializer(many=True))
    def get(self, request, region_slug):
        page = self.paginate_queryset(IndicatorSet.objects.filter(region=self.region))
        return self.get_paginated_response(IndicatorSetSerializer(page, many=True).data)


class FormValueSerializer(serializers.Serializer):
    value = serializers.FloatField(source="shown", allow_null=True)
    state = serializers.CharField()


class MunicipalityValueSerializer(FormValueSerializer):
    municipality = serializers.IntegerField()


class FormIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    label = serializers.CharField(source="indicator.label")
    unit = serializers.CharField(source="indicator.unit")
    reported = serializers.CharField(source="indicator.period")
    target = serializers.DecimalField(
        source="indicator.target", max_digits=9, decimal_places=2, allow_null=True
    )
    values = MunicipalityValueSerializer(many=True)
    total = FormValueSerializer()


class FormMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RegionFormSerializer(serializers.Serializer):
    indicator_set = serializers.CharField(source="indicator_set.title")
    layout = serializers.CharField(source="indicator_set.layout")
    region = serializers.CharField()
    period = serializers.CharField(source="period.label")
    as_of = serializers.DateField()
    municipalities = FormMunicipalitySerializer(many=True)
    indicators = FormIndicatorSerializer(many=True)


class RegionForm(RegionView):
    """One form for a period: per indicator a value per municipality and the region's total,
    the JSON twin of the region's form page and its xlsx (`regional.selectors.form_values`)."""

    serializer_class = RegionFormSerializer
    pagination_class = None

    @extend_schema(parameters=[PERIOD_PARAMETER], responses=RegionFormSerializer)
    def get(self, request, region_slug, set_id):
        indicator_set = get_object_or_404(IndicatorSet, pk=set_id, region=self.region)
        period, as_of = period_asked(request)
        municipalities = list(self.municipalities().order_by("name"))
        data = form_values(indicator_set, municipalities, period, as_of)
        data |= {
            "region": self.region.name,
            "indicators": [
                {
                    "indicator": row["indicator"],
                    "values": [
                        {"municipality": m.pk, "shown": v.shown, "state": v.state}
                        for m, v in zip(municipalities, row["values"], strict=True)
                    ],
                    "total": row["total"],
                }
                for row in data["rows"]
            ],
        }
        return Response(RegionFormSerializer(data).data)
