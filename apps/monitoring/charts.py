"""Charts for PDFs as plain SVG (WeasyPrint draws SVG; no JavaScript runs in a PDF)."""

BAR_HEIGHT = 16
GAP = 6
LABEL_WIDTH = 230
BAR_WIDTH = 300
COLOURS = {"green": "#198754", "amber": "#e0a800", "red": "#dc3545", "none": "#adb5bd"}


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
