"""Runs side by side (pinned runs, a sweep): their curves on one plot, a table of their final
numbers, and their regions as small multiples on the same axes and colour scale.

Small multiples predict a coarse grid: several at once would otherwise cost the server several
times the live view's regions, and a picture this small shows no finer boundary.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from mlp_core.datasets import Dataset
from mlp_core.sweep import MAX_VALUES, Row, row
from mlp_core.training import Snapshot, Trainer
from ui import presenter
from ui.figures.training import MAX_PINNED, runs_figure
from ui.i18n import LANG_KEY, t
from ui.studio.live import principal, readable_axes, regions_view, view_axes
from ui.studio.surface import line_view, surface_view

PICTURES = "studio.pictures"  # {id(run): (run, its view, its picture)}, as ui/state.py declares
MAX_PICTURES = MAX_PINNED + MAX_VALUES  # every pin and a whole sweep
SMALL_RESOLUTION = 40  # grid points across each small picture
SMALL_HEIGHT = 300  # px
PER_ROW = 3


def shown_features(ds: Dataset) -> tuple[int, int]:
    """The pair the live regions are drawn over (the student's choice, or the best pair)."""
    if ds.n_base_features <= 2:  # x1 x2 (never a hand-made feature), or a single feature
        return 0, min(1, ds.n_base_features - 1)
    best = readable_axes(ds)[0]
    ss = st.session_state
    chosen = tuple(b if ss.get(f"studio.{name}") is None else ss[f"studio.{name}"]
                   for name, b in (("feature_x", best[0]), ("feature_y", best[1])))
    ok = chosen[0] != chosen[1] and all(0 <= f < ds.n_features for f in chosen)
    return (int(chosen[0]), int(chosen[1])) if ok else best


def picture(run: Trainer | Snapshot, ds: Dataset, title: str) -> dict:
    """One small multiple: the run's regions (a regression's surface, or its line) over `ds`.

    Kept per run and view: the run view reruns on every button (Train, Step, ...), and pins and a
    sweep, once trained, do not change.
    """
    features = shown_features(ds)
    view = (title, features, principal(ds), id(ds), st.session_state.get(LANG_KEY))
    drawn = st.session_state.setdefault(PICTURES, {})
    kept = drawn.get(id(run))
    if kept is not None and kept[0] is run and kept[1] == view:
        return kept[2]
    option = _picture(run, ds, title, features)
    drawn[id(run)] = (run, view, option)  # the run itself kept: its id cannot go to another
    for stale in list(drawn)[:-MAX_PICTURES]:
        del drawn[stale]
    return option


def _picture(run: Trainer | Snapshot, ds: Dataset, title: str, features: tuple[int, int]) -> dict:
    if ds.regression and ds.n_features == 1:
        option = line_view(run, ds, view_axes(ds, (0, 0))[0])
    elif ds.regression:
        plane = readable_axes(ds)[1] if principal(ds) else None
        option = surface_view(run, ds, features, SMALL_RESOLUTION, plane,
                              view_axes(ds, features), height=SMALL_HEIGHT)
    else:
        option = regions_view(run, ds, features, SMALL_RESOLUTION, discrete=False,
                              height=SMALL_HEIGHT)
    # The live view above carries the legend; each small one says only whose it is.
    return dict(option, title=dict(option["title"], text=title),
                legend=dict(option["legend"], show=False))


def regions_grid(runs: Sequence[tuple[str, Trainer | Snapshot]], ds: Dataset, key: str) -> None:
    """The runs' pictures in rows of PER_ROW, each keyed f"{key}_{k}"."""
    for start in range(0, len(runs), PER_ROW):
        columns = st.columns(PER_ROW)
        for k, (title, run) in enumerate(runs[start:start + PER_ROW], start=start):
            with columns[k - start]:
                presenter.echart(picture(run, ds, title), key=f"{key}_{k}", height=SMALL_HEIGHT)


def scores_frame(names: Sequence[str], rows: Sequence[Row]) -> pd.DataFrame:
    """One line per run: its name, epochs run, final losses and scores, parameter count.

    A score sits in its own metric's columns (accuracy, R²): runs of both tasks may be pinned.
    """
    fig = "studio.fig."
    lines = []
    for name, r in zip(names, rows, strict=True):
        line = {t("studio.compare.run"): name, t("studio.compare.epochs"): r.epochs,
                t(fig + "train_loss"): r.train_loss, t(fig + "test_loss"): r.test_loss}
        suffix = "r2" if r.metric == "r2" else "accuracy"
        line |= {t(f"{fig}train_{suffix}"): r.train_score, t(f"{fig}test_{suffix}"): r.test_score}
        lines.append(line | {t("studio.compare.params"): r.params})
    frame = pd.DataFrame(lines)
    params = frame.pop(t("studio.compare.params"))  # last, after whichever scores there are
    return frame.assign(**{t("studio.compare.params"): params}).dropna(axis=1, how="all")


def table(names: Sequence[str], runs: Sequence[Trainer | Snapshot], key: str) -> None:
    frame = scores_frame(names, [row(r) for r in runs])
    # Four decimals, as every number on the pages (ui/format.py).
    floats = {c: st.column_config.NumberColumn(c, format="%.4f") for c in frame.columns
              if pd.api.types.is_float_dtype(frame[c])}
    presenter.table(frame, key=key, column_config=floats)


def curves(runs: Sequence[tuple[str, Trainer | Snapshot]], key: str, loss_title: str,
           metric: str) -> None:
    """The runs' loss curves (keyed `key`) and, beside them, the scores of those scored by
    `metric` ("accuracy" or "r2"; keyed f"{key}_score"): one plot each, one per row on a phone."""
    left, right = st.columns(2)
    scored = [(label, run) for label, run in runs if run.history.metric == metric]
    for where, name, title, shown, at in (
            (left, "loss", loss_title, runs, key),
            (right, metric, t(f"studio.compare.title_{metric}"), scored, f"{key}_score")):
        if shown:
            lines = [(label, *_series(run, name)) for label, run in shown]
            presenter.chart(runs_figure(lines, title, name), key=at, where=where)


def _series(run: Trainer | Snapshot, name: str) -> tuple[list[float], list[float]]:
    h = run.history
    if name == "loss":
        return h.train_loss, h.test_loss
    return h.train_acc, h.test_acc
