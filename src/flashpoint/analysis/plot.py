"""A dyad's series as a picture: weekly events by quad class, alert windows shaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flashpoint.analysis.monitor import DyadReport

EPOCH = date(1970, 1, 1)
QUAD_COLOURS = {1: "#4c9be8", 2: "#2e7d32", 3: "#f0a030", 4: "#c62828"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


def _days(day: date) -> float:
    """Matplotlib's date numbers: days since 1970-01-01."""
    return float((day - EPOCH).days)


def plot_dyad(report: DyadReport, path: str | Path) -> Path:
    """Write a stacked bar chart of the report's series to `path` (PNG or SVG)."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    periods = [_days(row.period) for row in report.rows]
    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    bottom = [0] * len(periods)
    width = {"day": 0.8, "week": 5.5, "month": 25.0}[report.by]
    for quad in (1, 2, 3, 4):
        values = [getattr(row, f"n_q{quad}") for row in report.rows]
        ax.bar(periods, values, width=width, bottom=bottom, color=QUAD_COLOURS[quad],
               label=QUAD_NAMES[quad])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for alert in report.alerts:
        ax.axvspan(_days(alert.start), _days(alert.end),
                   color="#c62828", alpha=0.12)
    ax.set_title(f"{report.a} - {report.b}: events per {report.by} "
                 f"(trend: {report.trend.label})")
    ax.set_ylabel("events (incidents counted once)")
    ax.xaxis_date()
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out)
    plt.close(fig)
    return out
