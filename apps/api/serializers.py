"""What the API reads and writes. Writes are validated here, then done by the apps' services."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.orders.models import Order
from apps.pairs.models import Meeting, Pair, Programme
from apps.participants.models import (
    Category,
    Consent,
    Participant,
    PartnerOrganization,
    ProgrammeRole,
    Status,
)
from apps.participants.services import PARTICIPANT_FIELDS
from apps.roadmap.models import Activity, Roadmap, Stage


class PartnerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        # Read when a request is validated, inside its tenant's scope: another's id is invalid.
        return PartnerOrganization.objects.all()


class ParticipantSerializer(serializers.ModelSerializer):
    partner = PartnerField(allow_null=True, required=False)
    consent_ok = serializers.BooleanField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Participant
        # The fields a curator edits on the card (participants.services), and what the API adds.
        fields = ["id", *PARTICIPANT_FIELDS, "consent_ok", "created_at", "updated_at"]
        read_only_fields = ["id", "consent_ok", "created_at", "updated_at"]


class ParticipantFilterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=ProgrammeRole.choices, required=False, help_text=_("mentor, mentee or both")
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    updated_since = serializers.DateTimeField(
        required=False, help_text=_("ISO 8601, e.g. 2026-09-01T00:00:00+03:00")
    )


class ConsentSerializer(serializers.ModelSerializer):
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "participant",
            "given_by",
            "representative_name",
            "representative_relation",
            "signed_on",
            "scope",
            "revoked_on",
            "has_document",
            "created_at",
        ]
        read_only_fields = ["id", "participant", "revoked_on", "has_document", "created_at"]
        extra_kwargs = {"scope": {"required": False}}

    def get_has_document(self, consent) -> bool:
        return bool(consent.document)


class ProgrammeSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.name", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "title", "form", "academic_year", "starts_on", "ends_on", "goals"]


class PairSerializer(serializers.ModelSerializer):
    mentees = serializers.SerializerMethodField()
    is_group = serializers.SerializerMethodField()

    class Meta:
        model = Pair
        fields = [
            "id",
            "programme",
            "mentor",
            "mentees",
            "is_group",
            "status",
            "created_at",
            "status_changed_at",
        ]

    def get_mentees(self, pair) -> list[int]:
        return [member.mentee_id for member in pair.current_members]

    def get_is_group(self, pair) -> bool:
        return len(pair.current_members) > 1


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "pair", "kind", "held_on", "place", "online", "notes", "entered_by_curator"]
        read_only_fields = ["id", "pair", "entered_by_curator"]


class MeetingCreateSerializer(MeetingSerializer):
    confirm_order = serializers.BooleanField(
        default=False, write_only=True, help_text=_("Log a meeting out of the usual sequence.")
    )

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "confirm_order"]


class RoadmapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Roadmap
        fields = ["id", "title", "academic_year", "source"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "number", "title", "position"]


class ActivitySerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, default="")

    class Meta:
        model = Activity
        fields = [
            "id",
            "stage",
            "title",
            "deadline_text",
            "status",
            "state",
            "done_on",
            "evidence_note",
            "evidence_link",
        ]


class ActivityProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Activity.Status.choices)
    done_on = serializers.DateField(required=False, allow_null=True)
    evidence_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence_link = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "kind", "title", "status", "number", "date", "programme", "created_at"]


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    progress = serializers.IntegerField()
    total_rows = serializers.IntegerField()
    created = serializers.IntegerField(source="created_count")
    updated = serializers.IntegerField(source="updated_count")
    unchanged = serializers.IntegerField(source="skipped_count")
    file_error = serializers.CharField()
    missing_columns = serializers.ListField(child=serializers.CharField())
    errors = serializers.ListField(child=serializers.DictField(), help_text=_("[{row, column, message}]"))
    url = serializers.CharField()


def _datetime(value) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone, ISO 8601, UTC as «Z»."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def participant_rows(participants) -> list[dict]:
    """A page of participants as ParticipantSerializer writes them, built directly: a page of
    100 is the API's most frequent read, and the serializer's field machinery was most of its
    time (tests/api/test_participants.py holds the two equal)."""
    return [
        {
            "id": p.pk,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "patronymic": p.patronymic,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "category": p.category,
            "group_name": p.group_name,
            "email": p.email,
            "phone": p.phone,
            "partner": p.partner_id,
            "programme_role": p.programme_role,
            "status": p.status,
            "consent_ok": getattr(p, "consent_ok", None),
            "created_at": _datetime(p.created_at),
            "updated_at": _datetime(p.updated_at),
        }
        for p in participants
    ]
