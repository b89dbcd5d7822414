"""What else a pair needs before it is approved, from apps to the right of pairs.

An app registers a rule in its AppConfig.ready(): a function of a list of pairs returning,
per pair id, the problems in words for the curator (the mentor's consent to the extra duties
of a teacher pair, apps/teachers). `pair_approve` refuses a pair with a problem, and the
pairs order names it among what it lacks, so it cannot be submitted or approved."""

from collections.abc import Callable

RULES: list[Callable] = []


def register(rule: Callable) -> Callable:
    if rule not in RULES:
        RULES.append(rule)
    return rule


def approval_problems(pairs) -> dict[int, list[str]]:
    """Per pair id, what the registered rules find missing (pairs without a problem are absent)."""
    pairs = list(pairs)
    problems: dict[int, list[str]] = {}
    if not pairs:
        return problems
    for rule in RULES:
        for pair_id, found in rule(pairs).items():
            problems.setdefault(pair_id, []).extend(found)
    return problems
