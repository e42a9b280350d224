"""The app's own HTML: tables that scroll sideways with their first column fixed, and preformatted text.

A Markdown table squeezes every column into the page's width, so thirteen
jurisdictions wrap each value over many lines.  These tables are HTML instead:
every text goes through :func:`html.escape`, every address is one the app built
(:func:`app.ui.href`), no script and no outside asset; the table scrolls inside
its own box and its first column (what each row is) stays in place.

They also stand in for the Streamlit elements that make a fresh page load a heavy
script before it is drawn: ``st.table`` (Arrow, moment and numbro, about 0.9 MB)
and ``st.code`` (a 1.5 MB syntax highlighter), for a few lines of text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from indexer.api import STATE_SYMBOL, CoverageState


@dataclass(frozen=True)
class Cell:
    """One cell: its text, the link it opens, a tooltip, further links (``+1``) and how it looks."""

    text: str
    href: str | None = None
    title: str | None = None
    more: tuple[tuple[str, str], ...] = ()  # (text, href) of further links in the same cell
    kind: str = ""  # "gap" (unknown: shown as a gap), "muted" (cannot apply), "" (a value)
    bar: tuple[tuple[CoverageState, int], ...] = ()  # a coverage bar before the text: states and their counts


# light and dark backgrounds of Streamlit's default themes: a fixed column needs an opaque one
_BACKGROUND = {"light": "#ffffff", "dark": "#0e1117"}

_STYLE = """
.lx-scroll {{ overflow-x: auto; max-width: 100%; border: 1px solid rgba(128, 128, 128, .3); border-radius: .5rem; }}
.lx-table {{ border-collapse: separate; border-spacing: 0; font-size: .85rem; line-height: 1.3; margin: 0; }}
.lx-table th, .lx-table td {{ padding: .2rem .45rem; border: 0; border-bottom: 1px solid rgba(128, 128, 128, .2);
  vertical-align: top; text-align: left; min-width: 6.5rem; }}
.lx-table thead th {{ white-space: nowrap; font-weight: 600; }}
.lx-table tbody th {{ font-weight: 600; min-width: 11rem; max-width: 16rem; }}
.lx-table tr > :first-child {{ position: sticky; left: 0; z-index: 1; background: {background};
  border-right: 1px solid rgba(128, 128, 128, .3); }}
.lx-table .lx-gap {{ color: #808495; background: repeating-linear-gradient(135deg, transparent 0 4px,
  rgba(128, 128, 128, .12) 4px 8px); text-align: center; }}
.lx-table .lx-muted {{ color: #808495; text-align: center; }}
.lx-table a {{ text-decoration: underline; }}
.lx-bar {{ display: inline-flex; width: 8rem; height: .7rem; margin-right: .4rem; vertical-align: middle;
  border: 1px solid rgba(128, 128, 128, .5); }}
.lx-bar > span {{ display: block; height: 100%; }}
.lx-bar .lx-provisions {{ background: #2e7d32; }}
.lx-bar .lx-none {{ background: #757575; }}
.lx-bar .lx-unknown {{ background: repeating-linear-gradient(135deg, transparent 0 3px,
  rgba(128, 128, 128, .45) 3px 5px); }}
.lx-bar .lx-n-a {{ background: rgba(128, 128, 128, .15); }}
"""

# a citation or an address to copy, as st.code showed it: a grey box, a monospace font, long lines wrapped
_PRE_STYLE = """
.lx-pre { background: rgba(128, 128, 128, .1); border-radius: .5rem; padding: .75rem 1rem; margin: 0;
  font-family: "Source Code Pro", monospace; font-size: .85rem; line-height: 1.5;
  white-space: pre-wrap; overflow-wrap: anywhere; user-select: all; }
"""


def _cell(tag: str, cell: Cell | str, scope: str = "") -> str:
    if isinstance(cell, str):
        cell = Cell(cell)
    inner = html.escape(cell.text)
    if cell.bar:
        inner = _bar(cell.bar) + inner
    if cell.href:
        inner = f'<a href="{html.escape(cell.href)}">{inner}</a>'
    inner += "".join(f' <a href="{html.escape(href)}">{html.escape(text)}</a>' for text, href in cell.more)
    attrs = f' class="lx-{cell.kind}"' if cell.kind else ""
    if cell.title:
        attrs += f' title="{html.escape(cell.title)}"'
    if scope:
        attrs += f' scope="{scope}"'
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _bar(parts: tuple[tuple[CoverageState, int], ...]) -> str:
    total = sum(n for _, n in parts) or 1
    spans = "".join(
        f'<span class="lx-{state.value.replace("/", "-")}" style="width: {100 * n / total:.1f}%"></span>'
        for state, n in parts
        if n
    )
    return f'<span class="lx-bar" aria-hidden="true">{spans}</span>'


#: a coverage state as a cell shows it (the symbol says it, colour only repeats it)
_SHORT = {CoverageState.none: "✕\u00a0none", CoverageState.unknown: "?", CoverageState.not_applicable: "–"}


def coverage_cell(state: CoverageState, records: int, href: str, note: str | None = None) -> Cell:
    """A jurisdiction × topic cell: ``● n`` records, ``✕ none``, ``?`` (a gap) or ``–`` (cannot apply, no link)."""
    if state is CoverageState.not_applicable:
        return Cell(_SHORT[state], title=note or STATE_SYMBOL[state], kind="muted")
    text = f"●\u00a0{records}" if state is CoverageState.provisions else _SHORT[state]
    return Cell(text, href=href, title=note or None, kind="gap" if state is CoverageState.unknown else "")


def link_table(
    rows: Sequence[Sequence[Cell | str]], *, index: Sequence[Cell | str], columns: Sequence[Cell | str], label: str
) -> str:
    """The HTML of a table whose first column (``index``) stays put while the rest scrolls sideways."""
    head = "".join(_cell("th", c, "col") for c in ["", *columns])
    body = "".join(
        "<tr>" + _cell("th", name, "row") + "".join(_cell("td", c) for c in row) + "</tr>"
        for name, row in zip(index, rows, strict=True)
    )
    return (
        f'<div class="lx-scroll" role="region" aria-label="{html.escape(label)}" tabindex="0">'
        f'<table class="lx-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def show(
    rows: Sequence[Sequence[Cell | str]], *, index: Sequence[Cell | str], columns: Sequence[Cell | str], label: str
) -> None:
    """Render :func:`link_table` (with its style, in the theme's background)."""
    theme = getattr(st.context.theme, "type", None) or "light"
    style = _STYLE.format(background=_BACKGROUND.get(theme, _BACKGROUND["light"]))
    _write(style, link_table(rows, index=index, columns=columns, label=label))


def preformatted_html(text: str, label: str) -> str:
    """The HTML of a block of text kept as it is (escaped), e.g. a citation or a link to copy."""
    return f'<pre class="lx-pre" aria-label="{html.escape(label)}">{html.escape(text)}</pre>'


def preformatted(text: str, label: str) -> None:
    """Render :func:`preformatted_html`: one click selects the whole text, ready to copy."""
    _write(_PRE_STYLE, preformatted_html(text, label))


def _write(style: str, body: str) -> None:
    """The app's one writer of HTML: ``body`` with its style."""
    st.html(f"<style>{style}</style>{body}")
