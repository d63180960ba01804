"""The adverse-impact table reshaped for charts: per question, the impact ratio of each
group at each step, against the four-fifths line.

Built from the rows the compliance page already shows (``eeo_reports.ImpactRow``), which
come through the one disclosure rule (``services/compliance/eeo_disclosure.py``), so a chart can never
show more than the table: a group whose counts are hidden has no ratio there and no bar here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careers_app.services.compliance.eeo_reports import ADVERSE, FOUR_FIFTHS, ImpactRow, comparison_groups
from careers_app.services.platform.reference import EEO_QUESTIONS


def chart_groups() -> dict[str, tuple[str, ...]]:
    """Per question label, the groups a chart can draw, in a fixed order (one bar key each)."""
    return {label: comparison_groups(field) for field, label, _ in EEO_QUESTIONS}


@dataclass(frozen=True)
class ChartRow:
    """One group at one step, as the table beside the chart shows it."""

    step: str
    group: str
    rate: str
    ratio: str
    flagged: bool  # adverse impact found (below four fifths and significant)


@dataclass(frozen=True)
class ImpactChart:
    field: str
    question: str
    data: list[dict[str, Any]]  # per step: {"step": ..., "g0": ratio, ...}; absent: no bar
    rows: list[ChartRow]
    bars: int  # bars drawn (groups with a ratio, over all steps)


def impact_charts(rows: tuple[ImpactRow, ...] | list[ImpactRow]) -> list[ImpactChart]:
    """One chart per question that has at least one step with two groups' ratios."""
    charts = []
    groups = chart_groups()
    for field, label, _ in EEO_QUESTIONS:
        keys = {g: f"g{i}" for i, g in enumerate(groups[label])}
        steps: dict[str, dict[str, Any]] = {}
        table = []
        for row in rows:
            if row.question != label or not row.impact_ratio or row.group not in keys:
                continue
            steps.setdefault(row.step, {"step": row.step})[keys[row.group]] = float(row.impact_ratio)
            table.append(ChartRow(row.step, row.group, row.rate, row.impact_ratio, row.verdict == ADVERSE))
        data = [d for d in steps.values() if len(d) > 2]  # a step with one ratio compares nothing
        shown = {d["step"] for d in data}
        table = [r for r in table if r.step in shown]
        if data:
            charts.append(ImpactChart(field, label, data, table, len(table)))
    return charts


__all__ = ["FOUR_FIFTHS", "ChartRow", "ImpactChart", "chart_groups", "impact_charts"]
