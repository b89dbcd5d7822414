"""Programmes, pairs and groups (read), meetings (read; logged by a pair's mentor)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.pairs.models import Meeting, Pair, Programme
from apps.pairs.selectors import current_members, granted_pairs
from apps.pairs.services import meetings as meeting_services

from ..idempotency import idempotent
from ..serializers import MeetingCreateSerializer, MeetingSerializer, PairSerializer, ProgrammeSerializer
from ..views_base import TenantAPIView


class ProgrammeList(TenantAPIView):
    permissions = {"GET": "pairs.view"}
    serializer_class = ProgrammeSerializer

    @extend_schema(responses=ProgrammeSerializer(many=True))
    def get(self, request, org_slug):
        programmes = Programme.objects.filter(organization=self.organization).select_related("form")
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)


def _pairs(view):
    return Pair.objects.filter(organization=view.organization).prefetch_related(
        Prefetch("members", queryset=current_members(), to_attr="current_members")
    )


class PairList(TenantAPIView):
    permissions = {"GET": "pairs.view"}
    serializer_class = PairSerializer

    @extend_schema(responses=PairSerializer(many=True))
    def get(self, request, org_slug):
        page = self.paginate_queryset(_pairs(self))
        return self.get_paginated_response(PairSerializer(page, many=True).data)


class MeetingList(TenantAPIView):
    """A pair's meetings: the curators' read; a mentor logs the meetings of their own pairs."""

    permissions = {"GET": "pairs.view", "POST": "pairs.own"}
    serializer_class = MeetingSerializer

    @extend_schema(responses=MeetingSerializer(many=True))
    def get(self, request, org_slug, pair_id):
        pair = get_object_or_404(Pair, pk=pair_id)
        page = self.paginate_queryset(Meeting.objects.filter(pair=pair))
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    @idempotent
    def post(self, request, org_slug, pair_id):
        # The mentor's own pairs (django-guardian's grants), after the tenant check: another
        # mentor's pair, or one of another organisation, is the same 404.
        pair = get_object_or_404(granted_pairs(request.user), pk=pair_id)
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        meeting = meeting_services.meeting_log(
            pair=pair,
            actor=request.user,
            attendees=[pair.mentor, *(member.mentee for member in current_members().filter(pair=pair))],
            confirm_order=values.pop("confirm_order"),
            **values,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
