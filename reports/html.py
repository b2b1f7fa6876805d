"""index.html: the weekly report as one self-contained page (inline style, script and SVG, no fetches)."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from reports.stryker import THRESHOLDS

TEMPLATES = Path(__file__).parent / "templates"

# The page may load nothing from anywhere: a fetch it tries is blocked and shows as a console error,
# which the browser test fails on. Inline style and script are ours, generated with the page.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}%"


def grade(value: float | None) -> str:
    """A CSS class by Stryker's thresholds: good at or above high, bad below low."""
    if value is None:
        return "none"
    return "good" if value >= THRESHOLDS["high"] else "warn" if value >= THRESHOLDS["low"] else "bad"


def num(value: float | int | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def diff_class(line: str) -> str:
    if line.startswith(("+++", "---", "@@")):
        return "meta"
    return {"+": "add", "-": "del"}.get(line[:1], "")


def ticks(text: str) -> Markup:
    """`code` spans in a description (the store writes them markdown-style) as <code>, the rest escaped."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:                  # an unpaired backtick: show the text as it is
        return Markup(escape(text))
    return Markup("").join(Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.filters.update(ticks=ticks, pct=pct, grade=grade, num=num, duration=duration, diff_class=diff_class)


def render(view: dict) -> str:
    """The page for one week; `view` is what reports/weekly.py gathered (see its `_view`)."""
    return _env.get_template("index.html.j2").render(csp=CSP, **view)
