"""Charts: plain SVG for PDFs (WeasyPrint draws SVG; no JavaScript runs in a PDF), and
Chart.js configurations for the pages, built here so that every label is translated on the
server and static/js/monitoring.js only draws what the page hands it."""

from django.utils.translation import gettext as _

from apps.pairs.models import Pair

from .targets import TARGETS

BAR_HEIGHT = 16
GAP = 6
LABEL_WIDTH = 230
BAR_WIDTH = 300
COLOURS = {"green": "#198754", "amber": "#e0a800", "red": "#dc3545", "none": "#adb5bd"}
STATUS_COLOURS = {
    Pair.Status.PROPOSED: "#adb5bd",
    Pair.Status.APPROVED: "#6f42c1",
    Pair.Status.ACTIVE: "#0d6efd",
    Pair.Status.COMPLETED: "#198754",
    Pair.Status.DISSOLVED: "#dc3545",
}
SERIES_COLOURS = ["#0d6efd", "#20c997", "#6f42c1", "#fd7e14", "#dc3545", "#198754", "#6c757d", "#d63384"]


def target_bars(values) -> dict:
    """Horizontal bars of target percentages with their thresholds; for the svg template."""
    rows = []
    for index, value in enumerate(values):
        shown = min(value.percent or 0, 100)
        rows.append(
            {
                "label": str(value.target.label),
                "text": f"{value.percent} %" if value.percent is not None else "—",
                "y": index * (BAR_HEIGHT + GAP),
                "width": round(BAR_WIDTH * shown / 100),
                "threshold_x": LABEL_WIDTH + round(BAR_WIDTH * value.target.threshold / 100),
                "colour": COLOURS[value.state],
            }
        )
    return {
        "rows": rows,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "text_x": LABEL_WIDTH + BAR_WIDTH + 6,
    }


# --- Pages (Chart.js) ------------------------------------------------------------------


def _chart(kind: str, labels: list, datasets: list, *, stacked=False, horizontal=False, percent=False):
    value_axis = {"beginAtZero": True, "stacked": stacked, "ticks": {"precision": 0}}
    if percent:
        value_axis |= {"suggestedMax": 100, "title": {"display": True, "text": "%"}}
    category_axis = {"stacked": stacked}
    scales = {"x": value_axis, "y": category_axis} if horizontal else {"x": category_axis, "y": value_axis}
    return {
        "type": kind,
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "animation": False,
            "maintainAspectRatio": False,
            "indexAxis": "y" if horizontal else "x",
            "scales": scales,
        },
    }


def meetings_chart(rows: list[dict]) -> dict:
    """Meetings held and feedback given per month (rows of selectors.meetings_by_month)."""
    return _chart(
        "bar",
        [f"{row['month']:%m.%Y}" for row in rows],
        [
            {"label": _("Meetings"), "data": [r["meetings"] for r in rows], "backgroundColor": "#0d6efd"},
            {"label": _("Feedback"), "data": [r["feedback"] for r in rows], "backgroundColor": "#20c997"},
        ],
    )


def pairs_chart(pairs: dict) -> dict:
    """Pairs of each form, stacked by status (the table of selectors.pairs_by_form_and_status)."""
    return _chart(
        "bar",
        [row["form"] for row in pairs["rows"]],
        [
            {
                "label": str(status.label),
                "data": [row["counts"][index] for row in pairs["rows"]],
                "backgroundColor": STATUS_COLOURS[status],
            }
            for index, status in enumerate(pairs["statuses"])
        ],
        stacked=True,
        horizontal=True,
    )


def roadmap_chart(stages: list[dict]) -> dict:
    """Activities of each stage: done, overdue and still ahead."""
    return _chart(
        "bar",
        [stage["label"] for stage in stages],
        [
            {"label": _("Done"), "data": [s["done"] for s in stages], "backgroundColor": "#198754"},
            {"label": _("Overdue"), "data": [s["overdue"] for s in stages], "backgroundColor": "#dc3545"},
            {
                "label": _("Ahead"),
                "data": [s["total"] - s["done"] - s["overdue"] for s in stages],
                "backgroundColor": "#adb5bd",
            },
        ],
        stacked=True,
        horizontal=True,
    )


def trend_chart(trend: dict[str, list], quarters: list[str]) -> dict:
    """Each target's percentage over the last quarters (None where no snapshot exists)."""
    return _chart(
        "line",
        quarters,
        [
            {
                "label": str(target.label),
                "data": trend.get(target.code, []),
                "borderColor": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "backgroundColor": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "spanGaps": True,
            }
            for index, target in enumerate(TARGETS)
        ],
        percent=True,
    )
