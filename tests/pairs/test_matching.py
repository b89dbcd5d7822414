"""Scoring and the optimal assignment, on cases small enough to check by hand."""

import numpy as np
import pytest

from apps.pairs.matching import WEIGHTS, Person, assign, propose, score_matrix, words


def test_words_of_free_text_interests():
    assert words("Шахматы, робототехника; ЁЖИКИ и ok") == {"шахматы", "робототехника", "ежики"}


def test_each_factor_gives_its_points():
    mentee = Person(
        1,
        interests={"шахматы", "музыка"},
        requests={"проекты", "учеба"},
        form="ученик – ученик",
        availability={"выходные"},
    )
    mentor = Person(
        2,
        interests={"шахматы", "футбол"},
        competencies={"проекты"},
        form="ученик – ученик",
        availability={"выходные", "будни"},
    )
    factors = score_matrix([mentee], [mentor], mentee_ranks={(1, 2): 1}, mentor_ranks={(2, 1): 3})
    assert factors["interests"][0, 0] == pytest.approx(WEIGHTS["interests"] / 3)  # 1 common of 3
    assert factors["requests"][0, 0] == pytest.approx(WEIGHTS["requests"] / 2)  # 1 of 2 requests
    assert factors["form"][0, 0] == WEIGHTS["form"]
    assert factors["availability"][0, 0] == WEIGHTS["availability"]
    assert factors["mentee_choice"][0, 0] == pytest.approx(WEIGHTS["mentee_choice"])  # rank 1
    assert factors["mentor_choice"][0, 0] == pytest.approx(WEIGHTS["mentor_choice"] * 3 / 5)  # rank 3
    assert factors["total"][0, 0] == pytest.approx(20 / 3 + 15 + 10 + 15 + 15 + 6)


def test_nothing_in_common_scores_zero():
    factors = score_matrix([Person(1, form="a")], [Person(2, form="b")])
    assert factors["total"][0, 0] == 0


def test_the_assignment_is_optimal_not_greedy():
    # Greedy takes (0,0)=10 first and leaves mentee 1 with 1: total 11.
    # The optimum gives mentee 0 mentor 1 and mentee 1 mentor 0: 9 + 9 = 18.
    scores = np.array([[10.0, 9.0], [9.0, 1.0]])
    assert sorted(assign(scores, [1, 1])) == [(0, 1), (1, 0)]


def test_capacity_makes_groups_and_leaves_the_rest_unassigned():
    scores = np.array([[5.0, 1.0], [4.0, 1.0], [3.0, 1.0], [2.0, 0.5]])
    result = dict(assign(scores, [2, 1]))
    assert sorted(v for v in result.values()).count(0) == 2  # mentor 0 takes two
    assert list(result.values()).count(1) == 1
    assert len(result) == 3  # four mentees, three places


def test_forbidden_couples_are_never_proposed():
    scores = np.array([[10.0, 1.0]])
    assert assign(scores, [1, 1], forbidden={(0, 0)}) == [(0, 1)]
    assert assign(scores, [1, 0], forbidden={(0, 0)}) == []


def test_proposals_explain_themselves():
    mentees = [Person(1, interests={"шахматы"}), Person(3, interests={"театр"})]
    mentors = [Person(2, interests={"театр"}), Person(4, interests={"шахматы"})]
    proposals = {p.mentee_id: p for p in propose(mentees, mentors, [1, 1])}
    assert proposals[1].mentor_id == 4 and proposals[3].mentor_id == 2
    assert proposals[1].factors == [{"factor": "interests", "points": 20.0, "detail": "шахматы"}]
