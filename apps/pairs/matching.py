"""Matching mentors and mentees: a compatibility score for every couple, then the globally
best assignment for the whole programme.

Pure functions on plain data, so that they are easy to test by hand and fast: the scores of
all couples are computed at once with sparse matrices (500 mentors × 2,000 mentees is a
million couples), and the assignment is SciPy's optimal one (linear_sum_assignment, the
Hungarian method's modern form) over mentor *places*: a mentor who takes up to four mentees
is four columns, so groups come out of the same computation.
"""

import re
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

# Points of each factor; they add up to 100.
WEIGHTS = {
    "interests": 20,  # shared interests (Jaccard of words or choices)
    "requests": 30,  # the mentee's requests covered by the mentor's competencies
    "form": 10,  # the same preferred form of mentoring
    "availability": 15,  # at least one common time to meet
    "mentee_choice": 15,  # the mentee ranked this mentor after the group meeting
    "mentor_choice": 10,  # the mentor ranked this mentee
}
# How each factor is named to the curator.
FACTOR_LABELS = {
    "interests": _("shared interests"),
    "requests": _("requests covered by competencies"),
    "form": _("the same preferred form"),
    "availability": _("a common time to meet"),
    "mentee_choice": _("the mentee chose this mentor"),
    "mentor_choice": _("the mentor chose this mentee"),
}
FORBIDDEN = -1_000.0  # couples that must not be proposed (a rematch away from this mentor)
WORD = re.compile(r"[a-zа-я0-9]{3,}")


def words(text: str) -> set[str]:
    """Interests written as free text become a set of words: «Шахматы, робототехника»."""
    return set(WORD.findall(text.lower().replace("ё", "е")))


@dataclass
class Person:
    id: int
    interests: set[str] = field(default_factory=set)
    requests: set[str] = field(default_factory=set)  # mentees
    competencies: set[str] = field(default_factory=set)  # mentors
    form: str = ""
    availability: set[str] = field(default_factory=set)


@dataclass
class Proposal:
    mentee_id: int
    mentor_id: int
    score: float
    factors: list[dict]


def _incidence(sets: list[set[str]], vocabulary: dict[str, int]) -> csr_matrix:
    rows, cols = [], []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    return rows, cols, data


def _overlap(left: list[set[str]], right: list[set[str]]):
    """Counts of common items of every left × right couple, and the sizes of each set."""
    vocabulary: dict[str, int] = {}
    left_parts, right_parts = _incidence(left, vocabulary), _incidence(right, vocabulary)
    size = max(len(vocabulary), 1)
    a = csr_matrix((left_parts[2], (left_parts[0], left_parts[1])), shape=(len(left), size))
    b = csr_matrix((right_parts[2], (right_parts[0], right_parts[1])), shape=(len(right), size))
    common = (a @ b.T).toarray()
    return common, np.asarray(a.sum(axis=1)).ravel(), np.asarray(b.sum(axis=1)).ravel()


def score_matrix(
    mentees: list[Person],
    mentors: list[Person],
    mentee_ranks: dict[tuple[int, int], int] | None = None,
    mentor_ranks: dict[tuple[int, int], int] | None = None,
) -> dict[str, np.ndarray]:
    """Each factor's points for every mentee (rows) × mentor (columns), and their total."""
    mentee_ranks, mentor_ranks = mentee_ranks or {}, mentor_ranks or {}
    shape = (len(mentees), len(mentors))
    factors = {}

    common, left, right = _overlap([m.interests for m in mentees], [m.interests for m in mentors])
    union = left[:, None] + right[None, :] - common
    factors["interests"] = WEIGHTS["interests"] * np.divide(
        common, union, out=np.zeros(shape), where=union > 0
    )

    common, requested, _ = _overlap([m.requests for m in mentees], [m.competencies for m in mentors])
    factors["requests"] = WEIGHTS["requests"] * np.divide(
        common, requested[:, None], out=np.zeros(shape), where=requested[:, None] > 0
    )

    mentee_forms = np.array([m.form or "\0a" for m in mentees], dtype=object)
    mentor_forms = np.array([m.form or "\0b" for m in mentors], dtype=object)
    factors["form"] = WEIGHTS["form"] * (mentee_forms[:, None] == mentor_forms[None, :])

    common, _, _ = _overlap([m.availability for m in mentees], [m.availability for m in mentors])
    factors["availability"] = WEIGHTS["availability"] * (common > 0)

    row = {m.id: i for i, m in enumerate(mentees)}
    col = {m.id: j for j, m in enumerate(mentors)}
    for name, ranks, key in (
        ("mentee_choice", mentee_ranks, lambda chooser, chosen: (row.get(chooser), col.get(chosen))),
        ("mentor_choice", mentor_ranks, lambda chooser, chosen: (row.get(chosen), col.get(chooser))),
    ):
        points = np.zeros(shape)
        for (chooser, chosen), rank in ranks.items():
            i, j = key(chooser, chosen)
            if i is not None and j is not None:
                points[i, j] = WEIGHTS[name] * (6 - rank) / 5
        factors[name] = points

    factors["total"] = sum(factors[name] for name in WEIGHTS)
    return factors


def assign(
    scores: np.ndarray, capacities: list[int], forbidden: set[tuple[int, int]] = frozenset()
) -> list[tuple[int, int]]:
    """The assignment of mentees (rows) to mentors (columns) with the greatest total score,
    each mentor taking at most their capacity. Returns (mentee index, mentor index) couples;
    mentees beyond the places, or with only forbidden mentors, stay unassigned."""
    slots = [j for j, capacity in enumerate(capacities) for _ in range(max(capacity, 0))]
    if not slots or scores.shape[0] == 0:
        return []
    gain = scores[:, slots].astype(float)
    for i, j in forbidden:
        gain[i, [k for k, slot in enumerate(slots) if slot == j]] = FORBIDDEN
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return [(int(i), slots[k]) for i, k in zip(rows, cols, strict=True) if gain[i, k] > FORBIDDEN]


def explain(mentee: Person, mentor: Person, factors: dict[str, np.ndarray], i: int, j: int) -> list[dict]:
    """Why a couple scores what it does: the factors that gave points, with their details."""
    details = {
        "interests": ", ".join(sorted(mentee.interests & mentor.interests)),
        "requests": ", ".join(sorted(mentee.requests & mentor.competencies)),
        "form": mentee.form,
        "availability": ", ".join(sorted(mentee.availability & mentor.availability)),
    }
    return [
        {"factor": name, "points": round(float(factors[name][i, j]), 1), "detail": details.get(name, "")}
        for name in WEIGHTS
        if factors[name][i, j] > 0
    ]


def propose(
    mentees: list[Person],
    mentors: list[Person],
    capacities: list[int],
    *,
    mentee_ranks=None,
    mentor_ranks=None,
    forbidden_ids: set[tuple[int, int]] = frozenset(),
) -> list[Proposal]:
    """Score every couple, assign optimally, explain each proposal."""
    factors = score_matrix(mentees, mentors, mentee_ranks, mentor_ranks)
    row = {m.id: i for i, m in enumerate(mentees)}
    col = {m.id: j for j, m in enumerate(mentors)}
    forbidden = {(row[a], col[b]) for a, b in forbidden_ids if a in row and b in col}
    return [
        Proposal(
            mentee_id=mentees[i].id,
            mentor_id=mentors[j].id,
            score=round(float(factors["total"][i, j]), 1),
            factors=explain(mentees[i], mentors[j], factors, i, j),
        )
        for i, j in assign(factors["total"], capacities, forbidden)
    ]
