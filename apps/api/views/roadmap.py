"""The organisation's roadmaps, their stages and activities (read), progress with evidence."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from apps.roadmap import services as roadmap_services
from apps.roadmap.models import Activity, Roadmap, Stage
from apps.roadmap.selectors import owner_roadmaps, with_state

from ..serializers import ActivityProgressSerializer, ActivitySerializer, RoadmapSerializer, StageSerializer
from ..views_base import TenantAPIView


def _roadmap(view, roadmap_id) -> Roadmap:
    return get_object_or_404(owner_roadmaps(view.organization), pk=roadmap_id)


class RoadmapList(TenantAPIView):
    permissions = {"GET": "roadmap.view"}
    serializer_class = RoadmapSerializer

    @extend_schema(responses=RoadmapSerializer(many=True))
    def get(self, request, org_slug):
        page = self.paginate_queryset(owner_roadmaps(self.organization))
        return self.get_paginated_response(RoadmapSerializer(page, many=True).data)


class StageList(TenantAPIView):
    permissions = {"GET": "roadmap.view"}
    serializer_class = StageSerializer

    @extend_schema(responses=StageSerializer(many=True))
    def get(self, request, org_slug, roadmap_id):
        page = self.paginate_queryset(Stage.objects.filter(roadmap=_roadmap(self, roadmap_id)))
        return self.get_paginated_response(StageSerializer(page, many=True).data)


class ActivityList(TenantAPIView):
    permissions = {"GET": "roadmap.view"}
    serializer_class = ActivitySerializer

    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request, org_slug, roadmap_id):
        activities = with_state(Activity.objects.filter(roadmap=_roadmap(self, roadmap_id)))
        page = self.paginate_queryset(activities)
        return self.get_paginated_response(ActivitySerializer(page, many=True).data)


class ActivityProgress(TenantAPIView):
    """Mark an activity planned, in progress or done, with a note and a link as evidence.
    As on the page: managers record any activity, others those they are responsible for."""

    permissions = {"POST": "roadmap.progress"}
    serializer_class = ActivityProgressSerializer

    @extend_schema(request=ActivityProgressSerializer, responses=ActivitySerializer)
    def post(self, request, org_slug, roadmap_id, activity_id):
        roadmap = _roadmap(self, roadmap_id)
        activity = get_object_or_404(Activity.objects.filter(roadmap=roadmap), pk=activity_id)
        if not (
            self.membership.has_permission("roadmap.manage")
            or activity.responsibles.filter(user=request.user).exists()
            or activity.responsibles.filter(role=self.membership.role).exists()
        ):
            raise exceptions.PermissionDenied()
        serializer = ActivityProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = roadmap_services.activity_record_progress(
            activity=activity, actor=request.user, **serializer.validated_data
        )
        return Response(ActivitySerializer(with_state(Activity.objects.filter(pk=activity.pk)).get()).data)
