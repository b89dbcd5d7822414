"""The import of participants and their answers from a table (the template, or an online
form's export mapped to it: importing/mapping.py).

plan_import() validates every row first and collects every error with its row and the
file's own column header; apply_plan() then writes everything in one short transaction
with bulk statements, or nothing at all when any row is invalid: staff fix the file and
upload it again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.models import AuditEntry
from apps.core.text import normalise, tidy
from apps.questions.models import Question
from apps.questions.validation import answer_clean

from ..models import (
    ANSWERED_BY_ROLE,
    Answer,
    Category,
    Participant,
    PartnerOrganization,
    Status,
)
from ..resources import REQUIRED_COLUMNS, ParticipantResource, RussianDateWidget, TimestampWidget
from .mapping import (
    FULL_NAME,
    IGNORE,
    PERSON_FIELDS,
    TIMESTAMP,
    Mapping,
    Template,
    mapping_for,
    question_header,
    save_mapping,
)
from .reader import Sheet

__all__ = [
    "FULL_NAME",
    "IGNORE",
    "ImportCounts",
    "ImportPlan",
    "apply_plan",
    "plan_import",
    "question_header",
    "save_mapping",
    "template_columns",
]

BATCH = 2000
DATE_WIDGET = RussianDateWidget()
OLDEST_AGE = 100

MSG_REQUIRED = gettext_lazy("the value is required.")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        # The command-line contract: row N, column "X": message
        return f'row {self.row}, column "{self.column}": {self.message}'

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowPlan:
    row: int
    action: str  # "new", "update", "skip", "replaced" (by a later submission) or "error"
    values: dict
    answers: dict[int, object]
    existing_id: int | None = None
    name: str = ""  # surname and initials, for the preview
    replaced_by: int | None = None


@dataclass
class ImportPlan:
    header: list[str]
    mapping: Mapping
    missing_columns: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def column_map(self) -> dict[int, str]:
        return self.mapping.columns

    @property
    def is_valid(self) -> bool:
        return not self.missing_columns and not self.errors

    def count(self, action: str) -> int:
        if action == "skip":  # an earlier submission replaced by a later one is skipped too
            return sum(1 for r in self.rows if r.action in ("skip", "replaced"))
        return sum(1 for r in self.rows if r.action == action)

    @property
    def replaced(self) -> list[tuple[int, int]]:
        """(row, the row of the later submission that replaces it)."""
        return [(r.row, r.replaced_by) for r in self.rows if r.action == "replaced"]

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def template_columns(organization) -> list[tuple[str, str]]:
    """(target, Russian header) of the organisation's template, person columns first."""
    return Template(organization).columns()


# --- Planning -------------------------------------------------------------------


IDENTITY_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "email")


def _identity_keys(last_name, first_name, patronymic, birth_date, email):
    """A person is the same by e-mail, or by full name together with the birth date."""
    name_key = (normalise(last_name), normalise(first_name), normalise(patronymic), birth_date)
    return (normalise(email) or None), (name_key if birth_date else None)


def short_name(values) -> str:
    """«Иванова М. П.»: enough for staff to recognise a row in the preview."""
    initials = " ".join(f"{p[0]}." for p in (values.get("first_name"), values.get("patronymic")) if p)
    return f"{values.get('last_name') or ''} {initials}".strip()


class _Base:
    """The organisation's people as they are, loaded once: no query per row."""

    def __init__(self, organization):
        self.by_email, self.by_name, self.stored = {}, {}, {}
        rows = Participant.objects.filter(organization=organization, anonymised_at__isnull=True).values(
            "pk", "partner__name", *[f for f in PERSON_FIELDS if f != "partner"]
        )
        self.answers: dict[int, dict[int, object]] = {}
        for participant_id, question_id, value in Answer.objects.filter(
            organization=organization
        ).values_list("participant_id", "question_id", "value"):
            self.answers.setdefault(participant_id, {})[question_id] = value
        for row in rows:
            row["partner"] = row.pop("partner__name") or ""
            self.stored[row["pk"]] = row
            email_key, name_key = _identity_keys(
                row["last_name"], row["first_name"], row["patronymic"], row["birth_date"], row["email"]
            )
            if email_key:
                self.by_email[email_key] = row["pk"]
            if name_key:
                self.by_name[name_key] = row["pk"]

    def find(self, identity) -> int | None:
        """The person with these identity keys (_identity_keys), if the base has them."""
        email_key, name_key = identity
        return (
            (email_key and self.by_email.get(email_key)) or (name_key and self.by_name.get(name_key)) or None
        )


def plan_import(
    *,
    organization,
    sheet: Sheet,
    mapping: Mapping | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    template = Template(organization)
    mapping = mapping_for(organization, sheet, template) if mapping is None else mapping
    plan = ImportPlan(
        header=sheet.header, mapping=mapping, missing_columns=mapping.missing_required(template)
    )
    if plan.missing_columns:
        return plan
    reader = _RowReader(template, mapping, sheet.header)
    base = _Base(organization)

    # 1. Every row read on its own.
    rows = []
    for done, (row_number, cells) in enumerate(sheet.rows, start=1):
        rows.append(reader.read(row_number, cells))
        if progress and done % 500 == 0:
            progress(done, len(sheet.rows))

    # 2. Who is it: somebody already in the base, or somebody earlier in this file? With a
    # timestamp, the later submission of a person replaces the earlier one.
    timestamped = TIMESTAMP in mapping.columns.values()
    owner: dict[object, _Row] = {}  # identity key -> the row of the file that has it
    for row in rows:
        if row.failed & {"last_name", "first_name", FULL_NAME}:
            continue
        # A cell that could not be read does not identify (a bad date: the e-mail still does).
        known = {f: (None if f in row.failed else row.values.get(f)) for f in IDENTITY_FIELDS}
        identity = _identity_keys(*(known[f] for f in IDENTITY_FIELDS))
        row.existing_id = base.find(identity)
        keys = [("id", row.existing_id)] if row.existing_id else []
        keys += [k for k in identity if k]
        earlier = next((owner[k] for k in keys if k in owner), None)
        if earlier is None:
            for key in keys:
                owner[key] = row
            continue
        if timestamped and earlier.timestamp and row.timestamp:
            loser, winner = (earlier, row) if earlier.timestamp <= row.timestamp else (row, earlier)
            loser.replaced_by = winner.number
            for key in keys:
                owner[key] = winner
            for key in [k for k, r in owner.items() if r is loser]:
                owner[key] = winner
        else:
            row.error(reader.name_column, _("the same person as in row %(row)d.") % {"row": earlier.number})

    # 3. What each row will do.
    for row in rows:
        name = short_name(row.values)
        if row.replaced_by:
            plan.rows.append(
                RowPlan(row.number, "replaced", row.values, {}, row.existing_id, name, row.replaced_by)
            )
            continue
        if row.errors:
            plan.errors.extend(row.errors)
            plan.rows.append(RowPlan(row.number, "error", row.values, row.answers, row.existing_id, name))
            continue
        answers = row.answers
        if row.existing_id is not None:
            # Only the answers that change are written again.
            stored_answers = base.answers.get(row.existing_id, {})
            answers = {q: v for q, v in answers.items() if stored_answers.get(q) != v}
        action = (
            "new"
            if row.existing_id is None
            else _update_or_skip(base.stored[row.existing_id], row.values, answers)
        )
        plan.rows.append(RowPlan(row.number, action, row.values, answers, row.existing_id, name))
    if plan.replaced:  # the replaced rows' own errors do not matter: the later one counts
        replaced = {number for number, _by in plan.replaced}
        plan.errors = [e for e in plan.errors if e.row not in replaced]
    return plan


class _Row:
    """One row of the file as read: values, answers, its errors, which template fields failed."""

    def __init__(self, number, header):
        self.number, self.header = number, header
        self.values: dict = {}
        self.answers: dict[int, object] = {}
        self.errors: list[RowError] = []
        self.failed: set[str] = set()
        self.timestamp = None
        self.existing_id: int | None = None
        self.replaced_by: int | None = None

    def error(self, column, message, *, target=None):
        """`column` is the file's column index, or the template column's name for a default."""
        if isinstance(column, int):
            column = (self.header[column] if column < len(self.header) else "") or f"#{column + 1}"
        self.errors.append(RowError(self.number, column, str(message)))
        if target:
            self.failed.add(target)


class _RowReader:
    """Reads rows with one mapping: each mapped cell cleaned by its template column's rules."""

    def __init__(self, template: Template, mapping: Mapping, header: list[str]):
        self.template, self.mapping, self.header = template, mapping, header
        self.resource = ParticipantResource()
        self.questions = template.questions
        by_text: dict[tuple, list[Question]] = {}
        for question in self.questions.values():
            by_text.setdefault((normalise(question.text), question.kind), []).append(question)
        self.twins = {
            one.pk: other
            for group in by_text.values()
            if len(group) == 2
            and group[0].question_set.questionnaire.kind != group[1].question_set.questionnaire.kind
            for one, other in (group, group[::-1])
        }
        self.column_of = {target: index for index, target in mapping.columns.items()}
        self.name_column = self.column_of.get("last_name", self.column_of.get(FULL_NAME, 0))
        self.values = mapping.value_lookup()
        self.defaults = mapping.defaults
        self.timestamp_widget = TimestampWidget()
        # Every target the row fills: its column of the file (an index) or only a default.
        self.sources = [(index, target) for index, target in mapping.columns.items() if target]
        self.sources += [(None, target) for target in mapping.defaults if target not in self.column_of]
        self.today = timezone.localdate()

    def where(self, target):
        """Where a target's error is reported: its column of the file, else its template name."""
        if target in self.column_of:
            return self.column_of[target]
        return self.template.target(target).name if self.template.target(target) else target

    def read(self, row_number, cells) -> "_Row":
        row = _Row(row_number, self.header)
        values = row.values
        questions = []
        # 1. Clean every mapped cell with its widget (a default where the cell is empty).
        for index, target in self.sources:
            value = cells[index] if index is not None and index < len(cells) else None
            if target in self.defaults and tidy(value) == "":
                value = self.defaults[target]
            where = index if index is not None else self.where(target)
            if target in self.questions:
                if value is not None and value != "" and tidy(value):
                    questions.append((where, target, value))
                continue
            try:
                if target == FULL_NAME:
                    parts = tidy(value).split(" ", 2)
                    values.update(
                        zip(("last_name", "first_name", "patronymic"), [*parts, "", ""], strict=False)
                    )
                elif target == TIMESTAMP:
                    row.timestamp = self.timestamp_widget.clean(value)
                else:
                    value = self._mapped(target, value)
                    values[target] = self.resource.fields[target].widget.clean(value)
            except ValueError as exc:
                row.error(where, exc, target=target)

        # 2. One form for mentors and mentees: the role decides which questionnaire the row
        # answers. A question both questionnaires ask goes to the row's own; the other
        # questionnaire's questions are left out for this row, whatever their cells say.
        role = values.get("programme_role")
        answered = ANSWERED_BY_ROLE.get(role, ("mentee", "mentor"))
        for where, target, value in questions:
            for question in self._questions_for(target, answered):
                if question.pk in row.answers:
                    continue
                try:
                    row.answers[question.pk] = clean_answer(question, value, self.values.get(target))
                except ValueError as exc:
                    row.error(where, exc, target=target)
                break

        # 3. Rules across cells, on the cells that could be read.
        for name in REQUIRED_COLUMNS:
            if name in values and not values[name] and name not in row.failed:
                column = self.column_of.get(
                    name, self.name_column if name in ("last_name", "first_name") else None
                )
                row.error(column if column is not None else self.where(name), MSG_REQUIRED, target=name)
        birth_date = values.get("birth_date")
        today = self.today
        if birth_date and not (date(today.year - OLDEST_AGE, 1, 1) <= birth_date <= today):
            row.error(self.where("birth_date"), _("the birth date is not plausible."), target="birth_date")
        if values.get("category") == Category.STUDENT and not birth_date and "birth_date" not in row.failed:
            row.error(
                self.where("birth_date") if "birth_date" in self.column_of else self.where("category"),
                _("a student's birth date is required: it decides whose consent is needed."),
            )
        return row

    def _questions_for(self, target, answered) -> list[Question]:
        """The question a cell answers for a row of this role: the mapped one if the role
        answers its questionnaire, else its twin (same text and kind) in the other one."""
        question = self.questions[target]
        if question.question_set.questionnaire.kind in answered:
            return [question]
        twin = self.twins.get(question.pk)
        return [twin] if twin is not None and twin.question_set.questionnaire.kind in answered else []

    def _mapped(self, target, value):
        """An answer the mapping's values translate into the template's choice."""
        lookup = self.values.get(target)
        if lookup:
            return lookup.get(normalise(value), value)
        return value


def _update_or_skip(stored: dict, values: dict, answers: dict) -> str:
    changed = any(_differs(stored.get(name), value) for name, value in values.items())
    return "update" if changed or answers else "skip"


def _differs(stored, value) -> bool:
    """Does the cell change the stored value? An empty cell keeps what the base has (a partial
    file never erases data), and «орлов» in a file does not rewrite «Орлов»."""
    if value in ("", None):
        return False
    if isinstance(value, str):
        return normalise(stored) != normalise(value)
    return stored != value


def clean_answer(question: Question, value, values: dict[str, str] | None = None):
    """A cell as the answer to `question`, by the one validator of answers
    (apps/questions/validation.py); ValueError says what is wrong. `values` maps answers as
    the file writes them (normalised) to the question's choices; «Другое: …» is kept as the
    person wrote it; a date is read as people type it (the template's own date widget)."""
    if question.kind == Question.Kind.DATE:
        value = DATE_WIDGET.clean(value)
    try:
        return answer_clean(question, value, values=values, from_file=True)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


# --- Writing --------------------------------------------------------------------


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    skipped: int

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, skipped {self.skipped}"


@transaction.atomic
def apply_plan(*, organization, plan: ImportPlan, actor) -> ImportCounts:
    """Write a valid plan in bulk: a few statements whatever the number of rows."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors is never written.")
    partners = _partners_for(organization, plan)
    to_create, to_update, answers_of = [], [], []
    update_fields = set()
    updated_ids = [r.existing_id for r in plan.rows if r.action == "update"]
    current = Participant.objects.in_bulk(updated_ids)
    for row in plan.rows:
        fields = {k: v for k, v in row.values.items() if k != "partner"}
        partner_name = row.values.get("partner")
        if row.action == "new":
            # Ids rather than instances: cheaper by far for ten thousand objects.
            participant = Participant(
                organization_id=organization.pk,
                status=fields.pop("status", "") or Status.IN_BASE,
                partner_id=partners[normalise(partner_name)].pk if partner_name else None,
                **{k: ("" if v is None and k != "birth_date" else v) for k, v in fields.items()},
            )
            to_create.append(participant)
            answers_of.append((participant, True, row.answers))
        elif row.action == "update":
            participant = current[row.existing_id]
            for name, value in fields.items():
                if _differs(getattr(participant, name), value):
                    setattr(participant, name, value)
                    update_fields.add(name)
            if partner_name:
                participant.partner = partners[normalise(partner_name)]
                update_fields.add("partner")
            to_update.append(participant)
            answers_of.append((participant, False, row.answers))

    Participant.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update and update_fields:
        now = timezone.now()
        for participant in to_update:
            participant.updated_at = now
        # An upsert on the primary key: one INSERT … ON CONFLICT (id) DO UPDATE per batch,
        # much faster than bulk_update's CASE WHEN per row and field.
        Participant.objects.bulk_create(
            to_update,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[*sorted(update_fields), "updated_at"],
        )

    def answers(of_new: bool):
        return [
            # The participant itself, not its id: the row takes its organisation from it
            # without a query (Answer.tenant_parent).
            Answer(participant=participant, question_id=question, value=value)
            for participant, is_new, row_answers in answers_of
            if is_new == of_new
            for question, value in row_answers.items()
        ]

    Answer.objects.bulk_create(answers(of_new=True), batch_size=BATCH)
    # People already in the base may have answered before: their answers are replaced.
    Answer.objects.bulk_create(
        answers(of_new=False),
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["participant", "question"],
        update_fields=["value"],
    )
    _audit(organization, actor, to_create, to_update)
    return ImportCounts(created=len(to_create), updated=len(to_update), skipped=plan.count("skip"))


def _partners_for(organization, plan: ImportPlan) -> dict[str, PartnerOrganization]:
    """Partner organisations named in the file; the ones not yet known are created."""
    names = {
        normalise(r.values["partner"]): r.values["partner"] for r in plan.rows if r.values.get("partner")
    }
    known = {normalise(p.name): p for p in PartnerOrganization.objects.filter(organization=organization)}
    new = [
        PartnerOrganization(organization=organization, name=names[key]) for key in names if key not in known
    ]
    PartnerOrganization.objects.bulk_create(new)
    known.update({normalise(p.name): p for p in new})
    return known


def _audit(organization, actor, created, updated):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Participant)
    entries = [
        AuditEntry(
            organization_id=organization.pk,
            actor_id=actor.pk if actor else None,
            action=action,
            target_type_id=content_type.pk,
            target_id=participant.pk,
            data={"source": "import"},
        )
        for action, participants in (("participant.created", created), ("participant.changed", updated))
        for participant in participants
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
