"""The anonymity rule of the survey results: every figure and text shown to others could
have come from at least ANONYMITY_THRESHOLD people; anything smaller reads «not enough answers»."""

ANONYMITY_THRESHOLD = 3


def rounded(value) -> float | None:
    return None if value is None else round(float(value), 2)


def anonymous_average(responses: int, average) -> float | None:
    """An average shown to others: withheld (None) when fewer than ANONYMITY_THRESHOLD
    responses make it, as one or two answers could be traced to their authors."""
    return rounded(average) if responses >= ANONYMITY_THRESHOLD else None
