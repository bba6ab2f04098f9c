"""Presenter mode, for a projector: larger type and figures, high contrast, fewer controls.

The choice is a per-session switch ("app.present", in the sidebar or ?present=1 in a link) that
lasts across pages. Pages ask on() before drawing a control a projected class does not need, and
draw every figure through chart() (plotly) or echart() so figures grow with the type.
"""

from __future__ import annotations

import streamlit as st

PRESENT_KEY = "app.present"
FIGURE_FONT = 18  # px: readable from the back of a classroom
DEFAULT_FONT = 12  # px: ECharts' size for axis labels
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
</style>
"""


def on() -> bool:
    """Whether this session presents to a room."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def style() -> None:
    """Apply the presenter look to this run (app.py calls it once, before the page)."""
    if on():
        st.html(STYLE)


def chart(fig, *, key: str, where=None, **kwargs) -> None:
    """st.plotly_chart, with larger type and height in presenter mode."""
    if on():
        height = fig.layout.height
        fig.update_layout(font_size=FIGURE_FONT,
                          height=round(height * FIGURE_SCALE) if height else None)
    (where or st).plotly_chart(fig, key=key, **kwargs)


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
    return option
