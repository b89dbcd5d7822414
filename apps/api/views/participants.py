"""Participants and their consents: the registry's reads and the services' writes."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.participants import services as participant_services
from apps.participants.models import Consent, Participant

from ..idempotency import idempotent
from ..selectors import participants_filtered, with_consent_state
from ..serializers import (
    ConsentSerializer,
    ParticipantFilterSerializer,
    ParticipantSerializer,
    participant_rows,
)
from ..services import api_personal_read
from ..views_base import TenantAPIView


def _participant(view, participant_id) -> Participant:
    # Another organisation's id finds nothing in this scope: 404.
    return get_object_or_404(
        Participant.objects.filter(organization=view.organization, anonymised_at__isnull=True),
        pk=participant_id,
    )


class ParticipantList(TenantAPIView):
    permissions = {"GET": "participants.view", "POST": "participants.change"}
    serializer_class = ParticipantSerializer

    @extend_schema(parameters=[ParticipantFilterSerializer], responses=ParticipantSerializer(many=True))
    def get(self, request, org_slug):
        filters = ParticipantFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        values = filters.validated_data
        participants = participants_filtered(organization=self.organization, **values)
        page = with_consent_state(self.paginate_queryset(participants))
        api_personal_read(token=self.token, actor=request.user, resource="participants", rows=len(page))
        return self.get_paginated_response(participant_rows(page))

    @extend_schema(request=ParticipantSerializer, responses={201: ParticipantSerializer})
    @idempotent
    def post(self, request, org_slug):
        serializer = ParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = participant_services.participant_create(
            organization=self.organization, actor=request.user, **serializer.validated_data
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetail(TenantAPIView):
    permissions = {"GET": "participants.view", "PATCH": "participants.change"}
    serializer_class = ParticipantSerializer

    @extend_schema(responses=ParticipantSerializer)
    def get(self, request, org_slug, participant_id):
        participant = _participant(self, participant_id)
        # Reading a card is processing of personal data: recorded, as the page's card is.
        participant_services.participant_record_view(participant=participant, actor=request.user)
        return Response(ParticipantSerializer(with_consent_state([participant])[0]).data)

    @extend_schema(request=ParticipantSerializer, responses=ParticipantSerializer)
    def patch(self, request, org_slug, participant_id):
        participant = _participant(self, participant_id)
        serializer = ParticipantSerializer(participant, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        participant = participant_services.participant_update(
            participant=participant, actor=request.user, **serializer.validated_data
        )
        return Response(ParticipantSerializer(with_consent_state([participant])[0]).data)


class ConsentList(TenantAPIView):
    permissions = {"GET": "participants.view", "POST": "participants.change"}
    serializer_class = ConsentSerializer

    @extend_schema(responses=ConsentSerializer(many=True))
    def get(self, request, org_slug, participant_id):
        participant = _participant(self, participant_id)
        page = self.paginate_queryset(Consent.objects.filter(participant=participant).order_by())
        api_personal_read(token=self.token, actor=request.user, resource="consents", rows=len(page))
        return self.get_paginated_response(ConsentSerializer(page, many=True).data)

    @extend_schema(request=ConsentSerializer, responses={201: ConsentSerializer})
    @idempotent
    def post(self, request, org_slug, participant_id):
        participant = _participant(self, participant_id)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "scope" not in values:
            values["scope"] = Consent._meta.get_field("scope").default
        consent = participant_services.consent_record(participant=participant, actor=request.user, **values)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)
