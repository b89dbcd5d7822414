"""Orders (read) and their PDF: rendered by the documents app, downloaded when ready."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from apps.documents.models import Document
from apps.documents.services import document_request, latest_document
from apps.documents.views import document_file
from apps.orders.documents import KIND as PDF_KIND
from apps.orders.models import Order

from ..serializers import OrderSerializer
from ..views_base import TenantAPIView


class OrderList(TenantAPIView):
    permissions = {"GET": "orders.view"}
    serializer_class = OrderSerializer

    @extend_schema(responses=OrderSerializer(many=True))
    def get(self, request, org_slug):
        page = self.paginate_queryset(Order.objects.filter(organization=self.organization))
        return self.get_paginated_response(OrderSerializer(page, many=True).data)


class DocumentStateSerializer(serializers.Serializer):
    state = serializers.CharField()
    detail = serializers.CharField()


class OrderPdf(TenantAPIView):
    """GET: the order's PDF once rendered (404 before). POST: render it (again): 202."""

    permissions = {"GET": "orders.view", "POST": "orders.view"}
    serializer_class = DocumentStateSerializer

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: DocumentStateSerializer,
        }
    )
    def get(self, request, org_slug, order_id):
        order = get_object_or_404(Order, pk=order_id)
        document = latest_document(order, PDF_KIND)
        if document is None or document.state != Document.State.READY:
            state = document.state if document else "none"
            detail = _("The PDF is not ready: POST to this address to render it, then ask again.")
            return Response({"state": state, "detail": detail}, status=status.HTTP_404_NOT_FOUND)
        response = document_file(document, actor=request.user)
        if response is None:
            detail = _("The PDF's file is missing: POST to this address to render it again, then ask again.")
            state = Document.State.FAILED
            return Response({"state": state, "detail": detail}, status=status.HTTP_404_NOT_FOUND)
        return response

    @extend_schema(request=None, responses={202: DocumentStateSerializer})
    def post(self, request, org_slug, order_id):
        order = get_object_or_404(Order, pk=order_id)
        document = document_request(subject=order, kind=PDF_KIND, actor=request.user)
        detail = _("The PDF is being rendered: ask for it with GET.")
        return Response({"state": document.state, "detail": detail}, status=status.HTTP_202_ACCEPTED)
