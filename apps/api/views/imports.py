"""Bulk import of participants: the pages' pipeline (ImportRun, its check and import tasks,
all or nothing). POST a file (and a mapping) → 202 with the job's URL; GET the job until it is
checked (its row errors, or ready); POST …/confirm/ → 202, and GET again for the counts."""

import json

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.participants.importing.mapping import Mapping, MappingError, Template
from apps.participants.importing.reader import MAX_FILE_BYTES, ImportFileError, read_sheet
from apps.participants.importing.service import import_run_remap
from apps.participants.models import ImportRun
from apps.participants.tasks import check_import_run, confirm_import_run

from ..idempotency import idempotent
from ..serializers import ImportJobSerializer
from ..views_base import TenantAPIView


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("The filled template or an online form's answers (.xlsx or .csv)")
    )
    mapping = serializers.CharField(
        required=False, help_text=_("The mapping JSON the import pages download (columns, values, defaults)")
    )

    def validate_file(self, upload):
        if upload.size > MAX_FILE_BYTES:
            raise serializers.ValidationError(
                _("The file is larger than %(limit)d MB. Split it into several files.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload

    def validate_mapping(self, text):
        try:
            value = json.loads(text)
        except ValueError:
            raise serializers.ValidationError(_("The mapping is not JSON.")) from None
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("The mapping is a JSON object."))
        return value


def job_data(request, run: ImportRun) -> dict:
    url = reverse("api:import_job", kwargs={"org_slug": run.organization.slug, "run_id": run.pk})
    return {
        "id": run.pk,
        "state": run.state,
        "progress": run.progress,
        "total_rows": run.total_rows,
        "created_count": run.created_count,
        "updated_count": run.updated_count,
        "skipped_count": run.skipped_count,
        "file_error": run.file_error,
        "missing_columns": run.missing_columns,
        "errors": run.errors,
        "url": request.build_absolute_uri(url),
    }


class ImportList(TenantAPIView):
    permissions = {"POST": "participants.change"}
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportUploadSerializer

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportJobSerializer}
    )
    @idempotent
    def post(self, request, org_slug):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        run = ImportRun.objects.create(
            organization=self.organization, created_by=request.user, original_name=file.name[:255], file=file
        )
        if "mapping" in upload.validated_data:
            try:
                with run.file.open("rb") as fileobj:
                    sheet = read_sheet(fileobj, size=run.file.size)
                template = Template(self.organization)
                mapping = Mapping.from_json(upload.validated_data["mapping"], sheet.header, template)
            except (ImportFileError, MappingError) as error:
                raise exceptions.ValidationError({"mapping": [str(error)]}) from None
            run = import_run_remap(run=run, header=sheet.header, mapping=mapping, template=template)
        check_import_run.delay(run.pk, owner=self.organization)
        data = ImportJobSerializer(job_data(request, run)).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class ImportJob(TenantAPIView):
    permissions = {"GET": "participants.change"}
    serializer_class = ImportJobSerializer
    pagination_class = None

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request, org_slug, run_id):
        run = get_object_or_404(ImportRun, pk=run_id)
        return Response(ImportJobSerializer(job_data(request, run)).data)


class ImportConfirm(TenantAPIView):
    permissions = {"POST": "participants.change"}
    serializer_class = ImportJobSerializer
    pagination_class = None

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    def post(self, request, org_slug, run_id):
        """Import a checked job, all or nothing; a job with errors, or already confirmed, is refused (409)."""
        run = get_object_or_404(ImportRun.objects.select_for_update(), pk=run_id)
        if run.state != ImportRun.State.CHECKED:
            data = ImportJobSerializer(job_data(request, run)).data
            return Response(data, status=status.HTTP_409_CONFLICT)
        run.state, run.progress, run.confirmed_by = ImportRun.State.IMPORTING, 0, request.user
        run.queued_at, run.send_failed = timezone.now(), False
        run.save(update_fields=["state", "progress", "confirmed_by", "queued_at", "send_failed"])
        confirm_import_run.delay(run.pk, request.user.pk, owner=self.organization)
        return Response(ImportJobSerializer(job_data(request, run)).data, status=status.HTTP_202_ACCEPTED)
