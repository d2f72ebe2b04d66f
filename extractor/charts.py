"""Inline SVG pictures of the panel for the self-contained report: no script, no external resource.

Two pictures, both drawn from ``outcomes.build_panel`` rows: for each region, the GDP growth target
against its outcome over the years; and the GDP growth target of every government level per year
(the escalation between levels). Every text that comes from a report is escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from extractor.outcomes import PanelRow

_W, _H, _PAD = 360, 180, 34
_LEVEL_ORDER = ("national", "province", "prefecture", "county")
_LEVEL_COLOUR = {"national": "#b2182b", "province": "#ef8a62", "prefecture": "#67a9cf", "county": "#2166ac"}


Axis = Callable[[float], float]


def _scale(values: Sequence[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    return lo, hi


def _frame(title: str, years: list[int], lo: float, hi: float, unit: str) -> tuple[list[str], Axis, Axis]:
    def x(year: float) -> float:
        if len(years) == 1:
            return _W / 2
        return _PAD + (year - years[0]) / (years[-1] - years[0]) * (_W - 2 * _PAD)

    def y(value: float) -> float:
        return _H - _PAD + 8 - (value - lo) / (hi - lo) * (_H - 2 * _PAD)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_PAD}" y="14" font-size="12">{escape(title)}</text>',
        f'<line x1="{_PAD}" y1="{_H - _PAD + 8}" x2="{_W - _PAD}" y2="{_H - _PAD + 8}" stroke="#999"/>',
        f'<text x="4" y="{y(hi) + 4:.1f}" font-size="10">{hi:g}{escape(unit)}</text>',
        f'<text x="4" y="{y(lo) + 4:.1f}" font-size="10">{lo:g}{escape(unit)}</text>',
    ]
    for year in years:
        parts.append(f'<text x="{x(year) - 12:.1f}" y="{_H - 6}" font-size="10">{year}</text>')
    return parts, x, y


def target_and_outcome(rows: Sequence[PanelRow], region: str) -> Markup | None:
    """GDP growth target (hollow marker, its bound as a short bar) and outcome (filled) per year."""
    cells = sorted(
        (r for r in rows if r.region == region and r.indicator_id == "gdp" and r.metric == "growth"),
        key=lambda r: r.year,
    )
    cells = [r for r in cells if r.target_value is not None or r.outcome_value is not None]
    if not cells:
        return None
    values = [v for r in cells for v in (r.target_value, r.target_value_high, r.outcome_value) if v is not None]
    lo, hi = _scale(values)
    years = [r.year for r in cells]
    parts, x, y = _frame(f"{region}: GDP growth target ○ and outcome ●", years, lo, hi, "%")
    for r in cells:
        if r.target_value is not None:
            top = r.target_value_high if r.target_value_high is not None else r.target_value
            parts.append(
                f'<line x1="{x(r.year):.1f}" y1="{y(r.target_value):.1f}" x2="{x(r.year):.1f}" y2="{y(top):.1f}" '
                'stroke="#555" stroke-width="3"/>'
            )
            parts.append(
                f'<circle cx="{x(r.year):.1f}" cy="{y(r.target_value):.1f}" r="5" fill="white" stroke="#333">'
                f"<title>{r.year} target {r.target_value:g}% {escape(r.qualifier or '')}</title></circle>"
            )
        if r.outcome_value is not None:
            colour = {"true": "#1a9850", "false": "#d73027"}.get(r.met, "#777")
            parts.append(
                f'<circle cx="{x(r.year):.1f}" cy="{y(r.outcome_value):.1f}" r="4" fill="{colour}">'
                f"<title>{r.year} outcome {r.outcome_value:g}% (met: {r.met})</title></circle>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def escalation(rows: Sequence[PanelRow]) -> Markup | None:
    """GDP growth targets of every level, per year: the higher governments' above or below the lower's."""
    cells = [r for r in rows if r.indicator_id == "gdp" and r.metric == "growth" and r.target_value is not None]
    if not cells:
        return None
    by_level: dict[str, list[PanelRow]] = defaultdict(list)
    for r in cells:
        by_level[r.region_level or "county"].append(r)
    years = sorted({r.year for r in cells})
    values = [r.target_value for r in cells if r.target_value is not None]
    lo, hi = _scale(values)
    parts, x, y = _frame("GDP growth targets by level of government", years, lo, hi, "%")
    for index, level in enumerate(_LEVEL_ORDER):
        colour = _LEVEL_COLOUR[level]
        for r in by_level.get(level, []):
            assert r.target_value is not None
            parts.append(
                f'<circle cx="{x(r.year) + (index - 1.5) * 4:.1f}" cy="{y(r.target_value):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(r.region or '')} {r.year}: {r.target_value:g}%</title></circle>"
            )
        parts.append(f'<text x="{_W - 80}" y="{30 + index * 12}" font-size="10" fill="{colour}">● {level}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
