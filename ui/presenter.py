"""Presenter mode, for a projector: larger type and figures, high contrast, fewer controls.

The choice is a per-session switch ("app.present", in the sidebar or ?present=1 in a link) that
lasts across pages. Pages ask on() before drawing a control a projected class does not need, and
draw every figure through chart() (plotly) or echart() so figures grow with the type.
"""

from __future__ import annotations

import base64
import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, plotlyjsShortTypes, to_typed_array_spec

from ui.figures.plain import PlainFigure
from ui.format import fmt

PRESENT_KEY = "app.present"
FIGURE_FONT = 18  # px: readable from the back of a classroom
DEFAULT_FONT = 12  # px: ECharts' and plotly's size for a text left at its default
FIGURE_SCALE = 1.3  # figures grow with the type

# Static CSS (no user text in it): bigger root type scales everything Streamlit sizes in rem;
# black on white with heavier rules reads better through a washed-out projector.
STYLE = """
<style>
html { font-size: 21px; }
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { color: #000; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { line-height: 1.5; }
[data-testid="stMetricValue"] { font-size: 2.6rem; font-weight: 700; }
[data-testid="stCaptionContainer"] { color: #1a1a1a; }
hr { border-top: 2px solid #000; }
.katex { font-size: 1.35em; }
/* A lesson's name or a button's label wraps onto a second line rather than end in "...". */
[data-testid="stSidebar"] :is(span, p, label) { white-space: normal; overflow: visible;
  text-overflow: clip; }
</style>
"""
# On every screen. A long formula breaks after an = or a + as a sentence would (KaTeX cuts a
# formula into unbreakable parts there); a part wider than its box (a large matrix) scrolls inside
# the box, and a shadow on the side with more to see says so (a phone shows no scroll bar until
# touched): white covers that scroll with the formula hide each shadow at its end (the theme is
# light). A phone has no hover: plotly's toolbar would stay over the plot once touched, so it goes.
SCREEN = """
<style>
.katex-display > .katex, .katex-display > .katex > .katex-html { white-space: normal; }
.katex-display .base { margin-block: 0.2em; }
.katex-display { overflow-x: auto; overflow-y: hidden; scrollbar-width: thin;
  background: linear-gradient(to right, #fff 30%, #fff0) left / 2em 100% no-repeat local,
    linear-gradient(to left, #fff 30%, #fff0) right / 2em 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, #0003, #0000) left / 0.8em 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, #0003, #0000) right / 0.8em 100% no-repeat scroll; }
@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none; } }
</style>
"""


def on() -> bool:
    """Whether this session presents to a room."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def style() -> None:
    """Apply this run's look (app.py calls it once, before the page): what fits every screen,
    and the presenter look when presenting."""
    st.html(SCREEN + STYLE if on() else SCREEN)


def chart(fig, *, key: str, where=None, **kwargs) -> None:
    """st.plotly_chart, with larger type and height in presenter mode. A figure made ready()
    goes as it is, at a desk's size."""
    if not isinstance(fig, _AsBuilt):
        fig = _AsBuilt(presented(fig) if on() else fig)
    (where or st).plotly_chart(fig, key=key, **kwargs)


def ready(fig) -> go.Figure:
    """The figure as chart() sends it at a desk, made once: for a figure built once and shared
    by every session (read-only: Streamlit only reads what it is handed)."""
    return _AsBuilt(fig)


class _AsBuilt(go.Figure):
    """A figure handed to st.plotly_chart as the dict plotly's to_dict() gives, made for less.

    to_dict() deep-copies the whole figure, its template (Streamlit's, a few hundred nested
    values) too, and walks all of it for numpy arrays to write as base64; that costs more than
    building the figure, on every widget change of every student, in the one process a class
    shares. Here only the containers of the traces and the layout are copied (the caller's figure
    stays as it was) and the template, which holds no arrays, is passed on as it is: the same
    JSON (tests/test_presenter_chart.py). A PlainFigure no go.Figure was made of is sent from its
    builder's dicts, with the template plotly would have put in.
    """

    def __init__(self, fig: go.Figure | PlainFigure):  # nothing of plotly's own state is needed
        plain = fig.unbuilt() if isinstance(fig, PlainFigure) else None
        object.__setattr__(self, "_spec", _sendable(fig) if plain is None else _plain_spec(*plain))

    def to_dict(self) -> dict:
        return self._spec


def _sendable(fig: go.Figure | PlainFigure) -> dict:
    """fig.to_dict(), the template left uncopied."""
    if isinstance(fig, PlainFigure):
        fig = fig.figure
    spec = _spec(fig._data, fig._layout)
    if fig._frame_objs:
        spec["frames"] = _copied_for_json([frame._props for frame in fig._frame_objs])
    return spec


def _plain_spec(data: list[dict], layout: dict) -> dict:
    """What _sendable gives for go.Figure(data=data, layout=layout, _validate=False), without
    making the figure: its traces and layout as written, and the default template unless the
    layout names its own, as plotly adds it."""
    spec = _spec(data, layout)
    default = pio.templates.default
    if spec["layout"].get("template") is None and default is not None:
        spec["layout"]["template"] = (_registered_template(default) if isinstance(default, str)
                                      else default.to_plotly_json())
    return spec


def _spec(data: list[dict], layout: dict) -> dict:
    """{"data": ..., "layout": ...} copied for JSON; a template, which holds no arrays, shared."""
    in_place = {k: None if k == "template" else v for k, v in layout.items()}  # keeps its place
    spec = _copied_for_json({"data": data, "layout": in_place})
    if "template" in layout:
        spec["layout"]["template"] = layout["template"]
    return spec


@functools.lru_cache(maxsize=4)
def _registered_template(name: str) -> dict:
    """The registered template `name` as a figure's layout holds it (Streamlit's, on a server),
    made once: every figure's spec shares it, and nothing writes to a spec once it is sent."""
    return pio.templates[name].to_plotly_json()


def _copied_for_json(value, convert: bool = True):
    """Dicts and lists copied, all the way down, with plotly's convert_to_base64 applied to the
    copy: an array that is a dict's value written as a plotly.js typed array (base64), except
    under the keys plotly skips. Numbers and other values are shared."""
    if isinstance(value, dict):
        return {k: _value_for_json(v, convert and not is_skipped_key(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copied_for_json(v, convert) for v in value]
    return value


def _value_for_json(value, convert: bool):
    if convert and isinstance(value, np.ndarray):
        return _typed_array(value)
    if convert and is_homogeneous_array(value):
        return to_typed_array_spec(value)
    return _copied_for_json(value, convert)


def _typed_array(v: np.ndarray):
    """to_typed_array_spec(v) for a numpy array: a plain numeric one is written here, without
    the look at its type through narwhals that plotly takes for every array (more than the
    writing); plotly writes the rest (64-bit integers it narrows, empty and text arrays)."""
    short = plotlyjsShortTypes.get(v.dtype.name)
    if short is None or v.size == 0:
        return to_typed_array_spec(v)
    typed = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(v)).decode("ascii")}
    if v.ndim > 1:
        typed["shape"] = str(v.shape)[1:-1]
    return typed


def presented(fig):
    """The plotly figure `fig`, grown for a projector (in place, and returned)."""
    height = fig.layout.height
    # Streamlit's theme sizes ticks, axis titles and the legend itself, below the layout's font:
    # they are set here, every axis of a figure with two panels too.
    fig.update_layout(font_size=FIGURE_FONT, legend_font_size=FIGURE_FONT,
                      height=round(height * FIGURE_SCALE) if height else None)
    for axes in (fig.update_xaxes, fig.update_yaxes):
        axes(tickfont_size=FIGURE_FONT, title_font_size=FIGURE_FONT + 2)
    grow_fixed_text(fig, FIGURE_FONT / DEFAULT_FONT)
    return fig


def grow_fixed_text(fig, scale: float) -> None:
    """Grow the texts a figure sized itself (the network's x1, h1, +1 and its headings), which the
    layout's font size does not reach, and the markers such a text is written in, to match."""
    for trace in fig.data:
        size = getattr(getattr(trace, "textfont", None), "size", None)
        if isinstance(size, int | float):
            trace.textfont.size = round(size * scale)
            marker = trace.marker.size if "marker" in trace else None
            if isinstance(marker, int | float) and "text" in (trace.mode or ""):
                trace.marker.size = round(marker * scale)
    for note in fig.layout.annotations:
        if note.font.size:
            note.font.size = round(note.font.size * scale)


def table(frame, *, key: str, where=None, hide_index: bool = True, **kwargs) -> None:
    """st.dataframe at a desk; in presenter mode an st.table, whose type grows with the page's (a
    dataframe draws on a canvas at a fixed size), every float with four decimals. `frame` is a
    pandas or an Arrow table."""
    where = where or st
    if not on():
        where.dataframe(frame, key=key, hide_index=hide_index, **kwargs)
        return
    shown = frame.to_pandas() if isinstance(frame, pa.Table) else frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = [fmt(v) for v in shown[column]]
    where.table(shown, hide_index=hide_index)


def echart(option: dict, *, key: str, height: int) -> None:
    """st.echarts_chart, with larger type and height in presenter mode.

    Keyed, so a changed option updates the chart in every browser in place (live_charts.py).
    """
    option, height = sized(option, height)
    st.echarts_chart(option, key=key, height=height)


def sized(option: dict, height: int) -> tuple[dict, int]:
    """An ECharts option and its chart's height, grown in presenter mode (one frame of a
    playback is sized alone, before the frames become one option)."""
    if not on():
        return option, height
    return grown_plot(with_font(option, FIGURE_FONT), FIGURE_SCALE), round(height * FIGURE_SCALE)


def grown_plot(option: dict, scale: float) -> dict:
    """A copy whose plot sized in pixels (the regions, drawn at equal scale) grows with the
    chart, keeping its aspect; a plot sized by margins or percentages grows by itself."""
    grid = option.get("grid")
    if not isinstance(grid, dict) or not all(
            isinstance(grid.get(side), int | float) for side in ("width", "height", "top")):
        return option
    return dict(option, grid=dict(grid, **{side: round(grid[side] * scale)
                                           for side in ("width", "height", "top")}))


def with_font(option: dict, size: int) -> dict:
    """A copy of an ECharts option whose every text (titles, legend, axes) is `size` px."""
    text = dict(fontSize=size)

    def each(part):  # an option's component is one dict or a list of them
        return [dict(p) for p in part] if isinstance(part, list) else [dict(part)]

    option = dict(option, textStyle=text, legend=dict(option.get("legend", {}), textStyle=text))
    option["title"] = [dict(p, textStyle=dict(fontSize=size + 2)) for p in each(option["title"])]
    for name in ("xAxis", "yAxis"):  # an axis name moves out as far as its labels grow
        option[name] = [dict(a, axisLabel=dict(a.get("axisLabel", {}), **text), nameTextStyle=text,
                             nameGap=round(a.get("nameGap", 15) * size / DEFAULT_FONT))
                        for a in each(option[name])]
    # A plot sized by margins (the curves' panels) keeps room below for its grown tick labels and
    # axis name, so that the legend under them stays clear of the "epoch" title.
    grids = option.get("grid")
    if isinstance(grids, list):
        option["grid"] = [dict(g, bottom=round(g["bottom"] * size / DEFAULT_FONT))
                          if isinstance(g.get("bottom"), int | float) else g for g in grids]
    return option
