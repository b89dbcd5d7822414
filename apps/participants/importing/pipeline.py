"""The import of participants and their answers from an Excel sheet.

plan_import() validates every row first and collects every error with its row and column;
apply_plan() then writes everything in one short transaction with bulk statements, or
nothing at all when any row is invalid: staff fix the file and upload it again.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.models import AuditEntry

from ..models import (
    ANSWERED_BY_ROLE,
    Answer,
    Category,
    ColumnMapping,
    Participant,
    PartnerOrganization,
    Question,
    QuestionnaireTemplate,
    Status,
)
from ..resources import ALIASES, REQUIRED_COLUMNS, ParticipantResource
from .reader import Sheet
from .text import normalise, tidy

FULL_NAME = "full_name"  # one "ФИО" column, split into surname, name, patronymic
IGNORE = ""
QUESTIONNAIRE_PREFIX = {
    QuestionnaireTemplate.Kind.MENTEE: "Наставляемый",
    QuestionnaireTemplate.Kind.MENTOR: "Наставник",
}
PERSON_FIELDS = list(ParticipantResource.Meta.fields)
BATCH = 2000
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
    action: str  # "new", "update" or "skip"
    values: dict
    answers: dict[int, object]
    existing_id: int | None = None


@dataclass
class ImportPlan:
    header: list[str]
    column_map: dict[int, str]
    missing_columns: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.missing_columns and not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors}


# --- Columns --------------------------------------------------------------------


def template_columns(organization) -> list[tuple[str, str]]:
    """(target, Russian header) of the organisation's template, person columns first."""
    resource = ParticipantResource()
    columns = [(name, resource.fields[name].column_name) for name in PERSON_FIELDS]
    for question in _questions(organization):
        columns.append((f"q{question.pk}", question_header(question)))
    return columns


def question_header(question: Question) -> str:
    return f"{QUESTIONNAIRE_PREFIX[question.questionnaire.kind]}: {question.text}"


def _questions(organization) -> list[Question]:
    return list(
        Question.objects.filter(organization=organization)
        .select_related("questionnaire")
        .order_by("questionnaire__kind", "position", "pk")
    )


def target_labels(organization) -> dict[str, str]:
    """Every target a file column can be mapped to, with its label (for the mapping page)."""
    labels = {IGNORE: _("— do not import —"), FULL_NAME: _("Full name (surname, name, patronymic)")}
    labels.update(dict(template_columns(organization)))
    return labels


def header_signature(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(normalise(h) for h in header).encode()).hexdigest()


def auto_map(organization, header: list[str]) -> dict[int, str]:
    """Match the file's columns to the template by their names, aliases included."""
    by_name = {}
    for target, column_name in template_columns(organization):
        by_name[normalise(column_name)] = target
    for target, aliases in ALIASES.items():
        for alias in aliases:
            by_name.setdefault(normalise(alias), target)
    by_name.setdefault("фио", FULL_NAME)
    by_name.setdefault(normalise("Фамилия, имя, отчество"), FULL_NAME)
    question_texts = {}
    for question in _questions(organization):
        question_texts.setdefault(normalise(question.text), []).append(f"q{question.pk}")
    for text, targets in question_texts.items():
        if len(targets) == 1:  # a question text both questionnaires share needs the prefix
            by_name.setdefault(text, targets[0])
    mapping, used = {}, set()
    for index, name in enumerate(header):
        target = by_name.get(normalise(name), IGNORE)
        if target and target not in used:
            mapping[index] = target
            used.add(target)
    return mapping


def saved_or_auto_map(organization, header: list[str]) -> dict[int, str]:
    saved = ColumnMapping.objects.filter(
        organization=organization, signature=header_signature(header)
    ).first()
    if saved:
        return {int(k): v for k, v in saved.mapping.items()}
    return auto_map(organization, header)


def save_mapping(organization, header: list[str], column_map: dict[int, str]) -> None:
    ColumnMapping.objects.update_or_create(
        organization=organization,
        signature=header_signature(header),
        defaults={"mapping": {str(k): v for k, v in column_map.items() if v}},
    )


def missing_required(column_map: dict[int, str]) -> list[str]:
    targets = set(column_map.values())
    if FULL_NAME in targets:
        targets |= {"last_name", "first_name", "patronymic"}
    resource = ParticipantResource()
    return [resource.fields[name].column_name for name in REQUIRED_COLUMNS if name not in targets]


# --- Planning -------------------------------------------------------------------


IDENTITY_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "email")


def _identity_keys(last_name, first_name, patronymic, birth_date, email):
    """A person is the same by e-mail, or by full name together with the birth date."""
    name_key = (normalise(last_name), normalise(first_name), normalise(patronymic), birth_date)
    return (normalise(email) or None), (name_key if birth_date else None)


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

    def find(self, values) -> int | None:
        email_key, name_key = _identity_keys(*(values.get(f) for f in IDENTITY_FIELDS))
        return (
            (email_key and self.by_email.get(email_key)) or (name_key and self.by_name.get(name_key)) or None
        )


def plan_import(
    *,
    organization,
    sheet: Sheet,
    column_map: dict[int, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    column_map = saved_or_auto_map(organization, sheet.header) if column_map is None else column_map
    plan = ImportPlan(
        header=sheet.header, column_map=column_map, missing_columns=missing_required(column_map)
    )
    if plan.missing_columns:
        return plan
    today = timezone.localdate()

    resource = ParticipantResource()
    questions = {f"q{q.pk}": q for q in _questions(organization)}
    column_of = {target: index for index, target in column_map.items()}
    name_column = column_of.get("last_name", column_of.get(FULL_NAME, 0))
    base = _Base(organization)
    earlier_rows: dict[object, int] = {}  # identity key -> the first row of the file with it
    for done, (row_number, cells) in enumerate(sheet.rows, start=1):
        row = _RowChecker(row_number, sheet.header)
        values, answers = {}, {}

        # 1. Clean every mapped cell with its widget.
        for index, target in column_map.items():
            value = cells[index] if index < len(cells) else None
            try:
                if target == FULL_NAME:
                    parts = tidy(value).split(" ", 2)
                    values.update(
                        zip(("last_name", "first_name", "patronymic"), [*parts, "", ""], strict=False)
                    )
                elif target in questions:
                    if tidy(value):
                        answers[questions[target].pk] = clean_answer(questions[target], value)
                else:
                    values[target] = resource.fields[target].widget.clean(value)
            except ValueError as exc:
                row.error(index, exc, target=target)

        # 2. Rules across cells, on the cells that could be read.
        for name in REQUIRED_COLUMNS:
            if name in values and not values[name] and name not in row.failed:
                row.error(column_of.get(name, name_column), MSG_REQUIRED, target=name)
        birth_date = values.get("birth_date")
        if birth_date and not (date(today.year - OLDEST_AGE, 1, 1) <= birth_date <= today):
            row.error(column_of["birth_date"], _("the birth date is not plausible."), target="birth_date")
        if values.get("category") == Category.STUDENT and not birth_date and "birth_date" not in row.failed:
            row.error(
                column_of.get("birth_date", column_of["category"]),
                _("a student's birth date is required: it decides whose consent is needed."),
            )
        role = values.get("programme_role")
        for target, question in questions.items():
            if question.pk in answers and role and question.questionnaire.kind not in ANSWERED_BY_ROLE[role]:
                row.error(
                    column_of[target],
                    _("the question belongs to «%(questionnaire)s»; leave the cell empty or change the role.")
                    % {"questionnaire": question.questionnaire.title},
                )

        # 3. Who is it: somebody already in the base, or somebody earlier in this file?
        existing_id = None
        if not row.errors:
            existing_id = base.find(values)
            keys = [("id", existing_id)] if existing_id else []
            keys += [k for k in _identity_keys(*(values.get(f) for f in IDENTITY_FIELDS)) if k]
            first = next((earlier_rows[k] for k in keys if k in earlier_rows), None)
            if first:
                row.error(name_column, _("the same person as in row %(row)d.") % {"row": first})
            for key in keys:
                earlier_rows.setdefault(key, row_number)

        if row.errors:
            plan.errors.extend(row.errors)
            plan.rows.append(RowPlan(row_number, "error", values, answers, existing_id))
        else:
            if existing_id is not None:
                # Only the answers that change are written again.
                stored_answers = base.answers.get(existing_id, {})
                answers = {q: v for q, v in answers.items() if stored_answers.get(q) != v}
            action = (
                "new" if existing_id is None else _update_or_skip(base.stored[existing_id], values, answers)
            )
            plan.rows.append(RowPlan(row_number, action, values, answers, existing_id))
        if progress and done % 500 == 0:
            progress(done, len(sheet.rows))
    return plan


class _RowChecker:
    """Collects the errors of one row, and which template fields failed to read."""

    def __init__(self, row_number, header):
        self.row_number, self.header = row_number, header
        self.errors: list[RowError] = []
        self.failed: set[str] = set()

    def error(self, column_index, message, *, target=None):
        column = self.header[column_index] if column_index < len(self.header) else ""
        self.errors.append(RowError(self.row_number, column or f"#{column_index + 1}", str(message)))
        if target:
            self.failed.add(target)


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


def clean_answer(question: Question, value):
    """A cell as the answer to `question`, by its kind; ValueError says what is wrong."""
    if question.kind == Question.Kind.TEXT:
        return tidy(value)
    if question.kind == Question.Kind.SCALE:
        try:
            number = int(float(str(value).replace(",", ".")))
        except ValueError:
            number = None
        if number is None or not 1 <= number <= question.scale_max:
            raise ValueError(_("give a number from 1 to %(max)d.") % {"max": question.scale_max})
        return number
    allowed = {normalise(c): c for c in question.choices}
    parts = [tidy(value)] if question.kind == Question.Kind.CHOICE else _split_choices(value)
    chosen = []
    for part in parts:
        if normalise(part) not in allowed:
            raise ValueError(
                _("«%(value)s» is not one of: %(allowed)s.")
                % {"value": part, "allowed": "; ".join(question.choices)}
            )
        chosen.append(allowed[normalise(part)])
    return chosen[0] if question.kind == Question.Kind.CHOICE else chosen


def _split_choices(value) -> list[str]:
    text = tidy(value)
    separator = ";" if ";" in text else ","
    return [p.strip() for p in text.split(separator) if p.strip()]


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
