"""A regression's charts, as ECharts options: the predicted surface with the samples coloured by
their target, predicted against true values, and the residuals.

Pure builders like live_charts.py, whose picture-on-a-plot layout the surface shares: the grid
travels as one small PNG stretched over a plot sized to scale. One diverging scale (palette.py's
sign colours) says "low" to "high" on the surface and on the points alike, with its colour bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ui.figures.live_charts import (
    AXIS_NAME_LENGTH,
    REGION_HEIGHT,
    TEST_COLOR,
    TRAIN_COLOR,
    _xy,
    picture_axes,
    png_data_url,
    region_plot,
)
from ui.figures.palette import NEGATIVE, NEUTRAL, POSITIVE, rgb
from ui.format import NAME_LENGTH, one_line
from ui.i18n import t

SCALE = (NEGATIVE, NEUTRAL, POSITIVE)  # low, middle, high
FIT_HEIGHT = 380  # px


def value_colors(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Values on the diverging scale, lo the low colour, the middle white, hi the high colour.

    values : (ny, nx) -> (ny, nx, 3) uint8 RGB; values beyond [lo, hi] take the end colours.
    """
    values = np.asarray(values, dtype=np.float64)
    share = np.clip((values - lo) / (hi - lo), 0.0, 1.0) if hi > lo else np.full_like(values, 0.5)
    stops = np.array([rgb(c) for c in SCALE], dtype=np.float64)  # (3, 3)
    channels = [np.interp(share, (0.0, 0.5, 1.0), stops[:, k]) for k in range(3)]
    return np.round(np.stack(channels, axis=-1)).astype(np.uint8)


def surface_chart(
    xs: np.ndarray,
    ys: np.ndarray,
    values: np.ndarray,
    parts: Sequence[tuple[str, np.ndarray, np.ndarray]],
    axis_names: tuple[str, str],
    value_range: tuple[float, float],
    untrained: bool = False,
    height: int = REGION_HEIGHT,
) -> dict:
    """The predicted value over the plane as shading, with the samples coloured by their target.

    xs : (nx,) and ys : (ny,) evenly spaced; values : (ny, nx) the prediction at (xs[j], ys[i]);
    parts : ("train" | "test", xy : (n, 2), target : (n,)) each; value_range : (lo, hi) of the
    colour scale, shared by the surface and the points. Train points round, test points
    diamonds; hovering a point shows its target.
    """
    values = np.asarray(values)
    if values.shape != (len(ys), len(xs)):
        raise ValueError(f"values must have shape ({len(ys)}, {len(xs)}), got {values.shape}.")
    lo, hi = value_range
    series = [dict(
        type="pictorialBar", name=t("studio.fig.surface"), xAxisIndex=0, yAxisIndex=0,
        symbol="image://" + png_data_url(value_colors(values, lo, hi)[::-1]),
        symbolSize=["100%", "100%"], barWidth="100%", data=[1], silent=True,
        tooltip=dict(show=False),
    )]
    for part, xy, target in parts:
        points = np.column_stack([np.asarray(xy, dtype=np.float64), target])
        series.append(dict(
            type="scatter", name=t(f"studio.fig.{part}"), xAxisIndex=1, yAxisIndex=1,
            symbol="circle" if part == "train" else "diamond", symbolSize=8, data=_xy(points),
            itemStyle=dict(borderColor="white" if part == "train" else "black",
                           borderWidth=0.8),
        ))
    title = "studio.fig.title_surface_untrained" if untrained else "studio.fig.title_surface"
    return dict(
        animation=False,
        title=dict(text=t(title), left="center"),
        tooltip=dict(trigger="item"),
        legend=dict(bottom=0, data=[s["name"] for s in series[1:]]),
        # The points' colour comes from their third number, the target, on the surface's scale.
        visualMap=dict(type="continuous", min=float(lo), max=float(hi), dimension=2,
                       seriesIndex=list(range(1, len(series))), calculable=False,
                       inRange=dict(color=list(SCALE)), orient="vertical", right=0,
                       top="middle", itemHeight=160, precision=2,
                       text=[f"{hi:.4g}", f"{lo:.4g}"]),  # its ends, high on top
        grid=region_plot(xs, ys, height),
        **picture_axes(xs, ys, axis_names),
        series=series,
    )


def _scatter_chart(title: str, x_name: str, y_name: str,
                   parts: Sequence[tuple[str, np.ndarray, np.ndarray]], line: list[list[float]],
                   line_name: str) -> dict:
    """Points of each part (train blue, test orange) and one reference line."""
    colors = {"train": TRAIN_COLOR, "test": TEST_COLOR}
    series = [dict(type="scatter", name=t(f"studio.fig.{part}"), color=colors[part],
                   symbolSize=6, data=_xy(np.column_stack([x, y])))
              for part, x, y in parts]
    series.append(dict(type="line", name=line_name, data=line, showSymbol=False, color="black",
                       lineStyle=dict(type="dashed", width=1), tooltip=dict(show=False)))
    return dict(
        animation=False,
        title=dict(text=title, left="center"),
        tooltip=dict(trigger="item"),
        legend=dict(bottom=0),
        grid=dict(left=70, right=30, top=45, bottom=80),
        xAxis=dict(type="value", name=x_name, nameLocation="middle", nameGap=28, scale=True),
        yAxis=dict(type="value", name=y_name, nameLocation="middle", nameGap=50, scale=True),
        series=series,
    )


def fit_chart(parts: Sequence[tuple[str, np.ndarray, np.ndarray]], target: str) -> dict:
    """Predicted against true values, with the line predicted = true a perfect fit would lie on.

    parts : ("train" | "test", true : (n,), predicted : (n,)) each, in the target's units.
    """
    target = one_line(target, NAME_LENGTH)  # a name an upload brought: one line, not too long
    every = np.concatenate([np.concatenate([true, pred]) for _, true, pred in parts])
    lo, hi = float(every.min()), float(every.max())
    return _scatter_chart(t("studio.fig.title_fit"), t("studio.fig.true_value", target=target),
                          t("studio.fig.predicted_value", target=target), parts,
                          [[lo, lo], [hi, hi]], t("studio.fig.perfect"))


def residuals_chart(parts: Sequence[tuple[str, np.ndarray, np.ndarray]], target: str) -> dict:
    """Each sample's residual (true - predicted) against its prediction, around the zero line.

    parts : ("train" | "test", true : (n,), predicted : (n,)) each, in the target's units.
    """
    target = one_line(target, NAME_LENGTH)
    shown = [(part, pred, true - pred) for part, true, pred in parts]
    every = np.concatenate([pred for _, pred, _ in shown])
    lo, hi = float(every.min()), float(every.max())
    return _scatter_chart(t("studio.fig.title_residuals"),
                          t("studio.fig.predicted_value", target=target),
                          t("studio.fig.residual"), shown, [[lo, 0.0], [hi, 0.0]],
                          t("studio.fig.zero"))


def line_chart(xs: np.ndarray, predicted: np.ndarray,
               parts: Sequence[tuple[str, np.ndarray, np.ndarray]], x_name: str,
               target: str, untrained: bool = False) -> dict:
    """One feature against the target: the network's prediction as a line through the samples.

    xs : (m,) the feature's values along the line; predicted : (m,) the prediction at each;
    parts : ("train" | "test", x : (n,), target : (n,)) each.
    """
    option = _scatter_chart(t("studio.fig.title_surface_untrained" if untrained
                              else "studio.fig.title_surface"), one_line(x_name, AXIS_NAME_LENGTH),
                            one_line(target, AXIS_NAME_LENGTH), parts,
                            _xy(np.column_stack([xs, predicted])), t("studio.fig.prediction"))
    line = option["series"][-1]
    line.update(color=NEGATIVE, lineStyle=dict(width=2))
    return option


def unit_map_surface(xs: np.ndarray, ys: np.ndarray, picture: np.ndarray, title: str,
                     train_xy: np.ndarray, train_target: np.ndarray,
                     axis_names: tuple[str, str]) -> dict:
    """One unit's map, large, for a regression: the surface chart's plane and points, the unit's
    picture (ny, nx, 3 uint8, row 0 at the top) in place of the predicted value."""
    lo, hi = float(np.min(train_target)), float(np.max(train_target))
    option = surface_chart(xs, ys, np.zeros((len(ys), len(xs))), [("train", train_xy,
                                                                  train_target)],
                           axis_names, (lo, hi))
    option["series"][0] = dict(option["series"][0], name=title,
                               symbol="image://" + png_data_url(picture))
    return dict(option, title=dict(option["title"], text=title))
