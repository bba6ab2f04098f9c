"""What a run got right and wrong: confusion matrices, per-class scores, one prediction."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import streamlit as st

from mlp_core.datasets import Dataset
from mlp_core.metrics import confusion_matrix, per_class_report, row_normalize
from mlp_core.training import Trainer
from ui import presenter, styled_table
from ui.figures.live_charts import CONFUSION_HEIGHT, confusion_chart
from ui.figures.training import confusion_table, proba_bars
from ui.format import distinct, plain_names
from ui.i18n import language, t
from ui.shared import Shared
from ui.studio import controls, data, settings
from ui.studio.replay import Playback
from ui.styled_table import StyledTable

MAX_SAMPLE_INPUTS = 16  # beyond this (digits: 64 pixels) a sample is picked, not typed


def _parts(ds: Dataset) -> list[tuple[str, np.ndarray, np.ndarray]]:
    parts = [("train", ds.X_train, ds.y_train)]
    return [*parts, ("test", ds.X_test, ds.y_test)] if ds.n_test else parts


def confusion_block(run: Trainer, ds: Dataset, playback: Playback | None = None) -> None:
    """Train and test confusion matrices, counts or row shares, and per-class P / R / F1.

    During a playback the browser plays, the matrices of each of its frames as one chart that
    plays with the others; the scores follow once it is over.
    """
    normalized = controls.draw(settings.BY_NAME["cm_normalized"], st)
    if playback is not None:  # each frame's predictions, made once for all frames
        classes = [playback.classes_each(X) for _, X, _ in _parts(ds)]
        playback.draw([frame_chart([(t("studio.fig.cm_title", part=t(f"studio.results.{part}"),
                                       n=len(y), epoch=shot.model_epoch),
                                     confusion_matrix(y, predicted[k], ds.n_classes))
                                    for (part, _, y), predicted in zip(_parts(ds), classes,
                                                                       strict=True)],
                                   ds.class_names, normalized)
                       for k, shot in enumerate(playback.shots)],
                      key="studio.confusion_chart", height=CONFUSION_HEIGHT)
        return
    columns = st.columns(len(_parts(ds)))
    for column, (part, X, y) in zip(columns, _parts(ds), strict=True):
        predicted = run.predict(X)  # the last part's (test) predictions make the report too
        counts = confusion_matrix(y, predicted, ds.n_classes)
        with column.container(key=f"studio.cm_{part}"):
            st.markdown(t("studio.results.cm_title", part=t(f"studio.results.{part}"), n=len(y),
                          epoch=run.model_epoch))
            styled_table.show(matrix_table(counts, ds.class_names, normalized))
    st.markdown(t("studio.results.report_title", part=t(f"studio.results.{part}")))
    # A plain table: a few rows need no grid, and a grid costs each browser as much as a figure.
    styled_table.show(report_of(counts, y, predicted, ds.class_names), hide_index=True)


# The results' tables and a playback's frames of them (ui/shared.py): building a table (pandas,
# then Arrow) costs a millisecond or two, a playback's 20 frames of charts as much. About 13 kB
# each kept, so the process keeps a few MB at most: a dozen runs' playbacks, their tables.
TABLES: Shared[StyledTable] = Shared(128)
CHARTS: Shared[dict] = Shared(256)


def matrix_table(counts: np.ndarray, class_names, normalized: bool) -> StyledTable:
    """The table of a confusion matrix of `counts` (n_classes, n_classes): the counts, or each
    row's shares when `normalized`."""
    key = ("matrix", language(), tuple(class_names), normalized, counts.shape, counts.tobytes())
    return TABLES.get(key, lambda: confusion_table(row_normalize(counts) if normalized else counts,
                                                   class_names, normalized))


def frame_chart(matrices: list[tuple[str, np.ndarray]], class_names,
                normalized: bool) -> dict:
    """One playback frame's confusion matrices as a chart (live_charts.confusion_chart) from
    their titles and counts; each row's shares when `normalized`."""
    key = ("chart", language(), tuple(class_names), normalized,
           tuple((title, counts.shape, counts.tobytes()) for title, counts in matrices))
    return CHARTS.get(key, lambda: confusion_chart(
        [(title, row_normalize(counts) if normalized else counts) for title, counts in matrices],
        class_names, normalized))


def report_of(counts: np.ndarray, y: np.ndarray, predicted: np.ndarray,
              class_names) -> StyledTable:
    """The per-class report table of `predicted` against `y`, whose confusion matrix is `counts`
    (which decides every score in it)."""
    key = ("report", language(), tuple(class_names), counts.shape, counts.tobytes())
    # st.table reads the class names as Markdown.
    return TABLES.get(key, lambda: report_table(per_class_report(y, predicted,
                                                                 plain_names(class_names))))


def report_table(report: pd.DataFrame) -> StyledTable:
    """The per-class report as shown: the exact scores its data, four decimals its text, its
    headers in the session's language."""
    write = {c: "{:.4f}".format if c in ("precision", "recall", "f1") else str
             for c in report.columns}
    text = [[write[c](v) for c, v in zip(report.columns, row, strict=True)]
            for row in report.itertuples(index=False)]
    headers = [t(f"studio.results.col_{c}") for c in report.columns]
    return StyledTable(report.set_axis(headers, axis="columns"), text)


def _raw(ds: Dataset, X: np.ndarray) -> np.ndarray:
    """Rows in the data's own units (undo the scaler), as a person would read them; hand-made
    features stay the values the model saw (the scaler covers the data's own columns only)."""
    if ds.scaler is None or not len(X):
        return X
    base = ds.n_base_features
    return np.concatenate([ds.scaler.inverse_transform(X[:, :base]), X[:, base:]], axis=1)


def mistakes_table(run: Trainer, ds: Dataset) -> pd.DataFrame:
    """Every misclassified sample: part, row, true and predicted class, P(predicted), features."""
    # st.dataframe shows text as it is: names need one line each, and distinct, so that a feature
    # named like a header (or like another feature, once shortened) keeps its own column.
    headers = [t(f"studio.results.col_{c}") for c in ("set", "row", "true", "predicted",
                                                      "p_predicted")]
    columns, classes = distinct([*headers, *data.input_names(ds)]), distinct(ds.class_names)
    rows = []
    for part, X, y in _parts(ds):
        proba = run.predict_proba(X)
        pred = proba.argmax(axis=1)
        wrong = np.flatnonzero(pred != y)
        raw = _raw(ds, X[wrong])
        for k, i in enumerate(wrong):
            rows.append(dict(zip(columns, [t(f"studio.results.{part}"), int(i), classes[y[i]],
                                           classes[pred[i]], float(proba[i, pred[i]]),
                                           *map(float, raw[k])], strict=True)))
    return pd.DataFrame(rows)


def mistakes_block(run: Trainer, ds: Dataset) -> None:
    if run.epoch == 0:
        # Nearly every guess of random weights is wrong: a list of them teaches nothing yet.
        st.markdown(t("studio.results.untrained"))
        return
    table = mistakes_table(run, ds)
    st.markdown(t("studio.results.mistakes", n=len(table)))
    if len(table):
        pictures_block(run, ds)
        st.dataframe(table, hide_index=True, height=min(400, 40 + 35 * len(table)))


MAX_PICTURES = 40  # a screenful: the table below lists them all
PICTURE_ZOOM = 8  # screen pixels per image pixel (an 8 x 8 digit drawn 64 px wide)
_PIXEL = re.compile(r"pixel_(\d+)_(\d+)")


def picture_shape(feature_names) -> tuple[int, int] | None:
    """(rows, columns) when the features are a picture's pixels row by row ("pixel_r_c", as
    Digits names its 8 x 8), else None."""
    cells = [_PIXEL.fullmatch(name) for name in feature_names]
    if not cells or not all(cells):
        return None
    rows, columns = (max(int(c.group(k)) for c in cells) + 1 for k in (1, 2))
    in_order = [(int(c.group(1)), int(c.group(2))) for c in cells]
    return (rows, columns) if in_order == [divmod(k, columns) for k in range(rows * columns)] \
        else None


def mistake_pictures(raw: np.ndarray, shape: tuple[int, int]) -> list[np.ndarray]:
    """Each row of raw pixel values as a grey picture, ink dark on white, enlarged.

    raw : (n, rows * columns) in the data's own units -> n arrays (rows * zoom, columns * zoom)
    uint8, one scale for all (the data's darkest value is black).
    """
    top = max(float(raw.max(initial=0.0)), 1e-12)
    ink = np.clip(raw / top, 0.0, 1.0).reshape(-1, *shape)
    grey = np.round(255 * (1 - ink)).astype(np.uint8)
    return [np.kron(g, np.ones((PICTURE_ZOOM, PICTURE_ZOOM), np.uint8)) for g in grey]


def pictures_block(run: Trainer, ds: Dataset) -> None:
    """Misclassified samples that are pictures (Digits), drawn as pictures: true -> predicted."""
    shape = picture_shape(ds.feature_names)
    if shape is None:
        return
    found = []
    for part, X, y in _parts(ds):
        pred = run.predict(X)
        found += [(X[i], y[i], pred[i], part) for i in np.flatnonzero(pred != y)]
    shown = found[:MAX_PICTURES]
    raw = _raw(ds, np.array([x for x, *_ in shown]))
    names = distinct(ds.class_names)  # an uploaded table's pixel columns bring its own labels
    captions = [t("studio.results.picture", true=names[true],
                  predicted=names[guess], part=t(f"studio.results.{part}"))
                for _, true, guess, part in shown]
    st.caption(t("studio.results.pictures", shown=len(shown), n=len(found)))
    with st.container(key="studio.mistake_pictures"):
        st.image(mistake_pictures(raw, shape), caption=captions,
                 width=shape[1] * PICTURE_ZOOM, output_format="PNG")  # JPEG would blur


def predict_block(run: Trainer, ds: Dataset) -> None:
    """Type a sample (or pick one) and see the softmax output for it."""
    x, label = sample_input(ds)
    proba = run.predict_proba(x)[0]
    presenter.chart(proba_bars(proba, ds.class_names), key="studio.proba_chart")
    classes = plain_names(ds.class_names)
    st.caption(t("studio.results.predicted", predicted=classes[int(proba.argmax())],
                 label=classes[int(label)]))


def sample_input(ds: Dataset) -> tuple[np.ndarray, object]:
    """A sample picked from the shown part, its features typed over in their own units (the
    data's own columns: its hand-made features are made from them).

    Returns the model's input x : (1, n_features) float32 (scaled as in training) and the picked
    row's label (its target, for a regression).
    """
    X, y = (ds.X_test, ds.y_test) if ds.n_test else (ds.X_train, ds.y_train)
    part = t("studio.results.test") if ds.n_test else t("studio.results.train")
    pick = st.number_input(t("studio.results.start_from", part=part), 0, len(X) - 1, step=1,
                           key="studio.sample_row")
    d = ds.n_base_features
    raw = _raw(ds, X[pick:pick + 1])[0, :d]
    if d <= MAX_SAMPLE_INPUTS:
        columns = st.columns(min(d, 4))
        raw = np.array([
            columns[i % len(columns)].number_input(name, value=float(raw[i]), format="%.4f",
                                                   key=f"studio.sample.{pick}.{i}")
            for i, name in enumerate(plain_names(ds.feature_names[:d]))])  # a label is Markdown
    else:
        st.caption(t("studio.results.too_many_features", n=d))
    x = raw[None, :]
    if ds.scaler is not None:
        x = ds.scaler.transform(x)  # the model was trained on scaled features
    return ds.with_made(x), y[pick]
