"""How the columns and answers of a file map to the organisation's template.

A mapping has three parts, the same in the browser, in the database and on the command line:
- columns: each column of the file → a template column, «ФИО» (a full name in one cell),
  the timestamp of an online form, or nothing (not imported);
- values: per choice column, an answer as the file writes it → a choice of the template
  («Хочу, чтобы мне помогли (наставляемый)» → «Наставляемый»);
- defaults: per template column, a value for every row whose cell is empty or absent
  («Категория» = «Обучающийся» for a form that never asks it).

Inside, columns are the file's column indexes and targets the template's field names
(`last_name`, `q12`); outside (JSON, saved mappings) both are names people read: the file's
headers and the template's column names. `Mapping.from_json` checks the outside form and
says which column or choice the template lacks.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.text import normalise, tidy
from apps.questions.models import Question
from apps.questions.validation import OTHER_ANSWER, split_choices

from ..models import (
    Category,
    ColumnMapping,
    ProgrammeRole,
    Status,
)
from ..questionnaires import questionnaire_questions
from ..resources import ALIASES, REQUIRED_COLUMNS, ParticipantResource

FULL_NAME = "full_name"  # one "ФИО" column, split into surname, name, patronymic
TIMESTAMP = "timestamp"  # when an online form's answer was sent: the later replaces the earlier
IGNORE = ""
FULL_NAME_COLUMN = "ФИО"
TIMESTAMP_COLUMN = "Отметка времени"
QUESTIONNAIRE_PREFIX = {"mentee": "Наставляемый", "mentor": "Наставник"}
PERSON_FIELDS = list(ParticipantResource.Meta.fields)
PERSON_CHOICES = {
    "category": Category.choices,
    "programme_role": ProgrammeRole.choices,
    "status": [c for c in Status.choices if c[0] != Status.LEFT],
}

# Header words that say nothing about the column: «Ваша фамилия», «Укажите класс (обязательно)».
HEADER_NOISE = re.compile(
    r"\([^)]*\)|\b(?:ваш|ваша|ваше|ваши|укажите|введите|напишите|пожалуйста)\b"  # «(обязательно)», any note
)
PUNCTUATION = re.compile(r"[^\w\s]")
FORM_ALIASES = {
    FULL_NAME: ["фио", "фамилия имя отчество", "фамилия имя", "фамилия и имя", "полное имя"],
    TIMESTAMP: [
        "отметка времени",
        "timestamp",
        "время создания",
        "время отправки",
        "дата и время",
        "дата заполнения",
        "время заполнения",
    ],
    "programme_role": [
        "в какой роли вы хотите участвовать",
        "в какой роли вы хотите участвовать в программе наставничества",
        "роль в программе наставничества",
        "вы хотите быть",
    ],
    "group_name": ["класс", "в каком классе вы учитесь", "класс буква"],
    "email": ["адрес электронной почты", "email address", "e mail"],
    "phone": ["телефон", "номер телефона", "мобильный телефон", "телефон для связи"],
    "birth_date": ["дата рождения", "день рождения"],
    "category": ["категория", "категория участника", "кто вы"],
}
# Other words people use for the template's choices (first guesses, never decisions).
CHOICE_SYNONYMS = {
    "student": ["ученик", "ученица", "школьник", "школьница", "обучающийся", "учащийся"],
    "teacher": ["учитель", "педагог", "преподаватель", "классный руководитель"],
    "parent": ["родитель", "мама", "папа"],
    "university_student": ["студент", "студентка"],
    "graduate": ["выпускник", "выпускница"],
    "employer": ["работодатель", "представитель предприятия"],
    "young_specialist": ["молодой специалист"],
}

MSG_UNKNOWN_COLUMN = gettext_lazy("the template has no column «%(column)s».")


class MappingError(ValueError):
    """A mapping that names a column or a choice the template lacks; `problems` says which."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def header_key(text) -> str:
    """A header as recognition compares it: no case, punctuation, «Ваш/Укажите», «(обязательно)»."""
    text = normalise(text)
    text = HEADER_NOISE.sub(" ", text)
    text = PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


def header_signature(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(normalise(h) for h in header).encode()).hexdigest()


@dataclass
class Target:
    """A column of the template a file column can fill."""

    code: str  # last_name, q12, full_name, timestamp
    name: str  # as the template names it: «Фамилия», «Наставник: …», «ФИО»
    choices: list[tuple[str, str]] = field(default_factory=list)  # (code, label) for a choice column
    question: Question | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # normalised code or label -> label

    def __post_init__(self):
        for code, label in self.choices:
            self.aliases.setdefault(normalise(code), label)
            self.aliases.setdefault(normalise(label), label)

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def is_multiple(self) -> bool:
        return self.question is not None and self.question.kind == Question.Kind.MULTIPLE

    def choice_for(self, text) -> str | None:
        """The template's choice `text` names (label in Russian or English, or code), or None."""
        return self.aliases.get(normalise(text))


class Template:
    """The organisation's template as a mapping sees it, loaded once."""

    def __init__(self, organization):
        self.organization = organization
        resource = ParticipantResource()
        self.targets: dict[str, Target] = {}
        for name in PERSON_FIELDS:
            with translation.override("ru"):
                choices = [(c, str(label)) for c, label in PERSON_CHOICES.get(name, [])]
            target = Target(name, resource.fields[name].column_name, choices)
            with translation.override("en"):  # the English labels name the same choices
                for (_code, label), (_same, ru_label) in zip(
                    PERSON_CHOICES.get(name, []), choices, strict=True
                ):
                    target.aliases.setdefault(normalise(str(label)), ru_label)
            self.targets[name] = target
        self.questions: dict[str, Question] = {}
        for question in questionnaire_questions(organization).order_by(
            "question_set__questionnaire__kind", "position", "pk"
        ):
            code = f"q{question.pk}"
            self.questions[code] = question
            choices = (
                [(c, c) for c in question.choices]
                if question.kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE)
                else []
            )
            self.targets[code] = Target(code, question_header(question), choices, question)
        self.special = {
            FULL_NAME: Target(FULL_NAME, FULL_NAME_COLUMN),
            TIMESTAMP: Target(TIMESTAMP, TIMESTAMP_COLUMN),
        }
        self.by_name = {normalise(t.name): t for t in [*self.targets.values(), *self.special.values()]}

    def columns(self) -> list[tuple[str, str]]:
        """(code, name) of the template's columns, person columns first."""
        return [(t.code, t.name) for t in self.targets.values()]

    def target(self, code) -> Target | None:
        return self.targets.get(code) or self.special.get(code)

    def named(self, name) -> Target | None:
        return self.by_name.get(normalise(name))

    def choice_targets(self) -> list[Target]:
        return [t for t in self.targets.values() if t.is_choice]

    def labels(self) -> dict[str, str]:
        """Every target a file column can be mapped to, with its label (for the mapping page)."""
        labels = {
            IGNORE: _("— do not import —"),
            FULL_NAME: _("Full name in one cell (surname, name, patronymic)"),
            TIMESTAMP: _("Time the form was sent (a later answer replaces an earlier one)"),
        }
        labels.update({t.code: t.name for t in self.targets.values()})
        return labels


def question_header(question: Question) -> str:
    return f"{QUESTIONNAIRE_PREFIX[question.question_set.questionnaire.kind]}: {question.text}"


@dataclass
class Mapping:
    columns: dict[int, str] = field(default_factory=dict)  # file column index -> target code
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> {answer: choice label}
    defaults: dict[str, str] = field(default_factory=dict)  # target -> value for every row

    # --- storage inside the portal (an import run keeps it for its own file) -------------

    def to_storage(self) -> dict:
        return {
            "columns": {str(k): v for k, v in self.columns.items() if v},
            "values": {k: dict(v) for k, v in self.values.items() if v},
            "defaults": {k: v for k, v in self.defaults.items() if v not in ("", None)},
        }

    @classmethod
    def from_storage(cls, data: dict | None) -> "Mapping | None":
        if not data:
            return None
        if "columns" not in data:  # the first format: {"0": "last_name", …}
            return cls(columns={int(k): v for k, v in data.items() if v})
        return cls(
            columns={int(k): v for k, v in data["columns"].items() if v},
            values={k: dict(v) for k, v in data.get("values", {}).items()},
            defaults=dict(data.get("defaults", {})),
        )

    # --- the outside form: JSON for people and scripts --------------------------------------

    def to_json(self, header: list[str], template: Template) -> dict:
        columns = {}
        for index, code in sorted(self.columns.items()):
            target = template.target(code)
            if target and index < len(header):
                columns.setdefault(header[index], target.name)
        values = {
            template.target(code).name: dict(answers)
            for code, answers in self.values.items()
            if answers and template.target(code)
        }
        defaults = {
            template.target(code).name: value
            for code, value in self.defaults.items()
            if value not in ("", None) and template.target(code)
        }
        return {"columns": columns, "values": values, "defaults": defaults}

    @classmethod
    def from_json(cls, data, header: list[str], template: Template, *, strict: bool = True) -> "Mapping":
        """The mapping a person or a script wrote; MappingError lists what the template lacks
        (with strict=False, as for a saved mapping after the template changed, it is left out)."""
        problems = []
        if not isinstance(data, dict) or not set(data) <= {"columns", "values", "defaults"}:
            raise MappingError([_('a mapping is an object with "columns", "values" and "defaults".')])
        mapping = cls()
        index_of = {}
        for index, name in enumerate(header):
            index_of.setdefault(name, index)
            index_of.setdefault(normalise(name), index)
        for name, column in _object(data.get("columns"), problems, "columns").items():
            index = index_of.get(name, index_of.get(normalise(name)))
            if index is None:
                problems.append(_("the file has no column «%(column)s».") % {"column": name})
                continue
            if column in ("", None):
                continue
            target = template.named(column)
            if target is None:
                problems.append(str(MSG_UNKNOWN_COLUMN) % {"column": column})
                continue
            if target.code in mapping.columns.values():
                problems.append(
                    _("the template column «%(column)s» is given two columns of the file.")
                    % {"column": column}
                )
                continue
            mapping.columns[index] = target.code
        for column, answers in _object(data.get("values"), problems, "values").items():
            target = template.named(column)
            if target is None or not target.is_choice:
                problems.append(
                    (str(MSG_UNKNOWN_COLUMN) if target is None else _("«%(column)s» has no choices."))
                    % {"column": column}
                )
                continue
            chosen = {}
            for answer, choice in _object(answers, problems, column).items():
                label = target.choice_for(choice)
                if label is None:
                    problems.append(
                        _("«%(choice)s» is not a choice of «%(column)s»: %(allowed)s.")
                        % {"choice": choice, "column": column, "allowed": _allowed(target)}
                    )
                else:
                    chosen[answer] = label
            mapping.values[target.code] = chosen
        for column, value in _object(data.get("defaults"), problems, "defaults").items():
            target = template.named(column)
            if target is None or target.code in (FULL_NAME, TIMESTAMP):
                problems.append(str(MSG_UNKNOWN_COLUMN) % {"column": column})
                continue
            if value in ("", None):
                continue
            value = str(value)
            if target.is_choice and not target.is_multiple and target.choice_for(value) is None:
                problems.append(
                    _("«%(choice)s» is not a choice of «%(column)s»: %(allowed)s.")
                    % {"choice": value, "column": column, "allowed": _allowed(target)}
                )
                continue
            mapping.defaults[target.code] = value
        if problems and strict:
            raise MappingError(problems)
        return mapping

    # --- use -------------------------------------------------------------------------------

    def missing_required(self, template: Template) -> list[str]:
        targets = set(self.columns.values()) | set(self.defaults)
        if FULL_NAME in targets:
            targets |= {"last_name", "first_name", "patronymic"}
        return [template.targets[name].name for name in REQUIRED_COLUMNS if name not in targets]

    def unmapped(self, header: list[str]) -> list[str]:
        return [name or f"#{i + 1}" for i, name in enumerate(header) if not self.columns.get(i)]

    def value_lookup(self) -> dict[str, dict[str, str]]:
        """values keyed by the answer as normalise() writes it, for the rows."""
        return {code: {normalise(a): c for a, c in answers.items()} for code, answers in self.values.items()}


def _object(value, problems, where) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(_('"%(part)s" must be an object.') % {"part": where})
        return {}
    return value


def _allowed(target: Target) -> str:
    return "; ".join(label for _code, label in target.choices)


# --- Recognition --------------------------------------------------------------------------


def auto_columns(template: Template, header: list[str]) -> dict[int, str]:
    """Match the file's columns to the template by their names, aliases and common wordings."""
    by_key: dict[str, str] = {}
    for code, name in template.columns():
        by_key.setdefault(header_key(name), code)
    for code, aliases in [*ALIASES.items(), *FORM_ALIASES.items()]:
        for alias in aliases:
            by_key.setdefault(header_key(alias), code)
    question_texts: dict[str, list[str]] = {}
    for code, question in template.questions.items():
        question_texts.setdefault(header_key(question.text), []).append(code)
    for text, codes in question_texts.items():
        # A question both questionnaires ask maps to the first (the mentee's): each row's
        # role then sends its answer to its own questionnaire (pipeline._RowReader).
        by_key.setdefault(text, codes[0])
    mapping, used = {}, set()
    for index, name in enumerate(header):
        code = by_key.get(header_key(name), IGNORE)
        if code and code not in used:
            mapping[index] = code
            used.add(code)
    return mapping


def distinct_answers(target: Target, cells) -> Counter:
    """Each distinct answer of a choice column (parts of a multiple choice apart) with the
    number of rows that give it, spelled as its first row does."""
    counts: Counter = Counter()
    spelling: dict[str, str] = {}
    for cell in cells:
        parts = split_choices(cell) if target.is_multiple else [tidy(cell)]
        for part in dict.fromkeys(p for p in parts if p):
            key = normalise(part)
            spelling.setdefault(key, part)
            counts[spelling[key]] += 1
    return counts


def guess_values(template: Template, mapping: Mapping, sheet) -> dict[str, dict[str, str]]:
    """For every mapped choice column, the best guess for each answer the template does not
    take as it is; answers without a guess are left for the person (or fail as errors)."""
    guesses = {}
    for index, code in mapping.columns.items():
        target = template.target(code)
        if target is None or not target.is_choice:
            continue
        known = mapping.values.get(code, {})
        # The distinct cells first: a column of ten thousand rows has a handful of answers.
        cells = {cells[index] for _n, cells in sheet.rows if index < len(cells)} - {None, ""}
        answers = {}
        for cell in cells:
            for part in split_choices(cell) if target.is_multiple else [tidy(cell)]:
                answers.setdefault(normalise(part), part)
        column = {}
        for answer in answers.values():
            if not answer or answer in known or target.choice_for(answer) or OTHER_ANSWER.match(answer):
                continue
            guess = guess_choice(target, answer)
            if guess:
                column[answer] = guess
        if column:
            guesses[code] = column
    return guesses


WORD = re.compile(r"\w+")


def guess_choice(target: Target, answer: str) -> str | None:
    """The template's choice an answer most likely means, or None: a choice named in brackets
    or in full, a synonym, else the choice whose words' stems the answer holds."""
    text = normalise(answer)
    for inside in re.findall(r"\(([^)]*)\)", text):
        label = target.choice_for(inside)
        if label:
            return label
    words = WORD.findall(text)
    joined = " ".join(words)
    # The longest choice named in full wins («наставник и наставляемый» over «наставник»).
    for _code, label in sorted(target.choices, key=lambda c: -len(c[1])):
        if re.search(rf"\b{re.escape(' '.join(WORD.findall(normalise(label))))}\b", joined):
            return label
    for code, label in target.choices:
        for synonym in CHOICE_SYNONYMS.get(code, []):
            if re.search(rf"\b{re.escape(synonym)}", joined):
                return label
    best, best_score = None, (0.0, 0)
    for _code, label in target.choices:
        stems = [_stem(w) for w in WORD.findall(normalise(label)) if len(w) > 2]
        if not stems:
            continue
        hits = sum(1 for s in stems if any(w.startswith(s) for w in words))
        score = (hits / len(stems), hits)
        if hits and score > best_score:
            best, best_score = label, score
        elif hits and score == best_score:
            best = None  # two choices fit as well: no guess
    return best if best_score[0] == 1.0 else None


def _stem(word: str) -> str:
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


# --- Saved mappings -------------------------------------------------------------------------


def mapping_for(organization, sheet, template: Template | None = None) -> Mapping:
    """The mapping saved for files of this shape, else the automatic recognition; answers of
    choice columns get their best guesses either way."""
    template = template or Template(organization)
    saved = ColumnMapping.objects.filter(
        organization=organization, signature=header_signature(sheet.header)
    ).first()
    if saved and "columns" in saved.mapping:
        mapping = Mapping.from_json(saved.mapping, sheet.header, template, strict=False)
    elif saved:  # the first format, by column index
        mapping = Mapping(
            columns={
                int(k): v
                for k, v in saved.mapping.items()
                if template.target(v) and int(k) < len(sheet.header)
            }
        )
    else:
        mapping = Mapping(columns=auto_columns(template, sheet.header))
    for code, guesses in guess_values(template, mapping, sheet).items():
        mapping.values.setdefault(code, {}).update(guesses)
    return mapping


def save_mapping(organization, header: list[str], mapping: Mapping, template: Template | None = None) -> None:
    """Remember the mapping for the next file with the same headers (as soon as it is confirmed)."""
    template = template or Template(organization)
    ColumnMapping.objects.update_or_create(
        organization=organization,
        signature=header_signature(header),
        defaults={"mapping": mapping.to_json(header, template)},
    )
