"""The studio's live charts, loss/accuracy curves and decision regions, as ECharts options.

ECharts (st.echarts_chart) rather than plotly, as the app's other figures: a keyed ECharts chart
keeps its chart in the browser and updates it in place when the option changes, while a plotly
chart with a new figure is a new element that every tab mounts and draws from scratch, twice.
Every live tick and every Train changes both charts, so this sets the live view's speed: about
twice the redraws a second of a plotly chart, for the same browser CPU.

Pure builders: arrays in, a JSON-ready option dict out, no animation (a redraw is a new state of
the run, not a transition). The regions' grid travels as one small PNG, drawn in one call.
Colours come from palette.py; words from the catalogue ([studio.fig]).
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ui.figures.palette import NEGATIVE, POSITIVE, class_color, mix, rgb
from ui.format import NAME_LENGTH, POWER_OF_TEN, distinct, log_scale, one_line
from ui.i18n import t

TRAIN_COLOR, TEST_COLOR = POSITIVE, NEGATIVE
LR_COLOR = "#616161"  # the learning rate's thin line: grey, apart from the two sign colours
LR_FORMAT = "%.4g"  # a scheduled lr falls through decades: significant digits, not decimals
CURVE_HEIGHT, REGION_HEIGHT, CONFUSION_HEIGHT = 320, 480, 300  # px, given to st.echarts_chart
# Strength of a class colour at the least and the most confident grid point (0 = white): the
# regions' colour says the winning class and, by its strength, how sure the network is.
PALE, STRONG = 0.12, 0.6
HIDDEN = "rgba(0,0,0,0)"  # the fill of a hollow marker
# A loss in the hover as ui.format.fmt writes it on the page: four decimals, or on the log scale
# 4 significant digits (4.028e+32). printf formats, which st.echarts_chart's valueFormatter reads.
LOSS_FORMAT, LOG_LOSS_FORMAT = "%.4f", "%.4g"
AXIS_NAME_LENGTH = NAME_LENGTH  # a feature's name (standardized: the studio's caption says so)
# The samples' axes: no grid lines across the colours, and no label at the grid's odd edges.
SAMPLE_AXIS = dict(type="value", nameLocation="middle", splitLine=dict(show=False),
                   axisLabel=dict(showMinLabel=False, showMaxLabel=False))


@dataclass(frozen=True)
class PointSet:
    """Samples drawn on the regions: two chosen feature columns, labels, which are wrong.

    xy : (n, 2); y : (n,) class indices; wrong : (n,) bool, True where the model errs
    """

    xy: np.ndarray
    y: np.ndarray
    wrong: np.ndarray


def curves_chart(
    train_loss: Sequence[float], test_loss: Sequence[float] | None,
    train_acc: Sequence[float], test_acc: Sequence[float] | None, score: str = "accuracy",
    heading: str | None = None, log: bool | None = None, lr: Sequence[float] | None = None,
    early: tuple[int, int] | None = None,
) -> dict:
    """Loss (left panel) and accuracy (right) against the epoch (1, 2, ...); hover shows values.

    `lr`: each epoch's learning rate, drawn over the loss as a thin dashed line on its own axis
    (on the right of the loss panel, from 0), so a schedule's steps line up with the loss's.
    `early`: (best epoch, stop epoch) of an early stop, each marked on the test loss's panel by a
    dashed vertical line with its label (stop_marks).

    score "r2": the right panel is a regression's R^2 (1 at best, below 0 worse than the mean).
    `heading`: a line above both panels (a playback's frame says its epoch and numbers there).
    The loss axis is logarithmic when the losses span decades (format.log_scale; `log` decides
    instead, so that every frame of a playback is drawn on its last frame's axis): a diverging
    run's last epochs would otherwise press every earlier one flat onto zero. ECharts' own log
    axis writes 1e+20 as 100,000,000,000,000,000,000 and no function may format it from here, so
    the curve is drawn at log10(loss) on a value axis whose ticks read 1e0, 1e10, 1e20 (one
    template); the hover reads the loss itself, a third value of each point.
    """
    epoch, series = t("studio.fig.epoch"), []
    log = log_scale(train_loss, test_loss) if log is None else log
    panels = (("loss", train_loss, test_loss), (score, train_acc, test_acc))
    for panel, (quantity, train, test) in enumerate(panels):
        for part, values, color in (("train", train, TRAIN_COLOR), ("test", test, TEST_COLOR)):
            if values is None or len(values) == 0:
                continue
            line = dict(
                type="line", name=t(f"studio.fig.{part}_{quantity}"), color=color,
                xAxisIndex=panel, yAxisIndex=panel, showSymbol=len(values) < 60, symbolSize=4,
                data=[[e, float(v)] for e, v in enumerate(values, start=1)],
            )
            if quantity == "loss":
                line["tooltip"] = dict(valueFormatter=LOG_LOSS_FORMAT if log else LOSS_FORMAT)
                if part == "test" and early is not None:
                    line["markLine"] = stop_marks(*early)
                if log:
                    line["data"] = [[e, math.log10(v), v] for e, v in line["data"]]
                    line["encode"] = dict(x=0, y=1, tooltip=[2])
            series.append(line)
    if lr is not None and len(lr):
        series.append(dict(
            type="line", name=t("studio.fig.lr"), color=LR_COLOR, xAxisIndex=0, yAxisIndex=2,
            # A step at each epoch: the lr holds for a whole epoch (the schedule steps per epoch).
            step="end", showSymbol=False, lineStyle=dict(width=1.5, type="dashed"), z=1,
            tooltip=dict(valueFormatter=LR_FORMAT),
            data=[[e, float(v)] for e, v in enumerate(lr, start=1)]))
    below = 0 if heading is None else HEADING_PX
    titles = [dict(text=t("studio.fig.title_loss_log" if log else "studio.fig.title_loss"),
                   left="26%", textAlign="center", top=below),
              dict(text=t(f"studio.fig.title_{score}"), left="76%", textAlign="center", top=below)]
    return dict(
        animation=False,
        title=titles + ([] if heading is None else [dict(text=heading, left="center", top=0)]),
        tooltip=dict(trigger="axis"),
        legend=dict(bottom=0),
        grid=[dict(left="7%", width="38%", top=45 + below, bottom=75),
              dict(left="57%", width="38%", top=45 + below, bottom=75)],
        xAxis=[_axis(panel, epoch, minInterval=1) for panel in (0, 1)],
        # On the log scale the title names the axis: its ticks' labels are longer.
        yAxis=[_axis(0, "", scale=True, minInterval=1, axisLabel=dict(formatter=POWER_OF_TEN))
               if log else _axis(0, t("studio.fig.loss"), scale=True),
               _axis(1, t(f"studio.fig.{score}"), max=1,
                     **({"min": 0} if score == "accuracy" else {"scale": True}))]
        + ([] if lr is None or not len(lr) else [_lr_axis()]),
        series=series,
    )


HEADING_PX = 28  # a heading's line above the curves' panels
# An early stop's marks: Okabe-Ito's bluish green, neither the train's blue nor the test's
# vermillion.
STOP_COLOR = "#009E73"


def stop_marks(best: int, stopped: int) -> dict:
    """An ECharts markLine: dashed vertical lines at the best epoch (its label low on the line)
    and at the epoch training stopped (its label high), so that the two never overlap."""
    marks = (("best_epoch", best, "insideStartTop"), ("stopped_at", stopped, "insideEndTop"))
    return dict(symbol="none", silent=True, animation=False, data=[
        dict(xAxis=epoch, label=dict(formatter=t(f"studio.fig.{name}", epoch=epoch),
                                     position=position, color=STOP_COLOR),
             lineStyle=dict(color=STOP_COLOR, type="dashed", width=1.5))
        for name, epoch, position in marks])


def timeline(frames: Sequence[dict], interval_ms: int) -> dict:
    """Options alike but for their titles and series, as one option the browser plays by itself:
    a frame every `interval_ms`, held on the last, with no server round trip.

    The timeline's own control is hidden: each chart of a run plays the same frames in step, and
    a scrubber on one would move it alone (the replay slider moves them all once it is over).
    ECharts merges each frame into what is on screen, component by component (series by their
    place): so every frame has as many series as the longest (the rest empty, or the last
    frame's rings would stay), and after the first, a frame carries only what changed since the
    one before it (the samples' points travel once, not once a frame).
    """
    longest = max((frame["series"] for frame in frames), key=len)
    whole = [dict(title=_listed(frame["title"]), series=[
        *frame["series"], *(dict(s, data=[]) for s in longest[len(frame["series"]):])])
        for frame in frames]
    base = {key: value for key, value in frames[-1].items() if key not in ("title", "series")}
    base["timeline"] = dict(axisType="category", show=False, autoPlay=True, loop=False,
                            playInterval=interval_ms, data=list(range(len(frames))))
    changes = [{name: [_changed(part, before) for part, before in zip(frame[name], last[name],
                                                                       strict=True)]
                for name in ("title", "series")} for last, frame in pairwise(whole)]
    return dict(baseOption=base, options=[whole[0], *changes])


def _listed(part: dict | list[dict]) -> list[dict]:
    return part if isinstance(part, list) else [part]


def _changed(part: dict, before: dict) -> dict:
    """The keys of one component whose values differ from before (its type always)."""
    return {key: value for key, value in part.items()
            if key == "type" or before.get(key) != value}


def confusion_chart(matrices: Sequence[tuple[str, np.ndarray]], class_names: Sequence[str],
                    normalized: bool = False) -> dict:
    """Confusion matrices side by side, numbers written in, shaded as their tables are
    (training.confusion_table): rows the true class (the first on top), columns the predicted.

    matrices : (title, (n_classes, n_classes) counts, or row shares when `normalized`) each. The
    tables as a chart, so that a playback's frames of them play in the browser.
    """
    names = [one_line(name, NAME_LENGTH) for name in distinct(class_names)]
    width = 90 / len(matrices)
    grids, x_axes, y_axes, titles, series = [], [], [], [], []
    for k, (title, cm) in enumerate(matrices):
        top = 1.0 if normalized else max(float(np.max(cm)), 1.0)
        titles.append(dict(text=title, left=f"{5 + width * (k + 0.5)}%", textAlign="center",
                           textStyle=dict(fontSize=13)))
        grids.append(dict(left=f"{5 + width * k + 8}%", width=f"{width - 12}%", top=80,
                          bottom=10))
        x_axes.append(dict(type="category", gridIndex=k, data=names, position="top",
                           name=t("studio.fig.cm_predicted"), nameLocation="middle", nameGap=28))
        y_axes.append(dict(type="category", gridIndex=k, data=names, inverse=True,
                           name=t("studio.fig.cm_true"), nameLocation="middle", nameGap=50))
        series.append(dict(type="heatmap", xAxisIndex=k, yAxisIndex=k, silent=True, data=[
            dict(value=[j, i, round(float(count), 2) if normalized else int(count)],
                 itemStyle=dict(color=mix(POSITIVE, count / top), borderColor="white"),
                 label=dict(color="white" if count / top > 0.5 else "black"))
            for (i, j), count in np.ndenumerate(np.asarray(cm))],
            label=dict(show=True)))
    return dict(animation=False, title=titles, grid=grids, xAxis=x_axes, yAxis=y_axes,
                series=series)


def _lr_axis() -> dict:
    """The learning rate's axis: the loss panel's right edge, named at its top, no grid lines."""
    return dict(type="value", gridIndex=0, position="right", name=t("studio.fig.lr"),
                nameLocation="end", min=0, splitLine=dict(show=False),
                axisLine=dict(show=True, lineStyle=dict(color=LR_COLOR)),
                axisLabel=dict(color=LR_COLOR))


def _axis(grid: int, name: str, **extra) -> dict:
    return dict(type="value", gridIndex=grid, name=name, nameLocation="middle", nameGap=30) | extra


def region_shading(proba: np.ndarray, discrete: bool = False) -> np.ndarray:
    """Winning class plus its confidence, the value the regions are coloured by.

    proba : (ny, nx, n_classes) -> (ny, nx) float in [c, c + 1) for winning class c; the
    fraction is (p_max - 1/C) / (1 - 1/C) (0 = a coin toss, 1 = certain), or 0.5 when discrete.
    """
    proba = np.asarray(proba, dtype=np.float64)
    n_classes = proba.shape[-1]
    winner = proba.argmax(axis=-1)
    if discrete:
        confidence = np.full(winner.shape, 0.5)
    else:
        chance = 1.0 / n_classes
        confidence = (proba.max(axis=-1) - chance) / (1.0 - chance)
    # Kept below 1 so a certain point stays in its own class's band of the colours.
    return winner + np.clip(confidence, 0.0, 0.999)


def region_colors(proba: np.ndarray, discrete: bool = False) -> np.ndarray:
    """The regions' picture: each grid point in its winning class's colour, stronger when surer.

    proba : (ny, nx, n_classes) -> (ny, nx, 3) uint8 RGB, row j for ys[j] (bottom row first).
    The class colour is mixed with white from PALE (a coin toss) to STRONG (certain), as
    palette.mix does for one colour; with `discrete`, halfway for every point.
    """
    shading = region_shading(proba, discrete)
    winner = np.floor(shading).astype(np.intp)
    amount = PALE + (STRONG - PALE) * np.nan_to_num(shading - winner)
    colors = np.array([rgb(class_color(c)) for c in range(proba.shape[-1])], dtype=np.float64)
    return np.round(255 + amount[..., None] * (colors[winner] - 255)).astype(np.uint8)


def png_data_url(image: np.ndarray) -> str:
    """An (height, width, 3) uint8 RGB array as a PNG data URL, its row 0 at the top.

    Written here rather than by PIL: for pictures this small PIL's own overhead is most of its
    time, and a playback encodes one picture a frame. Each row is stored as its difference from
    the row above (PNG's "Up" filter: the regions' colours change little from row to row, so
    the differences are mostly zeros) and compressed lightly.
    """
    image = np.asarray(image, dtype=np.uint8)
    height, width, _ = image.shape
    rows = image.reshape(height, 3 * width)
    filtered = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    filtered[:, 0] = PNG_UP
    filtered[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # modulo 256, as PNG reads it
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    data = b"".join((PNG_SIGNATURE, _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", zlib.compress(filtered.tobytes(), 1)),
                     _png_chunk(b"IEND", b"")))
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


PNG_SIGNATURE, PNG_UP = b"\x89PNG\r\n\x1a\n", 2


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: its length, its type, its body and their CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def regions_chart(
    xs: np.ndarray,
    ys: np.ndarray,
    proba: np.ndarray,
    train: PointSet,
    test: PointSet | None,
    class_names: Sequence[str],
    axis_names: tuple[str, str],
    discrete: bool = False,
    untrained: bool = False,
    height: int = REGION_HEIGHT,
) -> dict:
    """Decision regions coloured by the winning class's probability, with the samples on top.

    xs : (nx,) and ys : (ny,) evenly spaced; proba : (ny, nx, n_classes). Train points filled,
    test points hollow; misclassified points (train or test) circled in black, unless the
    network is `untrained` (its guesses are not mistakes yet: the title says so instead). The
    grid is a picture, one pixel a grid point (region_colors), stretched over the plot; the
    samples sit on value axes over the same area, from the first cell's edge to the last's. The
    plot is sized in pixels (region_plot), one data unit as long across as up, for a chart
    `height` px tall.
    """
    (option,) = regions_charts(xs, ys, np.asarray(proba)[None], [train], [test], class_names,
                               axis_names, discrete, [untrained], height)
    return option


def regions_charts(
    xs: np.ndarray,
    ys: np.ndarray,
    probas: np.ndarray,
    trains: Sequence[PointSet],
    tests: Sequence[PointSet | None],
    class_names: Sequence[str],
    axis_names: tuple[str, str],
    discrete: bool = False,
    untrained: Sequence[bool] = (),
    height: int = REGION_HEIGHT,
) -> list[dict]:
    """regions_chart of each frame of a playback, on one grid: probas : (frames, ny, nx,
    n_classes); trains, tests : each frame's PointSet (the same samples, each frame's mistakes);
    untrained : each frame's (default: none). What every frame shares (the samples, the axes,
    the texts) is made once, and the pictures' colours in one pass.
    """
    n_classes = len(class_names)
    # ECharts writes texts on its canvas and escapes its tooltips: names need only be one line
    # each, and distinct, since the legend finds a series by its name.
    class_names = distinct(class_names)
    if probas.shape[1:] != (len(ys), len(xs), n_classes):
        raise ValueError(
            f"proba must have shape ({len(ys)}, {len(xs)}, {n_classes}), got {probas.shape[1:]}."
        )
    untrained = list(untrained) or [False] * len(probas)
    samples = []
    for key, points, hollow in (("train", trains[0], False), ("test", tests[0], True)):
        if points is None:
            continue
        part = t(f"studio.fig.{key}")
        for c in range(n_classes):
            mine = points.y == c
            if not mine.any():
                continue
            color = class_color(c)
            samples.append(dict(
                type="scatter", name=t("studio.fig.class_part", name=class_names[c], part=part),
                xAxisIndex=1, yAxisIndex=1, symbolSize=7, data=_xy(points.xy[mine]),
                itemStyle=dict(color=HIDDEN if hollow else color,
                               borderColor=color if hollow else "white",
                               borderWidth=1.5 if hollow else 0.5),
            ))
    picture_name, wrong_name = t("studio.fig.regions"), t("studio.fig.misclassified")
    titles = {flag: dict(text=t(UNTRAINED if flag else TRAINED), left="center")
              for flag in (False, True)}
    names = [s["name"] for s in samples]
    # One line, paged: ten classes' legend would wrap over the axis (Digits).
    legends = {ringed: dict(bottom=0, type="scroll", data=names + [wrong_name] * ringed)
               for ringed in (False, True)}
    plot, axes = region_plot(xs, ys, height), picture_axes(xs, ys, axis_names)
    # One picture stretched over the grid, not a heatmap of cells: a browser draws 10,000 cells
    # one by one (~0.8 s of CPU a Train, half of a tab's whole Train) and an image in one call.
    # The picture's pixels are the grid's points, so its edges are the first and last cells'.
    pictures = region_colors(probas, discrete)[:, ::-1]
    options = []
    for picture, train, test, fresh in zip(pictures, trains, tests, untrained, strict=True):
        series = [dict(
            type="pictorialBar", name=picture_name, xAxisIndex=0, yAxisIndex=0,
            symbol="image://" + png_data_url(np.ascontiguousarray(picture)),
            symbolSize=["100%", "100%"], barWidth="100%", data=[1], silent=True,
            tooltip=dict(show=False),
        ), *samples]
        wrong = [p.xy[p.wrong] for p in (train, test) if p is not None and p.wrong.any()]
        ringed = bool(wrong) and not fresh
        if ringed:
            series.append(dict(
                type="scatter", name=wrong_name, xAxisIndex=1, yAxisIndex=1,
                symbolSize=13, data=_xy(np.concatenate(wrong)), z=3, tooltip=dict(show=False),
                itemStyle=dict(color=HIDDEN, borderColor="black", borderWidth=2),
            ))
        options.append(dict(
            animation=False,
            title=titles[fresh],
            tooltip=dict(trigger="item"),
            legend=legends[ringed],
            grid=plot,
            **axes,
            series=series,
        ))
    return options


def picture_axes(xs: np.ndarray, ys: np.ndarray, axis_names: tuple[str, str]) -> dict:
    """xAxis and yAxis of a grid's picture (index 0) with samples over it (index 1).

    The picture's axes: one category as wide as the grid, a value axis as tall as it; the
    samples' axes run from the first cell's edge to the last's.
    """
    half_x, half_y = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    x_name, y_name = (one_line(name, AXIS_NAME_LENGTH) for name in axis_names)
    return dict(
        xAxis=[dict(type="category", show=False, data=[0]),
               dict(SAMPLE_AXIS, name=x_name, position="bottom", nameGap=28,
                    min=float(xs[0] - half_x), max=float(xs[-1] + half_x))],
        yAxis=[dict(type="value", show=False, min=0, max=1),
               dict(SAMPLE_AXIS, name=y_name, position="left", nameGap=40,
                    min=float(ys[0] - half_y), max=float(ys[-1] + half_y))],
    )


TRAINED, UNTRAINED = "studio.fig.title_regions", "studio.fig.title_untrained"
REGION_TOP, REGION_BOTTOM = 45, 80  # px above the plot (the title) and below it (axis, legend)


def region_plot(xs: np.ndarray, ys: np.ndarray, height: int) -> dict:
    """The regions' plot area in pixels, one data unit as long across as up, centred.

    xs : (nx,) and ys : (ny,) evenly spaced grid points; the plot spans them from the first
    cell's edge to the last's, as the samples' axes do.

    ECharts stretches a grid given in percentages or margins to the container's width, which
    the server does not know; a grid sized in pixels keeps its aspect in any container. Its
    height is what the chart's height leaves between the title and the legend. No outer bounds:
    ECharts 6 (and Streamlit's theme) would shrink the plot by its axis labels' size, unevenly.
    """
    tall = height - REGION_TOP - REGION_BOTTOM
    # Cells of equal size: nx cells across and ny up, each as wide in data as the grid's step.
    wide = tall * len(xs) * (xs[1] - xs[0]) / (len(ys) * (ys[1] - ys[0]))
    return dict(left="center", top=REGION_TOP, width=round(wide), height=tall,
                outerBoundsMode="none", containLabel=False)



def _xy(xy: np.ndarray) -> list[list[float]]:
    """Sample coordinates as plain lists (JSON), to the 6 digits a hover shows."""
    return np.round(np.asarray(xy, dtype=np.float64), 6).tolist()
