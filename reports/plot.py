"""The score trend as an inline SVG line plot: no script, no network, readable with styles off."""
from __future__ import annotations

from markupsafe import escape

WIDTH, HEIGHT = 760, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 14, 34          # margins for the axis labels
MAX_LABELS = 10                                     # week labels on the x axis before thinning them


def _x(i: int, n: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner / 2 if n == 1 else inner * i / (n - 1))


def _y(score: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100.0)


def trend_svg(points: list[tuple[str, float | None]], title: str = "Mutation score by week") -> str:
    """An SVG of score (percent, 0..100) per week; a week with no score leaves a gap in the line."""
    n = len(points)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="ylabel" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}%</text>')
    if n == 0:
        out.append(f'<text class="empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no weeks yet</text>')
        return "\n".join(out + ["</svg>"])
    segments: list[list[str]] = [[]]
    for i, (_, s) in enumerate(points):
        if s is None:
            segments.append([])
        else:
            segments[-1].append(f"{_x(i, n):.1f},{_y(s):.1f}")
    for seg in segments:
        if len(seg) > 1:
            out.append(f'<polyline class="line" fill="none" points="{" ".join(seg)}"/>')
    step = max(1, -(-n // MAX_LABELS))
    for i, (week, s) in enumerate(points):
        x = _x(i, n)
        if i % step == 0 or i == n - 1:
            anchor = "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"   # stay inside
            out.append(f'<text class="xlabel" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}">'
                       f"{escape(week)}</text>")
        if s is not None:
            out.append(f'<circle class="point" cx="{x:.1f}" cy="{_y(s):.1f}" r="4">'
                       f"<title>{escape(week)}: {s:.1f}%</title></circle>")
    return "\n".join(out + ["</svg>"])
